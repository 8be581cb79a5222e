package ai.crosslayer.command.provider.github;

import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.kernel.integration.SecretToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.kohsuke.github.GHMyself;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * GitHub's OAuth app: exchanging the callback's code for a user token (on the web host, not the API) and deleting a
 * token ({@code DELETE /applications/{client_id}/token}, which the github-api client does not offer).
 */
@Component
public class GitHubOAuth {

    /** Who authorized: GitHub's numeric user id and login, and their user token. */
    public record Authorization(long userId, String login, SecretToken token) {
    }

    private final GitHubHttp github;

    GitHubOAuth(GitHubHttp github) {
        this.github = github;
    }

    /** Exchanges the callback's code for a user token, and asks GitHub whose it is. */
    public Authorization authorize(String code, URI redirectUri) {
        String form = GitHubHttp.form(Map.of("client_id", github.settings.clientId(), "client_secret", github.settings.clientSecret(),
                "code", code, "redirect_uri", redirectUri.toString()));
        HttpRequest request = HttpRequest.newBuilder(github.settings.webUrl().resolve("/login/oauth/access_token"))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonNode answer = github.json(github.send(request, "the OAuth code exchange"), "the OAuth code exchange");
        if (answer.hasNonNull("error")) {
            // GitHub answers 200 with an error code, such as bad_verification_code for a used code.
            throw new ProviderCallFailed("GitHub refused the OAuth code (" + answer.get("error").asText() + ")");
        }
        if (!answer.hasNonNull("access_token")) {
            throw new ProviderCallFailed("GitHub's OAuth code exchange gave no token");
        }
        SecretToken token = new SecretToken(answer.get("access_token").asText());
        try {
            GHMyself me = github.client(token).getMyself();
            return new Authorization(me.getId(), me.getLogin(), token);
        } catch (IOException e) {
            throw GitHubHttp.failure("GET /user", e);
        }
    }

    /** Deletes the token at GitHub; a token GitHub no longer knows (404) is as good as deleted. */
    public void revoke(SecretToken token) {
        String basic = Base64.getEncoder().encodeToString(
                (github.settings.clientId() + ":" + github.settings.clientSecret()).getBytes(StandardCharsets.UTF_8));
        String body = github.jsonBody(Map.of("access_token", token.reveal()));
        HttpRequest request = HttpRequest.newBuilder(github.api("/applications/" + github.settings.clientId() + "/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = github.exchange(request, "the token deletion");
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new ProviderCallFailed("GitHub's token deletion answered HTTP " + response.statusCode());
        }
    }
}
