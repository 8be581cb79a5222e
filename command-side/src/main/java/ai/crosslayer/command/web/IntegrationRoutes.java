package ai.crosslayer.command.web;

import ai.crosslayer.command.integration.app.GitHubFiles;
import ai.crosslayer.command.integration.app.Revocations;
import ai.crosslayer.command.integration.domain.IntegrationNotFound;
import ai.crosslayer.command.integration.store.MasterKeyRetired;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.github.GitHubContents;
import ai.crosslayer.command.provider.github.RepositoryPaths;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.GitHubRepository;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationView;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.integration.SelectGitHubRepositoriesCommand;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admin's actions on integrations: disconnect ({@code DELETE /api/integrations/{id}}, the token
 * deleted before the response), and for GitHub, the repositories CrossLayer may read and a file of one.
 */
@RestController
class IntegrationRoutes {

    /**
     * A repository file is served as plain text to download, whatever its name says (an {@code .html} or
     * {@code .svg} of a repository must never run as a page of ours; issue 12 item 6).
     */
    private static final MediaType REPOSITORY_FILE = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    /** The body of {@code PUT /api/integrations/{id}/repositories}: {@code owner/name} of each repository. */
    record RepositorySelection(List<String> repositories) {
    }

    /** A repository the account can see, and whether CrossLayer may read it. */
    record RepositoryChoice(long id, String fullName, boolean connected) {
    }

    private final Admins admins;
    private final Revocations revocations;
    private final CommandGateway commands;
    private final GitHubFiles files;
    private final GitHubContents github;
    private final Clock clock;

    IntegrationRoutes(Admins admins, Revocations revocations, CommandGateway commands, GitHubFiles files,
                      GitHubContents github, Clock clock) {
        this.admins = admins;
        this.revocations = revocations;
        this.commands = commands;
        this.files = files;
        this.github = github;
        this.clock = clock;
    }

