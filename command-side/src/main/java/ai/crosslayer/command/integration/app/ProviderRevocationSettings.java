package ai.crosslayer.command.integration.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How hard CrossLayer tries to make a provider revoke a disconnected integration's token
 * ({@code crosslayer.provider-revocation.*}): up to {@code maxAttempts} calls, waiting
 * {@code firstBackoff}, then twice as long each time.
 */
@ConfigurationProperties("crosslayer.provider-revocation")
public record ProviderRevocationSettings(int maxAttempts, Duration firstBackoff) {

    public ProviderRevocationSettings {
        maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        firstBackoff = firstBackoff == null ? Duration.ofSeconds(1) : firstBackoff;
    }
}
