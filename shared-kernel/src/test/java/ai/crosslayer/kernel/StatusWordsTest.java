package ai.crosslayer.kernel;

import ai.crosslayer.kernel.integration.IntegrationStatus;
import ai.crosslayer.kernel.integration.ProviderRevocationState;
import ai.crosslayer.kernel.signal.SignalState;
import ai.crosslayer.kernel.skill.SkillStatus;
import com.fasterxml.jackson.annotation.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statuses cross modules as enums (issue 13), but the words on the wire and in the read-model tables stay the ones
 * stored before: a renamed word would strand every row and break every client.
 */
class StatusWordsTest {

    @Test
    void aSkillsStatusIsStillTheWordTheCatalogStores() {
        assertThat(Arrays.stream(SkillStatus.values()).map(SkillStatus::wire))
                .containsExactly("proposed", "confirmed", "discarded");
        assertThat(SkillStatus.CONFIRMED).hasToString("confirmed");
        assertThat(SkillStatus.words()).isEqualTo("proposed, confirmed, discarded");
    }

    @Test
    void aSignalsStateIsStillTheWordTheBoardStores() {
        assertThat(Arrays.stream(SignalState.values()).map(SignalState::wire))
                .containsExactly("pending", "no-channel", "dispatched", "dead-letter", "acknowledged");
        assertThat(SignalState.DEAD_LETTER).hasToString("dead-letter");
    }

    @Test
    void anIntegrationsStatusAndRevocationAreStillTheWordsTheCatalogStores() {
        assertThat(Arrays.stream(IntegrationStatus.values()).map(IntegrationStatus::wire)).containsExactly("connected", "revoked");
        assertThat(Arrays.stream(ProviderRevocationState.values()).map(ProviderRevocationState::wire))
                .containsExactly("pending", "succeeded", "failed", "not-needed");
        assertThat(ProviderRevocationState.fromWire("not-needed")).contains(ProviderRevocationState.NOT_NEEDED);
        assertThat(IntegrationStatus.fromWire("CONNECTED")).isEmpty();
    }

    @Test
    void eachWordReadsBackAsItsStatusAndNothingElseDoes() {
        for (SkillStatus status : SkillStatus.values()) {
            assertThat(SkillStatus.fromWire(status.wire())).contains(status);
        }
        for (SignalState state : SignalState.values()) {
            assertThat(SignalState.fromWire(state.wire())).contains(state);
        }
        assertThat(SkillStatus.fromWire("CONFIRMED")).isEmpty();
        assertThat(SkillStatus.fromWire(null)).isEmpty();
        assertThat(SignalState.fromWire("DEAD_LETTER")).isEmpty();
    }

    @Test
    void jsonWritesTheWord() throws NoSuchMethodException {
        // Jackson writes an enum through its @JsonValue method: that must be the word.
        assertThat(SkillStatus.class.getMethod("wire").isAnnotationPresent(JsonValue.class)).isTrue();
        assertThat(SignalState.class.getMethod("wire").isAnnotationPresent(JsonValue.class)).isTrue();
        assertThat(IntegrationStatus.class.getMethod("wire").isAnnotationPresent(JsonValue.class)).isTrue();
        assertThat(ProviderRevocationState.class.getMethod("wire").isAnnotationPresent(JsonValue.class)).isTrue();
    }
}
