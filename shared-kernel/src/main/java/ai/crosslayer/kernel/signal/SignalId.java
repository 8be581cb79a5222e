package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.Ids;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifies one signal. It derives from what the signal is about, so the same trigger seen twice (a
 * replay, a retry) raises the same signal, once.
 */
public record SignalId(String value) {

    @JsonCreator
    public SignalId {
        Ids.requireUuid(value, "signal id");
    }

    public static SignalId of(String tenantId, SignalKind kind, String subject) {
        return new SignalId(UUID.nameUUIDFromBytes(("signal:" + tenantId + ":" + kind + ":" + subject)
                .getBytes(StandardCharsets.UTF_8)).toString());
    }

    public static Optional<SignalId> parse(String text) {
        return Ids.isUuid(text) ? Optional.of(new SignalId(text)) : Optional.empty();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
