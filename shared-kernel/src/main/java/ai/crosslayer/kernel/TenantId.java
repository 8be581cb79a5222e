package ai.crosslayer.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/**
 * Identifies one customer of CrossLayer. Every event, command, query and row carries one; it is
 * serialized as its bare string so that the audit log reads naturally.
 */
public record TenantId(String value) {


    @JsonCreator
    public TenantId {
        Ids.requireUuid(value, "tenant id");
    }

    public static TenantId of(UUID uuid) {
        return new TenantId(uuid.toString());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Axon uses {@code toString()} of an aggregate identifier as the stored aggregate id. */
    @Override
    public String toString() {
        return value;
    }
}
