package ai.crosslayer.command.slack;

import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /crosslayer policy ...} changes one setting at a time, and says what to type when it cannot. Issue #7. */
class SlackPolicyCommandTest {

    private static final GovernanceSettings DEFAULTS = GovernanceSettings.DEFAULTS;

    @Test
    void eachSubCommandChangesItsSetting() {
        assertThat(SlackPolicyCommand.changed(DEFAULTS, "capture on", "C0OPS").passiveCaptureChannels()).containsExactly("C0OPS");
        assertThat(SlackPolicyCommand.changed(DEFAULTS, "approvers anyone", "C0OPS").approvers()).isEqualTo(Approvers.ANYONE);
        assertThat(SlackPolicyCommand.changed(DEFAULTS, "approver add <@U0ANN|ann>", "C0OPS").approverUserIds())
                .containsExactly("U0ANN");
        assertThat(SlackPolicyCommand.changed(DEFAULTS, "signals here", "C0SIG").signalChannel()).isEqualTo("C0SIG");
        assertThat(SlackPolicyCommand.changed(DEFAULTS, "inbox-max-age pt2h", "C0OPS").inboxMaxAge()).isEqualTo(Duration.ofHours(2));
        assertThat(SlackPolicyCommand.changed(DEFAULTS, "drift on", "C0OPS").watchGitHubDrift()).isTrue();
    }

    @Test
    void badInputSaysWhatToType() {
        assertThatThrownBy(() -> SlackPolicyCommand.changed(DEFAULTS, "capture maybe", "C0OPS")).hasMessageContaining("policy capture on");
        assertThatThrownBy(() -> SlackPolicyCommand.changed(DEFAULTS, "inbox-max-age P30D", "C0OPS")).hasMessageContaining("P7D");
        assertThatThrownBy(() -> SlackPolicyCommand.changed(DEFAULTS, "approver add nobody", "C0OPS")).hasMessageContaining("@someone");
    }
}
