package ai.crosslayer.command.skill.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Direct messages are known by either sign: the channel type, or the channel id. Issue 12, item 8. */
class DirectMessagesTest {

    @Test
    void aDirectOrGroupMessageIsKnownByItsChannelTypeOrItsChannelIdPrefix() {
        assertThat(DirectMessages.isDirect("im", "C0ODD")).isTrue();
        assertThat(DirectMessages.isDirect("mpim", "C0ODD")).isTrue();
        assertThat(DirectMessages.isDirect("", "D0DIRECT")).as("an app_mention has no channel_type").isTrue();
        assertThat(DirectMessages.isDirect("", "G0GROUP")).isTrue();
        assertThat(DirectMessages.isDirect("channel", "D0DIRECT")).as("the id wins over a claimed type").isTrue();
        assertThat(DirectMessages.isDirect("", "C0PUBLIC")).isFalse();
        assertThat(DirectMessages.isDirect("channel", "C0PUBLIC")).isFalse();
    }
}
