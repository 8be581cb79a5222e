package ai.crosslayer.command.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * What signing in needs to know, shared by the routes, the sessions and the WorkOS client (so that none of
 * them reaches into another's package for it). Bound from {@code CROSSLAYER_*} variables (see application.yml);
 * presence and form are checked once at start-up, so a running service can trust them.
 *
 * @param publicUrl      the service's public base URL, for the WorkOS redirect URI
 * @param sessionKey     base64 of at least 32 random bytes that sign session cookies
 * @param sessionTtl     how long a session lasts
 * @param localProfile   whether the local (laptop) profile is active: dev sign-in, non-Secure cookies
 * @param workos         the WorkOS AuthKit settings; absent means WorkOS sign-in is not configured
 */
@ConfigurationProperties("crosslayer")
public record SignInSettings(
        URI publicUrl,
        String sessionKey,
        Duration sessionTtl,
        boolean localProfile,
        WorkOs workos) {

    public SignInSettings {
        sessionTtl = sessionTtl == null ? Duration.ofHours(12) : sessionTtl;
        workos = workos == null ? new WorkOs(null, null, null) : workos;
    }

    public record WorkOs(String apiKey, String clientId, URI apiUrl) {

        public WorkOs {
            apiUrl = apiUrl == null ? URI.create("https://api.workos.com") : apiUrl;
        }

        public boolean configured() {
            return apiKey != null && !apiKey.isBlank() && clientId != null && !clientId.isBlank();
        }
    }

    /** Where WorkOS sends a browser back with its sign-in code. */
    public URI callbackUri() {
        return publicUrl.resolve("/auth/callback");
    }
}
