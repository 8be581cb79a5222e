package ai.crosslayer.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Identifies one customer of CrossLayer. Every event, command, query and row carries one; it is
 * serialized as its bare string so that the audit log reads naturally.
 */
public record TenantId(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @JsonCreator
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a tenant id is a lowercase UUID");
        }
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
