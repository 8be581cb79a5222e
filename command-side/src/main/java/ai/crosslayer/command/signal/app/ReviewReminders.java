package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.skill.app.InboxSettings;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.tenant.store.Tenants;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.skill.FindSkillsQuery;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.skill.SkillView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Raises "waiting for review" once for each proposed skill older than {@code crosslayer.signals.review-after}. */
@Component
class ReviewReminders {

    private final Tenants tenants;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final Governance governance;
    private final SignalSettings settings;
    private final InboxSettings workers;
    private final Clock clock;

    ReviewReminders(Tenants tenants, QueryGateway queries, CommandGateway commands, Governance governance,
                    SignalSettings settings, InboxSettings workers, Clock clock) {
        this.tenants = tenants;
        this.queries = queries;
        this.commands = commands;
        this.governance = governance;
        this.settings = settings;
        this.workers = workers;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.signals.review-check-interval:PT10M}", initialDelayString = "PT2S")
    void remind() {
        if (!workers.workers()) {
            return;
        }
        Instant cutoff = clock.instant().minus(settings.reviewAfter());
        for (TenantId tenant : tenants.all()) {
            TenantScope.run(tenant, () -> {
                List<SkillView> waiting = queries.query(new FindSkillsQuery(tenant, SkillStatus.PROPOSED, null, 500),
                        ResponseTypes.multipleInstancesOf(SkillView.class)).join().stream()
                        .filter(view -> view.extractedAt().isBefore(cutoff)).toList();
                if (waiting.isEmpty()) {
                    return;
                }
                String channel = governance.of(tenant).signalChannel();
                for (SkillView skill : waiting) {
                    commands.sendAndWait(new RaiseSignalCommand(tenant,
                            SignalId.of(tenant.value(), SignalKind.WAITING_FOR_REVIEW, skill.id().value()),
                            SignalKind.WAITING_FOR_REVIEW, skill.id().value(),
                            ":hourglass: The proposed skill `" + skill.skill().name() + "` has waited for review since "
                                    + skill.extractedAt() + (skill.source().permalink() == null ? "." : ": " + skill.source().permalink()),
                            channel, null, clock.instant()), AuditContext.of(tenant, AuditContext.SYSTEM, Source.SLACK));
                }
            });
        }
    }
}
