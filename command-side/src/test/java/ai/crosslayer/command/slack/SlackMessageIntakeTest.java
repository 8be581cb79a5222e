package ai.crosslayer.command.slack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Direct messages are known by either sign: the channel type, or the channel id. Issue 12, item 8. */
class SlackMessageIntakeTest {

    @Test
    void aDirectOrGroupMessageIsKnownByItsChannelTypeOrItsChannelIdPrefix() {
        assertThat(SlackMessageIntake.isDirect("im", "C0ODD")).isTrue();
        assertThat(SlackMessageIntake.isDirect("mpim", "C0ODD")).isTrue();
        assertThat(SlackMessageIntake.isDirect("", "D0DIRECT")).as("an app_mention has no channel_type").isTrue();
        assertThat(SlackMessageIntake.isDirect("", "G0GROUP")).isTrue();
        assertThat(SlackMessageIntake.isDirect("channel", "D0DIRECT")).as("the id wins over a claimed type").isTrue();
        assertThat(SlackMessageIntake.isDirect("", "C0PUBLIC")).isFalse();
        assertThat(SlackMessageIntake.isDirect("channel", "C0PUBLIC")).isFalse();
    }
}
