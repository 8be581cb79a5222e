package ai.crosslayer.command.provider.anthropic;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * Anthropic's Messages API ({@code CROSSLAYER_ANTHROPIC_*}): without an API key, extraction is "not
 * configured" and inbox rows wait (up to their maximum age) for it. Per tenant at most
 * {@code callsPerMinute} calls; at most {@code concurrentCalls} at once on a node; after repeated failures no
 * call for {@code breakerOpenFor}.
 */
@ConfigurationProperties("crosslayer.anthropic")
public record AnthropicSettings(String apiKey, URI baseUrl, String model, Duration timeout, int maxAttempts,
                                Duration firstBackoff, int callsPerMinute, int concurrentCalls, Duration breakerOpenFor) {

    public AnthropicSettings {
        baseUrl = baseUrl == null ? URI.create("https://api.anthropic.com") : baseUrl;
        model = model == null || model.isBlank() ? "claude-sonnet-4-5" : model;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        maxAttempts = maxAttempts <= 0 ? 4 : maxAttempts;
        firstBackoff = firstBackoff == null ? Duration.ofSeconds(2) : firstBackoff;
        callsPerMinute = callsPerMinute <= 0 ? 30 : callsPerMinute;
        concurrentCalls = concurrentCalls <= 0 ? 4 : concurrentCalls;
        breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(30) : breakerOpenFor;
    }

    public boolean configured() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "AnthropicSettings[baseUrl=" + baseUrl + ", model=" + model + "]";
    }
}
