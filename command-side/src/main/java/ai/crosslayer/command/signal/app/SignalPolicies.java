package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.signal.domain.SignalDeliveryPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The signal's rules, built from its settings: Axon hands them to the {@code Signal} aggregate's handlers. */
@Configuration(proxyBeanMethods = false)
class SignalPolicies {

    @Bean
    SignalDeliveryPolicy signalDeliveryPolicy(SignalSettings settings) {
        return new SignalDeliveryPolicy(settings.maxAttempts(), settings.retryBackoff());
    }
}