    /** Revokes the integration: 204 once its token is deleted (also when it already was). */
    @DeleteMapping("/api/integrations/{id}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable String id, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> blocking(() -> {
            IntegrationId integration = IntegrationId.parse(id).orElseThrow(IntegrationProblem::notFound);
            found(() -> revocations.revoke(admin.tenantId(), integration, RevocationReason.DISCONNECTED_BY_ADMIN,
                    admin.userId(), Source.DASHBOARD));
            return ResponseEntity.noContent().<Void>build();
        }));
    }

    @GetMapping("/api/integrations/{id}/repositories")
    Mono<List<RepositoryChoice>> repositories(@PathVariable String id, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> blocking(() -> {
            IntegrationId integration = IntegrationId.parse(id).orElseThrow(IntegrationProblem::notFound);
            IntegrationView view = found(() -> files.connectedGitHub(admin.tenantId(), integration));
            return visible(admin, integration).stream()
                    .map(r -> new RepositoryChoice(r.id(), r.fullName(), view.repositories().contains(r.fullName())))
                    .toList();
        }));
    }

    @PutMapping("/api/integrations/{id}/repositories")
    Mono<ResponseEntity<Void>> selectRepositories(@PathVariable String id, @RequestBody Mono<RepositorySelection> body,
                                                  ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> body
                .switchIfEmpty(Mono.error(() -> badSelection("The body is missing.")))
                .flatMap(selection -> blocking(() -> {
                    if (selection.repositories() == null) {
                        throw badSelection("Field 'repositories' is missing.");
                    }
                    IntegrationId integration = IntegrationId.parse(id).orElseThrow(IntegrationProblem::notFound);
                    found(() -> files.connectedGitHub(admin.tenantId(), integration));
                    Map<String, GitHubRepository> visible = visible(admin, integration).stream()
                            .collect(Collectors.toMap(r -> r.fullName().toLowerCase(), Function.identity(), (a, b) -> a));
                    List<GitHubRepository> chosen = new ArrayList<>();
                    for (String name : selection.repositories()) {
                        GitHubRepository repository = visible.get(String.valueOf(name).toLowerCase());
                        if (repository == null) {
                            throw badSelection("'" + name + "' is not a repository this GitHub account can see "
                                    + "(GET /api/integrations/" + id + "/repositories lists them).");
                        }
                        chosen.add(repository);
                    }
                    send(admin, new SelectGitHubRepositoriesCommand(admin.tenantId(), integration, chosen,
                            admin.userId(), clock.instant()));
                    return ResponseEntity.noContent().<Void>build();
                })));
    }

    /**
     * The text of a file of a connected repository: {@code ?path=docs/runbook.md}, a path inside the repository
     * ({@link RepositoryPaths}: anything that could leave it is 400 before GitHub is asked).
     */
    @GetMapping("/api/integrations/{id}/repositories/{owner}/{name}/file")
    Mono<ResponseEntity<String>> file(@PathVariable String id, @PathVariable String owner, @PathVariable String name,
                                      @RequestParam(required = false) String path, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> blocking(() -> {
            IntegrationId integration = IntegrationId.parse(id).orElseThrow(IntegrationProblem::notFound);
            // Checked before anything is asked: the path must not leave the repository or add to GitHub's URL.
            String fullName = owner + "/" + name;
            if (!RepositoryPaths.isRepositoryName(fullName)) {
                throw new IntegrationProblem(HttpStatus.BAD_REQUEST, "Bad file request",
                        "The repository must be named owner/name (letters, digits, '-', '_' and '.').");
            }
            RepositoryPaths.problem(path).ifPresent(problem -> {
                throw new IntegrationProblem(HttpStatus.BAD_REQUEST, "Bad file request",
                        "Query parameter 'path': " + problem);
            });
            try {
                return found(() -> files.read(admin.tenantId(), integration, fullName, path))
                        .map(text -> ResponseEntity.ok().contentType(REPOSITORY_FILE)
                                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                        .filename(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8)
                                        .build().toString())
                                .body(text))
                        .orElseThrow(() -> new IntegrationProblem(HttpStatus.NOT_FOUND, "Not Found",
                                "Repository " + fullName + " has no file " + path + "."));
            } catch (MasterKeyRetired e) {
                throw new IntegrationProblem(HttpStatus.CONFLICT, "Token sealed under a retired key",
                        "This integration's token cannot be opened: " + e.getMessage());
            } catch (GitHubFiles.RepositoryNotConnected e) {
                throw new IntegrationProblem(HttpStatus.FORBIDDEN, "Repository not connected", e.getMessage());
            } catch (ProviderCallFailed e) {
                throw new IntegrationProblem(HttpStatus.BAD_GATEWAY, "Provider call failed", e.getMessage() + ".");
            }
        }));
    }

    private List<GitHubRepository> visible(SignedInMember admin, IntegrationId integration) {
        try {
            return github.repositories(files.token(admin.tenantId(), integration));
        } catch (ProviderCallFailed e) {
            throw new IntegrationProblem(HttpStatus.BAD_GATEWAY, "Provider call failed", e.getMessage() + ".");
        }
    }

    private void send(SignedInMember admin, Object command) {
        found(() -> TenantScope.call(admin.tenantId(), () -> commands.sendAndWait(command,
                AuditContext.of(admin.tenantId(), admin.userId(), Source.DASHBOARD))));
    }

    /** Runs {@code work}, answering 404 for an integration that is not the caller's (or not at all). */
    private static <T> T found(Callable<T> work) {
        try {
            return work.call();
        } catch (IntegrationNotFound | AggregateNotFoundException e) {
            throw IntegrationProblem.notFound();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static IntegrationProblem badSelection(String detail) {
        return new IntegrationProblem(HttpStatus.BAD_REQUEST, "Bad repository selection",
                detail + " Send {\"repositories\": [\"owner/name\", ...]}.");
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
