package ai.crosslayer.command.integration.store;

/**
 * A token was sealed under a master key this process no longer holds. The message names the key id
 * only (a fingerprint of the public key) and says what to do.
 */
public class MasterKeyRetired extends RuntimeException {

    private final String keyId;

    MasterKeyRetired(String keyId) {
        super("This token was sealed under master key " + keyId + ", which is retired (not among "
                + "CROSSLAYER_MASTER_KEY and CROSSLAYER_MASTER_KEY_PREVIOUS). Put the key back in "
                + "CROSSLAYER_MASTER_KEY_PREVIOUS and run 'keys rotate', or reconnect the integration.");
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
