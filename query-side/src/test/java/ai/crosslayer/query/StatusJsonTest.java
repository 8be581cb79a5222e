package ai.crosslayer.query;

import ai.crosslayer.kernel.integration.IntegrationStatus;
import ai.crosslayer.kernel.integration.ProviderRevocationState;
import ai.crosslayer.kernel.signal.SignalState;
import ai.crosslayer.kernel.skill.SkillStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The views' statuses became enums (issue 13), and the JSON the routes answer with did not change: each is written as
 * the lowercase word it always was, never as the constant's name.
 */
class StatusJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void statusesAreWrittenAsTheirWords() throws Exception {
        Map<String, Object> view = Map.of(
                "skill", List.of(SkillStatus.values()),
                "signal", List.of(SignalState.values()),
                "integration", List.of(IntegrationStatus.values()),
                "revocation", List.of(ProviderRevocationState.values()));
        assertThat(json.readTree(json.writeValueAsString(view))).isEqualTo(json.readTree("""
                {"skill": ["proposed", "confirmed", "discarded"],
                 "signal": ["pending", "no-channel", "dispatched", "dead-letter", "acknowledged"],
                 "integration": ["connected", "revoked"],
                 "revocation": ["pending", "succeeded", "failed", "not-needed"]}
                """));
    }
}
