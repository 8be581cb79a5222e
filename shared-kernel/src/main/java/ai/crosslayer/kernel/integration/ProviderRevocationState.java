package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.WireWord;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * Where telling the provider about a revoked integration stands: asked and not yet answered, confirmed, given up
 * after its tries, or not needed (the provider revoked the token first). Travels as its {@link #wire() word}
 * ({@link WireWord}), which the integration catalog's {@code provider_revocation} column stores.
 */
public enum ProviderRevocationState implements WireWord {
    PENDING("pending"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    NOT_NEEDED("not-needed");

    private final String wire;

    ProviderRevocationState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The state whose word is {@code word}; empty for anything else (including {@code null}). */
    public static Optional<ProviderRevocationState> fromWire(String word) {
        return WireWord.from(values(), word);
    }

    /** The word, so that pages and logs show what the API shows. */
    @Override
    public String toString() {
        return wire;
    }
}
