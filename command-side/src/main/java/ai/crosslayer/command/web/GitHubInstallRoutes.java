package ai.crosslayer.command.web;

import ai.crosslayer.command.integration.app.IntegrationConnections;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.github.GitHubOAuth;
import ai.crosslayer.command.provider.github.GitHubSettings;
import ai.crosslayer.command.support.SignInSettings;
import ai.crosslayer.command.web.Connections.Connected;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.ConnectGitHubAccountCommand;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

/**
 * Connecting a GitHub account through CrossLayer's GitHub App (user authorization, OAuth):
 * {@code GET /github/install} sends a signed-in admin to GitHub; {@code GET /github/oauth/callback}
 * checks the state, exchanges the code and connects the account. What the token may do is set by the
 * app's permissions (Contents: read, Metadata: read), not by OAuth scopes; which repositories CrossLayer
 * reads is then the admin's pick ({@code PUT /api/integrations/{id}/repositories}).
 */
@RestController
class GitHubInstallRoutes {

    private final GitHubSettings github;
    private final GitHubOAuth api;
    private final Connections connections;
    private final TokenVault vault;
    private final IntegrationConnections integrations;
    private final URI callback;
    private final Clock clock;

    GitHubInstallRoutes(GitHubSettings github, GitHubOAuth api, Connections connections, TokenVault vault,
                        IntegrationConnections integrations, SignInSettings signIn, Clock clock) {
        this.github = github;
        this.api = api;
        this.connections = connections;
        this.vault = vault;
        this.integrations = integrations;
        this.callback = signIn.publicUrl().resolve("/github/oauth/callback");
        this.clock = clock;
    }

    @GetMapping("/github/install")
    Mono<ResponseEntity<Void>> install(ServerWebExchange exchange) {
        return configured().then(connections.start(Provider.GITHUB, exchange, state -> UriComponentsBuilder
                .fromUri(github.webUrl()).path("/login/oauth/authorize")
                .queryParam("client_id", github.clientId())
                .queryParam("redirect_uri", callback)
                .queryParam("state", state)
                .encode().build().toUri()));
    }

    @GetMapping("/github/oauth/callback")
    Mono<ResponseEntity<Void>> callback(@RequestParam(required = false) String code,
                                        @RequestParam(required = false) String state,
                                        @RequestParam(required = false) String error,
                                        ServerWebExchange exchange) {
        return configured().then(connections.finish(Provider.GITHUB, exchange, code, state, error, this::connect));
    }

    private Connected connect(SignedInMember admin, String code) {
        GitHubOAuth.Authorization authorization;
        try {
            authorization = api.authorize(code, callback);
        } catch (ProviderCallFailed e) {
            throw IntegrationProblem.providerFailed(e);
        }
        IntegrationId integration = TenantScope.call(admin.tenantId(), () -> vault.integrationOf(admin.tenantId(),
                        Provider.GITHUB, String.valueOf(authorization.userId())))
                .orElseGet(() -> IntegrationId.of(UUID.randomUUID()));
        integrations.connect(admin.tenantId(), integration, Provider.GITHUB, String.valueOf(authorization.userId()),
                authorization.token(), new ConnectGitHubAccountCommand(admin.tenantId(), integration,
                        authorization.userId(), authorization.login(), authorization.token().fingerprint(),
                        admin.userId(), clock.instant()),
                admin.userId());
        return new Connected(integration, authorization.token().fingerprint());
    }

    private Mono<Void> configured() {
        return github.configured() ? Mono.empty() : Mono.error(new IntegrationProblem(
                HttpStatus.SERVICE_UNAVAILABLE, "GitHub not configured",
                "GitHub is not configured: set CROSSLAYER_GITHUB_CLIENT_ID and CROSSLAYER_GITHUB_CLIENT_SECRET."));
    }
}
