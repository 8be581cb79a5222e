package ai.crosslayer.command.provider.github;

import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.kernel.integration.GitHubRepository;
import ai.crosslayer.kernel.integration.SecretToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.kohsuke.github.GHRepository;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What GitHub holds for an authorized account: the repositories it can see and the files of a repository (read by a
 * plain request, whose path the github-api client would send unencoded, issue 12 item 1, and whose ETag it does not
 * expose).
 */
@Component
public class GitHubContents {

    /** Files larger than this are not read: a skill comes from a document, not from a data dump. */
    static final int MAX_FILE_BYTES = 1_000_000;

    private final GitHubHttp github;

    GitHubContents(GitHubHttp github) {
        this.github = github;
    }

    /** The repositories the token can see, as GitHub lists them for the authenticated user. */
    public List<GitHubRepository> repositories(SecretToken token) {
        try {
            List<GitHubRepository> repositories = new ArrayList<>();
            for (GHRepository repository : github.client(token).getMyself().listRepositories(100)) {
                repositories.add(new GitHubRepository(repository.getId(), repository.getFullName()));
            }
            return repositories;
        } catch (IOException e) {
            throw GitHubHttp.failure("GET /user/repos", e);
        } catch (RuntimeException e) {
            // The client's paging iterator wraps I/O failures in unchecked exceptions.
            if (e.getCause() instanceof IOException io) {
                throw GitHubHttp.failure("GET /user/repos", io);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(github.api("/repos/" + fullName + "/contents/" + RepositoryPaths.encoded(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + token.reveal())
                .GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> response = github.exchange(request.build(), "the contents request");
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
        JsonNode file = github.json(response.body(), "the contents request");
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
}
