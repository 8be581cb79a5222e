package ai.crosslayer.query.audit;

/**
 * The Ed25519 public key whose secret signs checkpoints. The secret stays with whoever signs (ops);
 * the query side only publishes and checks with this half.
 */
public record AuditPublicKey(String keyId, byte[] publicKey) {

    public static AuditPublicKey of(byte[] publicKey) {
        return new AuditPublicKey(AuditChain.keyId(publicKey), publicKey.clone());
    }
}
