package ai.crosslayer.command.provider.github;

import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.kernel.integration.GitHubRepository;
import ai.crosslayer.kernel.integration.SecretToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kohsuke.github.GHMyself;
import org.kohsuke.github.GHRepository;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GitHub for integrations. The REST calls go through the github-api client pointed at
 * {@code crosslayer.github.api-url}; three are plain HTTPS requests in GitHub's documented format: exchanging
 * an OAuth code (on the web host, not the API) and deleting a token ({@code DELETE /applications/{client_id}/token}),
 * which the client does not offer, and reading a file, whose path the client would send unencoded (issue 12,
 * item 1) and whose ETag it does not expose. Failures are {@link ProviderCallFailed}, never with a token.
 */
@Component
public class GitHubApi {

    /** Files larger than this are not read: a skill comes from a document, not from a data dump. */
    static final int MAX_FILE_BYTES = 1_000_000;

    /** Who authorized: GitHub's numeric user id and login, and their user token. */
    public record Authorization(long userId, String login, SecretToken token) {
    }

    private final GitHubSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public GitHubApi(GitHubSettings settings) {
        this.settings = settings;
    }

    /** Exchanges the callback's code for a user token, and asks GitHub whose it is. */
    public Authorization authorize(String code, URI redirectUri) {
        String form = form(Map.of("client_id", settings.clientId(), "client_secret", settings.clientSecret(),
                "code", code, "redirect_uri", redirectUri.toString()));
        HttpRequest request = HttpRequest.newBuilder(settings.webUrl().resolve("/login/oauth/access_token"))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonNode answer = json(send(request, "the OAuth code exchange"), "the OAuth code exchange");
        if (answer.hasNonNull("error")) {
            // GitHub answers 200 with an error code, such as bad_verification_code for a used code.
            throw new ProviderCallFailed("GitHub refused the OAuth code (" + answer.get("error").asText() + ")");
        }
        if (!answer.hasNonNull("access_token")) {
            throw new ProviderCallFailed("GitHub's OAuth code exchange gave no token");
        }
        SecretToken token = new SecretToken(answer.get("access_token").asText());
        try {
            GHMyself me = client(token).getMyself();
            return new Authorization(me.getId(), me.getLogin(), token);
        } catch (IOException e) {
            throw failure("GET /user", e);
        }
    }

    /** The repositories the token can see, as GitHub lists them for the authenticated user. */
    public List<GitHubRepository> repositories(SecretToken token) {
        try {
            List<GitHubRepository> repositories = new ArrayList<>();
            for (GHRepository repository : client(token).getMyself().listRepositories(100)) {
                repositories.add(new GitHubRepository(repository.getId(), repository.getFullName()));
            }
            return repositories;
        } catch (IOException e) {
            throw failure("GET /user/repos", e);
        } catch (RuntimeException e) {
            // The client's paging iterator wraps I/O failures in unchecked exceptions.
            if (e.getCause() instanceof IOException io) {
                throw failure("GET /user/repos", io);
            }
            throw e;
        }
    }

    /** The text of a file of {@code fullName} (default branch); empty when GitHub has no such file. */
    public Optional<String> readFile(SecretToken token, String fullName, String path) {
        return fileVersion(token, fullName, path, null).map(FileVersion::text);
    }

    /** A file as GitHub serves it: blob sha, the ETag for conditional requests, its page, and its text. */
    public record FileVersion(String sha, String etag, String htmlUrl, String text) {
    }

    /**
     * {@code GET /repos/{owner}/{repo}/contents/{path}}, conditional on {@code etag} when given: empty when
     * the file is unchanged (304, which does not count against GitHub's rate limit), gone (404) or not a file.
     * When the rate limit is spent, says so instead of calling again. The repository's name and the path are
     * checked ({@link RepositoryPaths}) and the path's segments percent-encoded, so that the request names a file
     * of that repository and nothing else; the default branch is read ({@code ref} is never taken from a path).
     */
    public Optional<FileVersion> fileVersion(SecretToken token, String fullName, String path, String etag) {
        if (!RepositoryPaths.isRepositoryName(fullName) || RepositoryPaths.problem(path).isPresent()) {
            throw new IllegalArgumentException("not a file of a repository: refused before calling GitHub");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(api("/repos/" + fullName + "/contents/" + RepositoryPaths.encoded(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + token.reveal())
                .GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> response = exchange(request.build(), "the contents request");
        if (response.statusCode() == 304 || response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() == 403 && "0".equals(response.headers().firstValue("X-RateLimit-Remaining").orElse(""))) {
            throw new ProviderCallFailed("GitHub's rate limit is spent until " + response.headers()
                    .firstValue("X-RateLimit-Reset").orElse("its reset"));
        }
        if (response.statusCode() / 100 != 2) {
            throw new ProviderCallFailed("GitHub's contents request answered HTTP " + response.statusCode());
        }
        JsonNode file = json(response.body(), "the contents request");
        if (!"file".equals(file.path("type").asText())) {
            return Optional.empty(); // a directory (GitHub lists it) or a submodule: no file to read
        }
        if (file.path("size").asLong() > MAX_FILE_BYTES) {
            throw new ProviderCallFailed("The file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        String text = new String(Base64.getMimeDecoder().decode(file.path("content").asText("")), StandardCharsets.UTF_8);
        return Optional.of(new FileVersion(file.path("sha").asText(), response.headers().firstValue("ETag").orElse(null),
                file.path("html_url").asText(null), text));
    }

    /** Deletes the token at GitHub; a token GitHub no longer knows (404) is as good as deleted. */
    public void revoke(SecretToken token) {
        String basic = Base64.getEncoder().encodeToString(
                (settings.clientId() + ":" + settings.clientSecret()).getBytes(StandardCharsets.UTF_8));
        String body;
        try {
            body = json.writeValueAsString(Map.of("access_token", token.reveal()));
        } catch (IOException e) {
            throw new IllegalStateException("could not write a JSON body", e);
        }
        HttpRequest request = HttpRequest.newBuilder(api("/applications/" + settings.clientId() + "/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = exchange(request, "the token deletion");
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new ProviderCallFailed("GitHub's token deletion answered HTTP " + response.statusCode());
        }
    }

    private GitHub client(SecretToken token) throws IOException {
        return new GitHubBuilder().withEndpoint(settings.apiUrl().toString()).withOAuthToken(token.reveal()).build();
    }

    private URI api(String path) {
        String base = settings.apiUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private String send(HttpRequest request, String what) {
        HttpResponse<String> response = exchange(request, what);
        if (response.statusCode() / 100 != 2) {
            throw new ProviderCallFailed("GitHub's " + what + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderCallFailed("GitHub could not be reached for " + what + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderCallFailed("Interrupted while calling GitHub for " + what);
        }
    }

    private JsonNode json(String body, String what) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new ProviderCallFailed("GitHub's " + what + " answered something that is not JSON");
        }
    }

    private static ProviderCallFailed failure(String call, IOException e) {
        if (e instanceof HttpException http) {
            return new ProviderCallFailed("GitHub's " + call + " answered HTTP " + http.getResponseCode());
        }
        return new ProviderCallFailed("GitHub's " + call + " failed (" + e.getClass().getSimpleName() + ")");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
