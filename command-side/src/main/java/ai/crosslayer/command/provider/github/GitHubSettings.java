package ai.crosslayer.command.provider.github;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * The GitHub App's settings ({@code CROSSLAYER_GITHUB_*}): its OAuth client id and secret (user
 * authorization), the REST API's base and the web base that serves the OAuth pages (both pointed at a
 * local fake in tests).
 */
@ConfigurationProperties("crosslayer.github")
public record GitHubSettings(String clientId, String clientSecret, URI apiUrl, URI webUrl) {

    public GitHubSettings {
        apiUrl = apiUrl == null ? URI.create("https://api.github.com") : apiUrl;
        webUrl = webUrl == null ? URI.create("https://github.com") : webUrl;
    }

    public boolean configured() {
        return clientId != null && clientSecret != null;
    }

    @Override
    public String toString() {
        return "GitHubSettings[clientId=" + clientId + ", apiUrl=" + apiUrl + "]";
    }
}
