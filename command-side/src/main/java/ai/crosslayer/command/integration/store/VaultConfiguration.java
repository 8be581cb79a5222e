package ai.crosslayer.command.integration.store;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    @Bean
    MasterKeys masterKeys(VaultSettings settings) {
        if (settings.masterKey() == null) {
            throw new IllegalStateException("CROSSLAYER_MASTER_KEY is missing: the token vault cannot seal tokens");
        }
        return new MasterKeys(settings.masterKey(), settings.previousMasterKeys());
    }
}
