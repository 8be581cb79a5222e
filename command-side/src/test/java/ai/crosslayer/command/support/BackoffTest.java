package ai.crosslayer.command.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void theFirstWaitDoublesAfterEachFailedTryUpToItsCap() {
        Duration first = Duration.ofSeconds(5);
        assertThat(Backoff.after(1, first, 3)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Backoff.after(2, first, 3)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Backoff.after(4, first, 3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(Backoff.after(40, first, 3)).as("capped at 2^3 times the first").isEqualTo(Duration.ofSeconds(40));
    }
}
