package ai.crosslayer.command.provider.workos;

import ai.crosslayer.command.support.SignInSettings;

import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * WorkOS AuthKit over its HTTP API: the authorize redirect and the code exchange
 * ({@code POST /user_management/authenticate}). Only what WorkOS answers to our own API key becomes a
 * {@link VerifiedIdentity}; what it refuses ends in {@link WorkOsRefusedSignIn}, which the sign-in route turns into
 * problem details.
 */
@Component
public class WorkOsAuthKit {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SignInSettings settings;
    private final WebClient http;

    public WorkOsAuthKit(SignInSettings settings, WebClient.Builder http) {
        this.settings = settings;
        this.http = http.baseUrl(settings.workos().apiUrl().toString()).build();
    }

    public boolean configured() {
        return settings.workos().configured();
    }

    public URI authorizeUrl(String state) {
        return UriComponentsBuilder.fromUri(settings.workos().apiUrl())
                .path("/user_management/authorize")
                .queryParam("response_type", "code")
                .queryParam("provider", "authkit")
                .queryParam("client_id", settings.workos().clientId())
                .queryParam("redirect_uri", settings.callbackUri())
                .queryParam("state", state)
                .encode().build().toUri();
    }

    /** Exchanges an authorization code; a code WorkOS does not accept ends in {@link WorkOsRefusedSignIn}. */
    public Mono<VerifiedIdentity> authenticate(String code) {
        return http.post().uri("/user_management/authenticate")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "client_id", settings.workos().clientId(),
                        "client_secret", settings.workos().apiKey(),
                        "grant_type", "authorization_code",
                        "code", code))
                .retrieve()
                .bodyToMono(Authentication.class)
                .timeout(TIMEOUT)
                .map(Authentication::identity)
                .onErrorMap(WebClientResponseException.class, WorkOsAuthKit::explain);
    }

    private static Throwable explain(WebClientResponseException e) {
        if (e.getStatusCode().is4xxClientError()) {
            return new WorkOsRefusedSignIn(WorkOsRefusedSignIn.Blame.SIGN_IN,
                    "WorkOS did not accept the sign-in code (it is unknown, used or expired). Sign in again.");
        }
        return new WorkOsRefusedSignIn(WorkOsRefusedSignIn.Blame.WORKOS,
                "WorkOS could not complete the sign-in (HTTP " + e.getStatusCode().value() + "). Try again shortly.");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Authentication(User user, @JsonProperty("organization_id") String organizationId) {

        VerifiedIdentity identity() {
            if (user == null) {
                throw new WorkOsRefusedSignIn(WorkOsRefusedSignIn.Blame.WORKOS, "WorkOS answered without a user. Try again shortly.");
            }
            if (!VerifiedIdentity.isWellFormedEmail(user.email())) {
                throw new WorkOsRefusedSignIn(WorkOsRefusedSignIn.Blame.SIGN_IN,
                        "The identity provider gave an email address that is not well formed; ask your administrator to fix the account.");
            }
            return new VerifiedIdentity(user.id(), user.email(), user.emailVerified(), organizationId, SignInMethod.WORKOS);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(String id, String email, @JsonProperty("email_verified") boolean emailVerified) {
    }
}
