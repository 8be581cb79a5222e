package ai.crosslayer.ops.audit;

import ai.crosslayer.query.audit.AuditPublicKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Arrays;
import java.util.Base64;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration {

    @Bean
    AuditSigningKey auditSigningKey(@Value("${crosslayer.audit.signing-key}") String seed) {
        return new AuditSigningKey(seed);
    }

    /** The current key and the retired ones (CROSSLAYER_AUDIT_RETIRED_PUBLIC_KEYS), which verify older checkpoints. */
    @Bean
    AuditPublicKey auditPublicKey(AuditSigningKey key, @Value("${crosslayer.audit.retired-public-keys:}") String retired) {
        return key.publicKey().withRetired(Arrays.stream(retired.split(",")).map(String::trim)
                .filter(k -> !k.isEmpty()).map(Base64.getDecoder()::decode).toList());
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new TransactionTemplate(transactions);
    }
}
