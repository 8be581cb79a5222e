package ai.crosslayer.kernel.signal;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a signal stands on the board: queued or waiting to retry, held because the policy names no signal channel,
 * posted, given up, or acknowledged. On the wire (JSON, query parameters, pages) and in the signal board's
 * {@code state} column it is its lowercase {@link #wire() word}.
 */
public enum SignalState {
    PENDING("pending"),
    NO_CHANNEL("no-channel"),
    DISPATCHED("dispatched"),
    DEAD_LETTER("dead-letter"),
    ACKNOWLEDGED("acknowledged");

    private final String wire;

    SignalState(String wire) {
        this.wire = wire;
    }

    /** The word stored in the read model and shown on the wire. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The state whose word is {@code word}; empty for anything else (including {@code null}). */
    public static Optional<SignalState> fromWire(String word) {
        return Arrays.stream(values()).filter(state -> state.wire.equals(word)).findFirst();
    }

    /** The words, in order, for an error message that lists them. */
    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(SignalState::wire).toList());
    }

    /** The word, so that pages and logs show what the API shows. */
    @Override
    public String toString() {
        return wire;
    }
}
