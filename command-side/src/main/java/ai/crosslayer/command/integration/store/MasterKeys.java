package ai.crosslayer.command.integration.store;

import ai.crosslayer.kernel.Sha256;
import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.interfaces.Box;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The master key pairs (curve25519) of the token vault: the current one seals, it and the previous ones
 * open. A key is given as the base64 of its 32-byte secret key ({@code CROSSLAYER_MASTER_KEY}, and
 * {@code CROSSLAYER_MASTER_KEY_PREVIOUS} during a rotation); its id is the first 8 bytes of the SHA-256
 * of its public key, in hex. Secret keys never leave this object, nor appear in its {@code toString}.
 */
public final class MasterKeys {

    static final LazySodiumJava SODIUM = new LazySodiumJava(new SodiumJava());

    private record KeyPair(String id, byte[] publicKey, byte[] secretKey) {
    }

    private final KeyPair current;
    private final Map<String, KeyPair> openers;

    public MasterKeys(String currentSecretKey, List<String> previousSecretKeys) {
        this.current = keyPair(currentSecretKey);
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        for (String previous : previousSecretKeys) {
            KeyPair pair = keyPair(previous);
            keys.putIfAbsent(pair.id(), pair);
        }
        this.openers = Collections.unmodifiableMap(keys);
    }

    /** Checks a configured key's form; the message never repeats the value. */
    public static void check(String base64SecretKey) {
        keyPair(base64SecretKey);
    }

    /** A fresh secret key, base64: what an operator (or the local profile) puts in CROSSLAYER_MASTER_KEY. */
    public static String generate() {
        byte[] secret = SODIUM.randomBytesBuf(Box.SECRETKEYBYTES);
        try {
            return Base64.getEncoder().encodeToString(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public String currentKeyId() {
        return current.id();
    }

    /** Every key id this process can open, the current one first. */
    public Set<String> keyIds() {
        return openers.keySet();
    }

    /** Seals {@code plaintext} to the current public key: only a holder of the secret key can open it. */
    public byte[] seal(byte[] plaintext) {
        byte[] sealed = new byte[plaintext.length + Box.SEALBYTES];
        if (!SODIUM.cryptoBoxSeal(sealed, plaintext, plaintext.length, current.publicKey())) {
            throw new IllegalStateException("libsodium could not seal a token");
        }
        return sealed;
    }

    /** Opens what was sealed under key {@code keyId}; a key this process does not hold is {@link MasterKeyRetired}. */
    public byte[] open(String keyId, byte[] sealed) {
        KeyPair key = openers.get(keyId);
        if (key == null) {
            throw new MasterKeyRetired(keyId);
        }
        if (sealed.length < Box.SEALBYTES) {
            throw new IllegalStateException("a sealed token under key " + keyId + " is too short to be a sealed box");
        }
        byte[] plaintext = new byte[sealed.length - Box.SEALBYTES];
        if (!SODIUM.cryptoBoxSealOpen(plaintext, sealed, sealed.length, key.publicKey(), key.secretKey())) {
            throw new IllegalStateException("a sealed token under key " + keyId + " does not open: it was altered, "
                    + "or sealed to another key with the same id");
        }
        return plaintext;
    }

    private static KeyPair keyPair(String base64SecretKey) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64SecretKey.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a master key must be standard base64");
        }
        if (secret.length != Box.SECRETKEYBYTES) {
            throw new IllegalArgumentException("a master key must decode to exactly " + Box.SECRETKEYBYTES + " bytes");
        }
        byte[] publicKey = new byte[Box.PUBLICKEYBYTES];
        if (!SODIUM.cryptoScalarMultBase(publicKey, secret)) {
            throw new IllegalStateException("libsodium could not derive a master public key");
        }
        return new KeyPair(keyId(publicKey), publicKey, secret);
    }

    private static String keyId(byte[] publicKey) {
        return HexFormat.of().formatHex(Sha256.of(publicKey), 0, 8);
    }

    @Override
    public String toString() {
        return "MasterKeys[current=" + current.id() + ", openers=" + openers.keySet() + "]";
    }
}
