package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Ids;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;
import java.util.UUID;

/** Identifies one connection of a tenant to a provider account; serialized as its bare string. */
public record IntegrationId(String value) {


    @JsonCreator
    public IntegrationId {
        Ids.requireUuid(value, "integration id");
    }

    public static IntegrationId of(UUID uuid) {
        return new IntegrationId(uuid.toString());
    }

    /** The id a path names, or empty when it is not an integration id at all. */
    public static Optional<IntegrationId> parse(String text) {
        return Ids.isUuid(text)
                ? Optional.of(new IntegrationId(text)) : Optional.empty();
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
