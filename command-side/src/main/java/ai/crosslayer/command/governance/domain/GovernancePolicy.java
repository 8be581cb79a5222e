package ai.crosslayer.command.governance.domain;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceChangeRefused;
import ai.crosslayer.kernel.governance.GovernancePolicyIds;
import ai.crosslayer.kernel.governance.GovernanceSettingChanged;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.RecordGovernanceRefusalCommand;
import ai.crosslayer.kernel.governance.StalePolicyRevision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's policy. It starts as {@link GovernanceSettings#DEFAULTS} at revision 0; each change names the
 * settings that changed, each with its old and new value and who changed it, and moves the revision on by one.
 */
@Aggregate
class GovernancePolicy {

    @AggregateIdentifier
    private String policyId;
    private TenantId tenantId;
    private int revision;
    private final Map<String, String> settings = new LinkedHashMap<>(GovernanceSettings.DEFAULTS.asText());

    GovernancePolicy() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    int handle(ChangeGovernanceCommand command) {
        if (command.expectedRevision() != revision) {
            throw new StalePolicyRevision(command.expectedRevision(), revision);
        }
        Map<String, String> wanted = command.settings().asText();
        int next = revision + 1;
        boolean changed = false;
        for (Map.Entry<String, String> setting : wanted.entrySet()) {
            String old = settings.get(setting.getKey());
            if (!setting.getValue().equals(old)) {
                apply(new GovernanceSettingChanged(command.tenantId(), setting.getKey(), old, setting.getValue(), next,
                        command.changedBy(), command.at()));
                changed = true;
            }
        }
        return changed ? next : revision;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordGovernanceRefusalCommand command) {
        apply(new GovernanceChangeRefused(command.tenantId(), command.slackUserId(), command.attempted(),
                command.reason(), command.at()));
    }

    @EventSourcingHandler
    void on(GovernanceSettingChanged event) {
        policyId = GovernancePolicyIds.of(event.tenantId());
        tenantId = event.tenantId();
        revision = event.revision();
        settings.put(event.setting(), event.newValue());
    }

    @EventSourcingHandler
    void on(GovernanceChangeRefused event) {
        policyId = GovernancePolicyIds.of(event.tenantId());
        tenantId = event.tenantId();
    }
}
