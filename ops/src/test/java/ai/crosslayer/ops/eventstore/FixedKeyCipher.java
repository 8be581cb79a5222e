package ai.crosslayer.ops.eventstore;

import ai.crosslayer.command.integration.store.DataKeyVault;
import ai.crosslayer.kernel.TenantId;
import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.interfaces.AEAD;

import java.util.Optional;

/**
 * The golden fixtures' data key: one fixed key (bytes 0..31, key id {@value #KEY_ID}) for every subject, sealing
 * with XChaCha20-Poly1305 as the data key vault does. {@link #destroy} makes it read as a destroyed key.
 */
final class FixedKeyCipher implements PersonalFieldSealing.Cipher {

    static final String KEY_ID = "00000000-0000-4000-8000-00000000da7a";
    private static final LazySodiumJava SODIUM = new LazySodiumJava(new SodiumJava());
    private final byte[] key = new byte[AEAD.XCHACHA20POLY1305_IETF_KEYBYTES];
    private boolean destroyed;

    FixedKeyCipher() {
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
    }

    void destroy() {
        destroyed = true;
    }

    @Override
    public DataKeyVault.Sealed seal(TenantId tenant, String subject, byte[] associatedData, byte[] plaintext) {
        byte[] nonce = SODIUM.randomBytesBuf(AEAD.XCHACHA20POLY1305_IETF_NPUBBYTES);
        byte[] ciphertext = new byte[plaintext.length + AEAD.XCHACHA20POLY1305_IETF_ABYTES];
        if (!SODIUM.cryptoAeadXChaCha20Poly1305IetfEncrypt(ciphertext, null, plaintext, plaintext.length,
                associatedData, associatedData.length, null, nonce, key)) {
            throw new IllegalStateException("could not seal");
        }
        return new DataKeyVault.Sealed(KEY_ID, nonce, ciphertext);
    }

    @Override
    public Optional<byte[]> open(TenantId tenant, DataKeyVault.Sealed sealed, byte[] associatedData) {
        if (destroyed || !KEY_ID.equals(sealed.keyId())) {
            return Optional.empty();
        }
        byte[] plaintext = new byte[sealed.ciphertext().length - AEAD.XCHACHA20POLY1305_IETF_ABYTES];
        if (!SODIUM.cryptoAeadXChaCha20Poly1305IetfDecrypt(plaintext, null, null, sealed.ciphertext(),
                sealed.ciphertext().length, associatedData, associatedData.length, sealed.nonce(), key)) {
            throw new IllegalStateException("a sealed personal field does not open");
        }
        return Optional.of(plaintext);
    }
}
