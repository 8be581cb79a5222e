package ai.crosslayer.ops.health;

import ai.crosslayer.command.provider.github.GitHubSettings;
import ai.crosslayer.command.provider.slack.SlackSettings;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health} components {@code slack} and {@code github}: {@code UP} when configured,
 * {@code UNKNOWN} ("not configured") when their settings are absent — an absent integration is reported, it
 * does not take the service down.
 */
@Configuration(proxyBeanMethods = false)
class IntegrationSettingsHealth {

    @Bean
    HealthIndicator slack(SlackSettings slack) {
        return () -> configured(slack.installConfigured() && slack.signingConfigured());
    }

    @Bean
    HealthIndicator github(GitHubSettings github) {
        return () -> configured(github.configured());
    }

    private static Health configured(boolean configured) {
        return (configured ? Health.up() : Health.unknown()).withDetail("configured", configured).build();
    }
}
