package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A provider's OAuth token in the clear, held in memory only between the provider's answer and the
 * vault (or between the vault and the one call that uses it). It prints as {@code [redacted]} and has
 * no serialized form, so it cannot slip into a log line, an exception message or an event.
 */
public final class SecretToken {

    private final String value;

    public SecretToken(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a token must not be blank");
        }
        this.value = value;
    }

    /** The token itself, for the one call that needs it. */
    public String reveal() {
        return value;
    }

    /**
     * What events and read models carry instead of the token: the first 12 bytes of its SHA-256, enough
     * to tell two tokens apart and to match a provider's record, useless to anyone who wants to use it.
     */
    public String fingerprint() {
        return "sha256:" + HexFormat.of().formatHex(Sha256.of(value.getBytes(StandardCharsets.UTF_8)), 0, 12);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretToken token && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), token.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Objects.hash(fingerprint());
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
