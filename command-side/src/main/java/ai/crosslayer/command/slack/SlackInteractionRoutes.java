package ai.crosslayer.command.slack;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.signal.app.SignalCards;
import ai.crosslayer.command.skill.app.SkillCards;
import ai.crosslayer.command.skill.domain.SkillDecisionPolicy;
import ai.crosslayer.command.skill.domain.SkillNotFound;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.signal.AcknowledgeSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.RefuseSkillDecisionCommand;
import ai.crosslayer.kernel.skill.SkillDecision;
import ai.crosslayer.kernel.skill.SkillId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /slack/interactions}: a press of Approve or Discard on a skill's card (a signed
 * {@code block_actions}, form-encoded as {@code payload=<json>}). The press confirms or discards the skill as
 * that Slack user, if the tenant's policy lets them decide (else the press is refused, recorded, and the user
 * told privately); the first decision stands, a second press changes nothing. The card is then updated to
 * show the outcome and who decided, after the 200.
 */
@RestController
class SlackInteractionRoutes {

    private static final Logger log = LoggerFactory.getLogger(SlackInteractionRoutes.class);

    private final SlackRequests requests;
    private final TokenVault vault;
    private final SlackWebApi slack;
    private final CommandGateway commands;
    private final Governance governance;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    SlackInteractionRoutes(SlackRequests requests, TokenVault vault, SlackWebApi slack, CommandGateway commands,
                           Governance governance, Clock clock) {
        this.requests = requests;
        this.governance = governance;
        this.vault = vault;
        this.slack = slack;
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/slack/interactions")
    Mono<ResponseEntity<Void>> interactions(ServerWebExchange exchange) {
        return requests.verifiedBody(exchange)
                .map(body -> payload(SlackRequests.form(body).get("payload")))
                .flatMap(payload -> Mono.fromRunnable(() -> press(payload)).subscribeOn(Schedulers.boundedElastic()))
                .thenReturn(ResponseEntity.ok().build());
    }

    private void press(JsonNode payload) {
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asText();
        if ("block_actions".equals(payload.path("type").asText()) && SignalCards.ACKNOWLEDGE.equals(actionId)) {
            acknowledge(payload, action);
            return;
        }
        if (!"block_actions".equals(payload.path("type").asText())
                || !(SkillCards.APPROVE.equals(actionId) || SkillCards.DISCARD.equals(actionId))) {
            return;
        }
        String teamId = payload.path("team").path("id").asText();
        Optional<SkillId> skill = SkillId.parse(action.path("value").asText());
        var holder = vault.holderOfSlackTeam(teamId);
        if (holder.isEmpty() || skill.isEmpty()) {
            log.info("a card press from team {} names no skill of a connected workspace: nothing done", teamId);
            return;
        }
        TenantId tenant = holder.get().tenantId();
        String userId = payload.path("user").path("id").asText();
        Optional<SecretToken> token = TenantScope.call(tenant, () -> vault.open(tenant, holder.get().integrationId()));
        String name = token.map(t -> displayName(t, teamId, userId)).orElse(userId);
        boolean approve = SkillCards.APPROVE.equals(actionId);
        String channel = payload.path("container").path("channel_id").asText(payload.path("channel").path("id").asText());
        GovernanceSettings policy = governance.of(tenant);
        boolean workspaceAdmin = token.map(t -> isAdmin(t, teamId, userId)).orElse(false);
        Optional<String> refused = SkillDecisionPolicy.refusal(policy, userId, workspaceAdmin);
        if (refused.isPresent()) {
            String reason = refused.get();
            try {
                TenantScope.run(tenant, () -> commands.sendAndWait(new RefuseSkillDecisionCommand(tenant, skill.get(), userId,
                        approve, reason, clock.instant()), AuditContext.of(tenant, userId, Source.SLACK)));
            } catch (SkillNotFound | AggregateNotFoundException e) {
                return;
            }
            token.ifPresent(t -> whisper(t, channel, userId, "Sorry, " + reason + " here. Your press was not counted."));
            return;
        }
        SkillDecision decision;
        try {
            decision = TenantScope.call(tenant, () -> commands.sendAndWait(new DecideSkillCommand(tenant, skill.get(),
                    approve, userId, name, clock.instant()), AuditContext.of(tenant, userId, Source.SLACK)));
        } catch (SkillNotFound | AggregateNotFoundException e) {
            log.warn("a card press of team {} names skill {}, which tenant {} does not have", teamId, skill.get(), tenant);
            return;
        }
        String cardTs = payload.path("container").path("message_ts").asText();
        if (token.isPresent() && !cardTs.isEmpty() && decision != null) {
            SkillDecision shown = decision;
            Mono.fromRunnable(() -> slack.update(token.get(), channel, cardTs, SkillCards.fallback(shown.skill()),
                            SkillCards.decided(shown)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnError(e -> log.warn("could not update the card of skill {}: {}", skill.get(), e.getMessage()))
                    .onErrorComplete()
                    .subscribe();
        }
    }

    /** A press of Acknowledge on a signal: the first counts, and the card then says who acknowledged it. */
    private void acknowledge(JsonNode payload, JsonNode action) {
        String teamId = payload.path("team").path("id").asText();
        Optional<SignalId> signal = SignalId.parse(action.path("value").asText());
        var holder = vault.holderOfSlackTeam(teamId);
        if (holder.isEmpty() || signal.isEmpty()) {
            return;
        }
        TenantId tenant = holder.get().tenantId();
        String userId = payload.path("user").path("id").asText();
        boolean first;
        try {
            first = TenantScope.call(tenant, () -> Boolean.TRUE.equals(commands.sendAndWait(
                    new AcknowledgeSignalCommand(tenant, signal.get(), userId, clock.instant()),
                    AuditContext.of(tenant, userId, Source.SLACK))));
        } catch (IllegalArgumentException | AggregateNotFoundException e) {
            log.warn("an Acknowledge press of team {} names signal {}, which tenant {} does not have", teamId, signal.get(), tenant);
            return;
        }
        String channel = payload.path("container").path("channel_id").asText();
        String ts = payload.path("container").path("message_ts").asText();
        String text = payload.path("message").path("text").asText("");
        if (first && !ts.isEmpty()) {
            TenantScope.call(tenant, () -> vault.open(tenant, holder.get().integrationId())).ifPresent(token -> {
                try {
                    slack.update(token, channel, ts, text, SignalCards.acknowledged(text, userId));
                } catch (ProviderCallFailed e) {
                    log.info("could not update the card of signal {}: {}", signal.get(), e.getMessage());
                }
            });
        }
    }

    /** Whether Slack calls the presser a workspace admin; if Slack cannot say, they are not treated as one. */
    private boolean isAdmin(SecretToken token, String teamId, String userId) {
        try {
            return slack.isWorkspaceAdmin(token, teamId, userId);
        } catch (ProviderCallFailed e) {
            log.info("users.info failed ({}); {} is not treated as a workspace admin", e.getMessage(), userId);
            return false;
        }
    }

    private void whisper(SecretToken token, String channel, String userId, String text) {
        try {
            slack.whisper(token, channel, userId, text);
        } catch (ProviderCallFailed e) {
            log.info("could not tell {} their press was refused: {}", userId, e.getMessage());
        }
    }

    private String displayName(SecretToken token, String teamId, String userId) {
        try {
            return Bounds.cut(slack.displayName(token, teamId, userId), Bounds.NAME);
        } catch (ProviderCallFailed e) {
            log.info("users.info failed ({}); the decision names {} by id", e.getMessage(), userId);
            return userId;
        }
    }

    private JsonNode payload(String text) {
        try {
            JsonNode node = text == null ? null : json.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            throw SlackRequests.badRequest("The interaction's 'payload' is not JSON.");
        }
        throw SlackRequests.badRequest("An interaction carries a form field 'payload' holding a JSON object.");
    }
}
