package ai.crosslayer.command.web;

import ai.crosslayer.command.integration.app.IntegrationConnections;
import ai.crosslayer.command.integration.store.SlackWorkspaceTaken;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.slack.SlackSettings;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.support.SignInSettings;
import ai.crosslayer.command.web.Connections.Connected;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.integration.ConnectSlackWorkspaceCommand;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Installing the Slack app into a workspace (OAuth v2): {@code GET /slack/install} sends a signed-in admin
 * to Slack with exactly the bot's scopes; {@code GET /slack/oauth/callback} checks the state, exchanges the
 * code, checks the token with {@code auth.test}, and connects the workspace (or replaces its token, for a
 * reinstall). A workspace connected to another tenant is refused.
 */
@RestController
class SlackInstallRoutes {

    private static final Logger log = LoggerFactory.getLogger(SlackInstallRoutes.class);

    private final SlackSettings slack;
    private final SlackWebApi api;
    private final Connections connections;
    private final TokenVault vault;
    private final IntegrationConnections integrations;
    private final URI callback;
    private final Clock clock;

    SlackInstallRoutes(SlackSettings slack, SlackWebApi api, Connections connections, TokenVault vault,
                       IntegrationConnections integrations, SignInSettings signIn, Clock clock) {
        this.slack = slack;
        this.api = api;
        this.connections = connections;
        this.vault = vault;
        this.integrations = integrations;
        this.callback = signIn.publicUrl().resolve("/slack/oauth/callback");
        this.clock = clock;
    }

    @GetMapping("/slack/install")
    Mono<ResponseEntity<Void>> install(ServerWebExchange exchange) {
        return configured().then(connections.start(Provider.SLACK, exchange, state -> UriComponentsBuilder
                .fromUri(slack.authorizeUrl())
                .queryParam("client_id", slack.clientId())
                .queryParam("scope", String.join(",", SlackSettings.SCOPES))
                .queryParam("redirect_uri", callback)
                .queryParam("state", state)
                .encode().build().toUri()));
    }

    @GetMapping("/slack/oauth/callback")
    Mono<ResponseEntity<Void>> callback(@RequestParam(required = false) String code,
                                        @RequestParam(required = false) String state,
                                        @RequestParam(required = false) String error,
                                        ServerWebExchange exchange) {
        return configured().then(connections.finish(Provider.SLACK, exchange, code, state, error, this::connect));
    }

    private Connected connect(SignedInMember admin, String code) {
        SlackWebApi.Install install;
        try {
            install = api.install(code, callback);
        } catch (ProviderCallFailed e) {
            throw IntegrationProblem.providerFailed(e);
        }
        var holder = vault.holderOfSlackTeam(install.teamId());
        if (holder.isPresent() && !holder.get().tenantId().equals(admin.tenantId())) {
            log.warn("refused a Slack install of team {} into tenant {}: the team belongs to another tenant",
                    install.teamId(), admin.tenantId());
            throw taken(new SlackWorkspaceTaken());
        }
        IntegrationId integration = holder.map(TokenVault.SlackTeamHolder::integrationId)
                .orElseGet(() -> IntegrationId.of(UUID.randomUUID()));
        try {
            integrations.connect(admin.tenantId(), integration, Provider.SLACK, install.teamId(), install.token(),
                    new ConnectSlackWorkspaceCommand(admin.tenantId(), integration, install.teamId(),
                            Bounds.cut(install.teamName(), Bounds.NAME), install.botUserId(), install.scopes(),
                            install.token().fingerprint(), admin.userId(), clock.instant()),
                    admin.userId());
        } catch (SlackWorkspaceTaken e) {
            // Another tenant connected the same workspace a moment ago: the vault's unique index decided.
            throw taken(e);
        }
        return new Connected(integration, install.token().fingerprint());
    }

    private static IntegrationProblem taken(SlackWorkspaceTaken e) {
        return new IntegrationProblem(HttpStatus.CONFLICT, "Workspace already connected", e.getMessage());
    }

    private Mono<Void> configured() {
        return slack.installConfigured() ? Mono.empty() : Mono.error(new IntegrationProblem(
                HttpStatus.SERVICE_UNAVAILABLE, "Slack not configured",
                "Slack is not configured: set CROSSLAYER_SLACK_CLIENT_ID and CROSSLAYER_SLACK_CLIENT_SECRET."));
    }
}
