package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.WireWord;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * Where a signal stands on the board: queued or waiting to retry, held because the policy names no signal channel,
 * posted, given up, or acknowledged. On the wire (JSON, query parameters, pages) and in the signal board's
 * {@code state} column it is its lowercase {@link #wire() word}.
 */
public enum SignalState implements WireWord {
    PENDING("pending"),
    NO_CHANNEL("no-channel"),
    DISPATCHED("dispatched"),
    DEAD_LETTER("dead-letter"),
    ACKNOWLEDGED("acknowledged");

    private final String wire;

    SignalState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The state whose word is {@code word}; empty for anything else (including {@code null}). */
    public static Optional<SignalState> fromWire(String word) {
        return WireWord.from(values(), word);
    }

    /** The words, in order, for an error message that lists them. */
    public static String words() {
        return WireWord.words(values());
    }

    /** The word, so that pages and logs show what the API shows. */
    @Override
    public String toString() {
        return wire;
    }
}
