package ai.crosslayer.command.integration.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The master keys of the vault, from {@code CROSSLAYER_MASTER_KEY} and {@code CROSSLAYER_MASTER_KEY_PREVIOUS}
 * (checked at start-up; the local profile generates one and keeps it in the data directory).
 *
 * @param masterKey         base64 of the current 32-byte curve25519 secret key: seals, and opens
 * @param previousMasterKeys base64 secret keys that still open tokens sealed before a rotation
 */
@ConfigurationProperties("crosslayer.vault")
public record VaultSettings(String masterKey, List<String> previousMasterKeys) {

    public VaultSettings {
        previousMasterKeys = previousMasterKeys == null ? List.of() : List.copyOf(previousMasterKeys);
    }

    @Override
    public String toString() {
        return "VaultSettings[redacted]";
    }
}
