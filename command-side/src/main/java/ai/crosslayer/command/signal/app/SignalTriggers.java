package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.IntegrationRevoked;
import ai.crosslayer.kernel.integration.ProviderRevocationFailed;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.skill.FindSkillsQuery;
import ai.crosslayer.kernel.skill.SkillExtracted;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.skill.SkillView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Raises signals from what happens: an integration whose token the provider revoked first, or whose
 * revocation the provider would not confirm (integration health, to the policy's signal channel); a new
 * skill that overlaps a confirmed one (conflict, in the new skill's thread, for its approvers). A tracking
 * processor: a replay raises nothing twice, since a signal's id derives from its trigger.
 */
@Component
@ProcessingGroup(SignalTriggers.PROCESSING_GROUP)
class SignalTriggers {

    static final String PROCESSING_GROUP = "signal-triggers";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Governance governance;
    private final Clock clock;
    private final EventStore events;
    private final TransactionTemplate readOnly;

    SignalTriggers(CommandGateway commands, QueryGateway queries, Governance governance, Clock clock, EventStore events,
                   PlatformTransactionManager transactions) {
        this.commands = commands;
        this.queries = queries;
        this.governance = governance;
        this.clock = clock;
        this.events = events;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @EventHandler
    void on(ProviderRevocationFailed event) {
        if (revokedBecause(event, RevocationReason.TENANT_OFFBOARDED)) {
            // The tenant closed (issue 18): the offboarding's answer reports the failure; no channel is left to tell.
            return;
        }
        raise(event.tenantId(), SignalKind.INTEGRATION_HEALTH, event.integrationId().value(),
                ":warning: A disconnected " + provider(event.provider().name()) + " integration's token could not be "
                        + "revoked at the provider after " + event.attempts() + " tries (" + event.reason() + "). It is "
                        + "gone from CrossLayer; revoke it at the provider by hand.",
                governance.of(event.tenantId()).signalChannel(), null);
    }

    @EventHandler
    void on(IntegrationRevoked event) {
        // An admin's disconnect or an offboarding was asked for: no alert about it.
        if (event.reason() == RevocationReason.DISCONNECTED_BY_ADMIN || event.reason() == RevocationReason.TENANT_OFFBOARDED) {
            return;
        }
        raise(event.tenantId(), SignalKind.INTEGRATION_HEALTH, event.integrationId().value(),
                ":warning: " + (event.reason() == RevocationReason.APP_UNINSTALLED
                        ? "CrossLayer was uninstalled from a Slack workspace" : "Slack revoked CrossLayer's bot token")
                        + ": that workspace is disconnected. An admin can install it again from the dashboard.",
                governance.of(event.tenantId()).signalChannel(), null);
    }

    @EventHandler
    void on(SkillExtracted event) {
        List<SkillView> confirmed = queries.query(new FindSkillsQuery(event.tenantId(), SkillStatus.CONFIRMED, null, 500),
                ResponseTypes.multipleInstancesOf(SkillView.class)).join();
        Optional<SkillView> overlap = confirmed.stream()
                .filter(view -> !view.id().equals(event.skillId()))
                .filter(view -> close(view.skill().name(), event.skill().name()))
                .findFirst();
        overlap.ifPresent(existing -> raise(event.tenantId(), SignalKind.CONFLICT, event.skillId().value(),
                ":twisted_rightwards_arrows: The proposed skill `" + event.skill().name() + "` overlaps the confirmed skill `"
                        + existing.skill().name() + "`. Approvers: discard it, or approve it and retire the old one.",
                // A source erased by retention (issue 18.5) reads as null: the signal goes to the signal channel instead.
                event.source() == null ? governance.of(event.tenantId()).signalChannel() : event.source().channelId(),
                event.source() == null ? null : event.source().threadTs()));
    }

    /** The same name, or names a couple of edits apart (typos, plurals). */
    static boolean close(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        return Math.min(a.length(), b.length()) >= 6 && distance(a, b) <= 2;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private void raise(TenantId tenant, SignalKind kind, String subject, String text, String channel, String threadTs) {
        commands.sendAndWait(new RaiseSignalCommand(tenant, SignalId.of(tenant.value(), kind, subject), kind, subject, text,
                channel, threadTs, clock.instant()), AuditContext.of(tenant, AuditContext.SYSTEM, Source.SLACK));
    }

    /** Whether the integration whose revocation the provider answered was revoked for {@code reason}. */
    private boolean revokedBecause(ProviderRevocationFailed event, RevocationReason reason) {
        return TenantScope.call(event.tenantId(), () -> readOnly.execute(status ->
                events.readEvents(event.integrationId().value()).asStream()
                        .anyMatch(e -> e.getPayload() instanceof IntegrationRevoked revoked && revoked.reason() == reason)));
    }

    private static String provider(String name) {
        return "SLACK".equals(name) ? "Slack" : "GitHub";
    }
}
