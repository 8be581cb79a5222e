package ai.crosslayer.command.governance.app;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.GovernancePolicyIds;
import ai.crosslayer.kernel.governance.GovernanceSettingChanged;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.GovernanceView;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the policy says, asked at the moment of a safety decision: whether a channel may be read, who may
 * approve a skill, how long the inbox keeps. Decided from the policy aggregate's own events in the event store
 * — the state every change is checked against — never from the {@code governance_policy} read model, which
 * can trail or stop (issue 11: a stopped projection left an old permissive answer in force). The dashboard
 * still reads the read model to show the policy. Blocking.
 */
@Component
public class Governance {

    private final EventStore events;
    private final TransactionTemplate readOnly;

    Governance(EventStore events, PlatformTransactionManager transactions) {
        this.events = events;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public GovernanceSettings of(TenantId tenant) {
        return view(tenant).settings();
    }

    /** The policy with its revision, for a change built on it. */
    public GovernanceView view(TenantId tenant) {
        // The scope first, then the transaction, so that row-level security shows this tenant's events; inside
        // a processor's transaction for the same tenant this joins it.
        return TenantScope.call(tenant, () -> readOnly.execute(status -> replay(events.readEvents(GovernancePolicyIds.of(tenant)))));
    }

    /** The policy after {@code history}: each change sets one setting and the revision, as the aggregate applies it. */
    static GovernanceView replay(DomainEventStream history) {
        Map<String, String> settings = new LinkedHashMap<>(GovernanceSettings.DEFAULTS.asText());
        int revision = 0;
        String changedBy = null;
        Instant changedAt = null;
        while (history.hasNext()) {
            if (history.next().getPayload() instanceof GovernanceSettingChanged changed) {
                settings.put(changed.setting(), changed.newValue());
                revision = changed.revision();
                changedBy = changed.changedBy();
                changedAt = changed.changedAt();
            }
        }
        return new GovernanceView(revision, GovernanceSettings.fromText(settings), changedBy, changedAt);
    }
}
