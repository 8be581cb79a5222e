package ai.crosslayer.ops.audit;

import ai.crosslayer.query.audit.AuditPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

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

    /**
     * {@code CROSSLAYER_AUDIT_WITNESS} (checked at start-up by CrossLayerSettings): an {@code https://} URL is
     * a webhook, anything else a directory; unset, checkpoints live in the database alone (and a warning says so).
     */
    @Bean
    AuditWitness auditWitness(@Value("${crosslayer.audit.witness:}") String witness) {
        if (witness.isEmpty()) {
            log.warn("CROSSLAYER_AUDIT_WITNESS is not set: audit checkpoints are kept in the database only, where "
                    + "whoever holds the database can delete them with the events they cover");
            return AuditWitness.none();
        }
        if (witness.startsWith("https://") || witness.startsWith("http://")) {
            return new AuditWitness.Webhook(URI.create(witness));
        }
        return new AuditWitness.Directory(Path.of(witness).toAbsolutePath().normalize());
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new TransactionTemplate(transactions);
    }
}
