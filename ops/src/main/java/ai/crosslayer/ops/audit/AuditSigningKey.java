package ai.crosslayer.ops.audit;

import ai.crosslayer.query.audit.AuditPublicKey;
import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.interfaces.Sign;

import java.util.Arrays;
import java.util.Base64;

/**
 * The Ed25519 key that signs checkpoints (libsodium {@code crypto_sign}), derived from a 32-byte seed
 * given as {@code CROSSLAYER_AUDIT_SIGNING_KEY} (base64). The secret half never leaves this object.
 */
public final class AuditSigningKey {

    private static final LazySodiumJava SODIUM = new LazySodiumJava(new SodiumJava());

    private final byte[] secretKey = new byte[Sign.SECRETKEYBYTES];
    private final AuditPublicKey publicKey;

    public AuditSigningKey(String base64Seed) {
        byte[] seed = Base64.getDecoder().decode(base64Seed);
        if (seed.length != Sign.SEEDBYTES) {
            throw new IllegalArgumentException("an audit signing key is the base64 of " + Sign.SEEDBYTES + " bytes");
        }
        byte[] pk = new byte[Sign.PUBLICKEYBYTES];
        if (!SODIUM.cryptoSignSeedKeypair(pk, secretKey, seed)) {
            throw new IllegalStateException("libsodium could not derive the audit signing key pair");
        }
        Arrays.fill(seed, (byte) 0);
        this.publicKey = AuditPublicKey.of(pk);
    }

    public AuditPublicKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Sign.BYTES];
        if (!SODIUM.cryptoSignDetached(signature, message, message.length, secretKey)) {
            throw new IllegalStateException("libsodium could not sign a checkpoint");
        }
        return signature;
    }

    @Override
    public String toString() {
        return "AuditSigningKey[" + publicKey.keyId() + "]";
    }
}
