package ai.crosslayer.command.provider.github;

import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.kernel.integration.SecretToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How this service speaks to GitHub, said once for {@link GitHubOAuth} and {@link GitHubContents}: the github-api
 * client pointed at {@code crosslayer.github.api-url}, plain HTTPS requests for what that client does not offer, and
 * failures as {@link ProviderCallFailed}, never with a token.
 */
@Component
class GitHubHttp {

    final GitHubSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    GitHubHttp(GitHubSettings settings) {
        this.settings = settings;
    }

    /** A JSON body of {@code fields}. */
    String jsonBody(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalStateException("could not write a JSON body", e);
        }
    }

    GitHub client(SecretToken token) throws IOException {
        return new GitHubBuilder().withEndpoint(settings.apiUrl().toString()).withOAuthToken(token.reveal()).build();
    }

    URI api(String path) {
        String base = settings.apiUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    String send(HttpRequest request, String what) {
        HttpResponse<String> response = exchange(request, what);
        if (response.statusCode() / 100 != 2) {
            throw new ProviderCallFailed("GitHub's " + what + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    HttpResponse<String> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderCallFailed("GitHub could not be reached for " + what + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderCallFailed("Interrupted while calling GitHub for " + what);
        }
    }

    JsonNode json(String body, String what) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new ProviderCallFailed("GitHub's " + what + " answered something that is not JSON");
        }
    }

    static ProviderCallFailed failure(String call, IOException e) {
        if (e instanceof HttpException http) {
            return new ProviderCallFailed("GitHub's " + call + " answered HTTP " + http.getResponseCode());
        }
        return new ProviderCallFailed("GitHub's " + call + " failed (" + e.getClass().getSimpleName() + ")");
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
