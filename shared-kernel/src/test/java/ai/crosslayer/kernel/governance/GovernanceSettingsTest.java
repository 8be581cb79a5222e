package ai.crosslayer.kernel.governance;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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
}
