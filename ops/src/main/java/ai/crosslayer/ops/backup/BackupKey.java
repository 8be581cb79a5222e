package ai.crosslayer.ops.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * {@code CROSSLAYER_BACKUP_KEY}: the base64 of 32 random bytes ({@code openssl rand -base64 32}), the
 * XChaCha20-Poly1305 key of libsodium's secretstream that every backup file is encrypted under. It is not the
 * master key: a backup holds the vault's tokens still sealed under that one, so either key alone opens nothing.
 * A file names its key by {@link #id()}, a fingerprint from which the key cannot be recovered.
 */
public final class BackupKey {

    public static final String VARIABLE = "CROSSLAYER_BACKUP_KEY";
    static final int BYTES = 32;

    private final byte[] key;
    private final String id;

    private BackupKey(byte[] key) {
        this.key = key;
        this.id = fingerprint(key);
    }

    /** The key in this base64 text; an {@link IllegalArgumentException} says what is wrong, without the value. */
    public static BackupKey parse(String base64) {
        String problem = problem(base64);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new BackupKey(Base64.getDecoder().decode(base64.trim()));
    }

    /** What is wrong with this value of {@code CROSSLAYER_BACKUP_KEY}, in a sentence naming the variable; null if nothing. */
    public static String problem(String base64) {
        if (base64 == null || base64.isBlank()) {
            return VARIABLE + " is missing: set it to the base64 of " + BYTES + " random bytes (openssl rand -base64 32), "
                    + "kept apart from the backups and from CROSSLAYER_MASTER_KEY";
        }
        try {
            int length = Base64.getDecoder().decode(base64.trim()).length;
            return length == BYTES ? null : VARIABLE + " must decode to exactly " + BYTES + " bytes";
        } catch (IllegalArgumentException e) {
            return VARIABLE + " is malformed: it must be standard base64 (openssl rand -base64 32)";
        }
    }

    /** {@code bk-} and 16 hex digits of a SHA-256 over the key: names it in a file's header and in messages. */
    public String id() {
        return id;
    }

    byte[] bytes() {
        return key;
    }

    private static String fingerprint(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("crosslayer-backup-key-id\0".getBytes(StandardCharsets.UTF_8));
            return "bk-" + HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(key), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "BackupKey[" + id + "]"; // never the key
    }
}
