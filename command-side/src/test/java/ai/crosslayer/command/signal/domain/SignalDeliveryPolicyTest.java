package ai.crosslayer.command.signal.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a signal is tried again and when it is given up (issue 13: the give-up rule next to the aggregate). */
class SignalDeliveryPolicyTest {

    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");

    @Test
    void eachFailedTryWaitsTwiceAsLongUntilTheLastIsGivenUp() {
        SignalDeliveryPolicy policy = new SignalDeliveryPolicy(4, Duration.ofSeconds(5));
        assertThat(policy.nextTry(1, AT)).contains(AT.plusSeconds(5));
        assertThat(policy.nextTry(2, AT)).contains(AT.plusSeconds(10));
        assertThat(policy.nextTry(3, AT)).contains(AT.plusSeconds(20));
        assertThat(policy.nextTry(4, AT)).isEmpty();
        assertThat(policy.nextTry(Integer.MAX_VALUE, AT)).isEmpty();
    }

    @Test
    void aLongOutageIsRetriedAtASteadyPaceInsteadOfNever() {
        SignalDeliveryPolicy policy = new SignalDeliveryPolicy(100, Duration.ofSeconds(5));
        assertThat(policy.nextTry(50, AT)).contains(AT.plus(Duration.ofSeconds(5).multipliedBy(1024)));
    }

    @Test
    void aPolicyThatNeverTriesOrNeverWaitsIsRefused() {
        assertThatThrownBy(() -> new SignalDeliveryPolicy(0, Duration.ofSeconds(5))).hasMessageContaining("at least once");
        assertThatThrownBy(() -> new SignalDeliveryPolicy(5, Duration.ZERO)).hasMessageContaining("positive");
    }
}
