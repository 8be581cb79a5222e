package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.Bounds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox age bounds are the policy's own rule, asked by the dashboard, the slash command and the purge. Issue 13. */
class GovernanceSettingsTest {

    @Test
    void aPolicyMayLetMessagesWaitFromOneMinuteToSevenDays() {
        assertThat(GovernanceSettings.inboxMaxAgeAllowed(Duration.ofMinutes(1))).isTrue();
        assertThat(GovernanceSettings.inboxMaxAgeAllowed(Duration.ofDays(7))).isTrue();
        assertThat(GovernanceSettings.inboxMaxAgeAllowed(Duration.ofSeconds(59))).isFalse();
        assertThat(GovernanceSettings.inboxMaxAgeAllowed(Duration.ofDays(7).plusSeconds(1))).isFalse();
        assertThat(GovernanceSettings.inboxMaxAgeAllowed(GovernanceSettings.DEFAULTS.inboxMaxAge())).isTrue();
    }

    @Test
    void skillSourcesAreKeptByDefaultAndARetentionIsFromOneDayToTenYears() {
        assertThat(GovernanceSettings.DEFAULTS.skillSourceRetentionDays()).isNull();
        assertThat(GovernanceSettings.DEFAULTS.asText()).containsEntry("skillSourceRetentionDays", "");
        GovernanceSettings year = GovernanceSettings.fromText(Map.of("skillSourceRetentionDays", "365"));
        assertThat(year.skillSourceRetentionDays()).isEqualTo(365);
        assertThat(GovernanceSettings.fromText(year.asText())).isEqualTo(year);
        assertThat(retention(1).requireWithinBounds()).isNotNull();
        assertThat(retention(3650).requireWithinBounds()).isNotNull();
        assertThatThrownBy(() -> retention(0).requireWithinBounds())
                .hasMessageStartingWith("'skillSourceRetentionDays' must be from 1 to 3650 days");
        assertThatThrownBy(() -> retention(3651).requireWithinBounds())
                .isInstanceOf(Bounds.Exceeded.class);
    }

    private static GovernanceSettings retention(int days) {
        GovernanceSettings d = GovernanceSettings.DEFAULTS;
        return new GovernanceSettings(d.passiveCaptureChannels(), d.approvers(), d.approverUserIds(), d.signalChannel(),
                d.inboxMaxAge(), d.watchGitHubDrift(), days);
    }
}
