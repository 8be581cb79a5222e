package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.WireWord;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * Whether an integration is connected or revoked. Travels as its {@link #wire() word} ({@link WireWord}), which the
 * integration catalog's {@code status} column stores.
 */
public enum IntegrationStatus implements WireWord {
    CONNECTED("connected"),
    REVOKED("revoked");

    private final String wire;

    IntegrationStatus(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The status whose word is {@code word}; empty for anything else (including {@code null}). */
    public static Optional<IntegrationStatus> fromWire(String word) {
        return WireWord.from(values(), word);
    }

    /** The word, so that pages and logs show what the API shows. */
    @Override
    public String toString() {
        return wire;
    }
}
