package ai.crosslayer.command.signal.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalTriggersTest {

    @Test
    void overlappingNamesAreTheSameOrATypoApart() {
        assertThat(SignalTriggers.close("deploy-the-api", "deploy-the-api")).isTrue();
        assertThat(SignalTriggers.close("deploy-the-api", "deploy-the-apis")).isTrue();
        assertThat(SignalTriggers.close("deploy-the-api", "rotate-the-key")).isFalse();
        assertThat(SignalTriggers.close("a-b", "a-c")).as("short names must match exactly").isFalse();
    }
}
