package ai.crosslayer.kernel.integration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies one connection of a tenant to a provider account; serialized as its bare string. */
public record IntegrationId(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @JsonCreator
    public IntegrationId {
        Objects.requireNonNull(value, "integration id");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an integration id is a lowercase UUID");
        }
    }

    public static IntegrationId of(UUID uuid) {
        return new IntegrationId(uuid.toString());
    }

    /** The id a path names, or empty when it is not an integration id at all. */
    public static Optional<IntegrationId> parse(String text) {
        return text != null && FORM.matcher(text).matches()
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
