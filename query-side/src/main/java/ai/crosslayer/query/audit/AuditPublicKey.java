package ai.crosslayer.query.audit;

import java.util.List;
import java.util.stream.Stream;

/**
 * The Ed25519 public keys of audit checkpoints: the one whose secret signs now, and those retired
 * after a key change, which still verify the checkpoints they signed. The secrets stay with whoever
 * signs (ops); the query side only publishes and checks with these halves.
 */
public record AuditPublicKey(String keyId, byte[] publicKey, List<AuditPublicKey> retired) {

    public static AuditPublicKey of(byte[] publicKey) {
        return new AuditPublicKey(AuditChain.keyId(publicKey), publicKey.clone(), List.of());
    }

    public AuditPublicKey withRetired(List<byte[]> retiredKeys) {
        return new AuditPublicKey(keyId, publicKey, retiredKeys.stream().map(AuditPublicKey::of).toList());
    }

    /** Every key whose checkpoints verify: this one and the retired ones. */
    public List<byte[]> trusted() {
        return Stream.concat(Stream.of(publicKey), retired.stream().map(AuditPublicKey::publicKey)).toList();
    }
}
