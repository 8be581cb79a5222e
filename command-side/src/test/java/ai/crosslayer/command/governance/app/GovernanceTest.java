package ai.crosslayer.command.governance.app;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.GovernanceChangeRefused;
import ai.crosslayer.kernel.governance.GovernancePolicyIds;
import ai.crosslayer.kernel.governance.GovernanceSettingChanged;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.GovernanceView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy a safety decision uses is the one its own events say, change by change — the state the aggregate
 * checks every change against — whatever the read model shows. Issue 11, item 3.
 */
class GovernanceTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");

    @Test
    void aPolicyNeverChangedIsTheSafeDefaultsAtRevisionZero() {
        GovernanceView view = Governance.replay(history());
        assertThat(view.revision()).isZero();
        assertThat(view.settings()).isEqualTo(GovernanceSettings.DEFAULTS);
        assertThat(view.changedBy()).isNull();
    }

    @Test
    void passiveCaptureTurnedOffIsOffFromTheChangeThatTurnedItOff() {
        GovernanceView view = Governance.replay(history(
                change("passiveCaptureChannels", "", "C0LOUD", 1, "U0ADA"),
                change("approvers", "ADMINS_AND_LISTED", "ANYONE", 1, "U0ADA"),
                new GovernanceChangeRefused(ACME, "U0MALLORY", "policy capture on", "not an approver", AT),
                change("passiveCaptureChannels", "C0LOUD", "", 2, "U0BEA"),
                change("inboxMaxAge", "PT24H", "PT1H", 3, "U0BEA")));
        assertThat(view.revision()).isEqualTo(3);
        assertThat(view.changedBy()).isEqualTo("U0BEA");
        assertThat(view.settings().passiveCaptureChannels()).isEmpty();
        assertThat(view.settings().approvers()).isEqualTo(Approvers.ANYONE);
        assertThat(view.settings().inboxMaxAge()).isEqualTo(Duration.ofHours(1));
    }

    private static GovernanceSettingChanged change(String setting, String old, String value, int revision, String by) {
        return new GovernanceSettingChanged(ACME, setting, old, value, revision, by, AT);
    }

    private static DomainEventStream history(Object... events) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (Object event : events) {
            messages.add(new GenericDomainEventMessage<>("GovernancePolicy", GovernancePolicyIds.of(ACME), messages.size(), event));
        }
        return DomainEventStream.of(messages);
    }
}
