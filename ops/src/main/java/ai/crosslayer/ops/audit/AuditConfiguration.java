package ai.crosslayer.ops.audit;

import ai.crosslayer.query.audit.AuditPublicKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration {

    @Bean
    AuditSigningKey auditSigningKey(@Value("${crosslayer.audit.signing-key}") String seed) {
        return new AuditSigningKey(seed);
    }

    @Bean
    AuditPublicKey auditPublicKey(AuditSigningKey key) {
        return key.publicKey();
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new TransactionTemplate(transactions);
    }
}
