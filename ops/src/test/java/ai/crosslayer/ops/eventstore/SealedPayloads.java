package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberRole;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.time.Instant;

/**
 * Stored payloads of {@code MemberJoined} events as the service writes them, with the email sealed (under the
 * golden fixtures' fixed data key: XChaCha20-Poly1305 as in the service, the key lookup left out, since the vault
 * keeps opened keys in memory) or in the clear as before sealing. For the audit benchmark's sealing rows.
 */
public final class SealedPayloads {

    private final JsonMapper json;

    private SealedPayloads(JsonMapper json) {
        this.json = json;
    }

    public static SealedPayloads sealed() {
        return new SealedPayloads(EventStoreConfiguration.eventJson(new FixedKeyCipher()));
    }

    public static SealedPayloads plain() {
        return new SealedPayloads(EventStoreConfiguration.eventJson());
    }

    /** The stored JSON of member {@code n}'s {@code MemberJoined}. */
    public byte[] memberJoined(String tenant, int n) {
        try {
            return json.writeValueAsBytes(new MemberJoined(new TenantId(tenant), "user_" + n,
                    "member" + n + "@bench.test", MemberRole.MEMBER, Instant.parse("2026-11-29T08:00:00Z")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored payload back into the event (opening the email when sealed). */
    public MemberJoined read(byte[] stored) {
        try {
            return json.readValue(stored, MemberJoined.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
