package ai.crosslayer.ops.processing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectionSettingsTest {

    @Test
    void claimsDefaultToATenSecondTimeoutLookedForEveryTwoSecondsOnANodeThatCounts() {
        ProjectionSettings settings = new ProjectionSettings(null, null, null, null, null, null, null, null);

        assertThat(settings.claimTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.claimInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.node()).isTrue();
    }

    @Test
    void aClaimTimeoutUnderASecondIsRefusedByName() {
        assertThatThrownBy(() -> settings(Duration.ofMillis(500), null))
                .hasMessage("CROSSLAYER_PROJECTIONS_CLAIM_TIMEOUT must be at least PT1S, such as PT10S");
    }

    @Test
    void aClaimIntervalNotShorterThanTheTimeoutIsRefusedByName() {
        assertThatThrownBy(() -> settings(Duration.ofSeconds(3), Duration.ofSeconds(3)))
                .hasMessageStartingWith("CROSSLAYER_PROJECTIONS_CLAIM_INTERVAL must be at least PT0.1S and shorter than");
        assertThatThrownBy(() -> settings(null, Duration.ofMillis(50)))
                .hasMessageStartingWith("CROSSLAYER_PROJECTIONS_CLAIM_INTERVAL must be at least PT0.1S");
        assertThat(settings(Duration.ofSeconds(3), Duration.ofMillis(500)).claimInterval()).isEqualTo(Duration.ofMillis(500));
    }

    private static ProjectionSettings settings(Duration claimTimeout, Duration claimInterval) {
        return new ProjectionSettings(null, null, null, null, null, claimTimeout, claimInterval, null);
    }
}
