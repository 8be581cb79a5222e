package ai.crosslayer.command.support;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.messaging.MetaData;

/**
 * Who did it and through which surface: the metadata every command carries, which Axon copies onto the
 * events it causes and the audit log shows as actor and source.
 */
public final class AuditContext {

    /** Where a change came from, as the audit log names it. */
    public enum Source {
        DASHBOARD("dashboard"), SLACK("slack"), GITHUB("github"), OPS("ops");

        private final String name;

        Source(String name) {
            this.name = name;
        }
    }

    /** The actor of work nobody asked for just then (retries, scheduled work, operator commands). */
    public static final String SYSTEM = "system";

    private AuditContext() {
    }

    public static MetaData of(TenantId tenant, String actor, Source source) {
        return MetaData.with("tenantId", tenant.value()).and("actor", actor).and("source", source.name);
    }
}
