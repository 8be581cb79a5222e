package ai.crosslayer.kernel;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The explicit tenant scope in which tenant-scoped work runs: the Java counterpart of a Python
 * {@code ContextVar}. Every query on a tenant-scoped table must run inside one (the jOOQ guard raises
 * otherwise), and every database transaction opened inside one is bound to that tenant by PostgreSQL
 * row-level security.
 *
 * <p>Work that must see every tenant (tracking processors reading the event stream, finding the tenant
 * of a sign-in, operator commands) says so with {@link #crossTenant}: it then runs on a separate
 * database role whose few cross-tenant rights are listed in the README.
 *
 * <p>The scope lives in a thread-local. Framework glue carries it across thread hops (Reactor's
 * context propagation, Axon interceptors) through {@link #capture()}/{@link #restore(Snapshot)}.
 */
public final class TenantScope {

    /** What is in force on a thread: one tenant, every tenant, or nothing. */
    public record Snapshot(TenantId tenant, boolean crossTenant) {
        static final Snapshot NONE = new Snapshot(null, false);
    }

    private static final ThreadLocal<Snapshot> CURRENT = ThreadLocal.withInitial(() -> Snapshot.NONE);

    private TenantScope() {
    }

    /** The tenant whose scope is in force, if any. */
    public static Optional<TenantId> current() {
        return Optional.ofNullable(CURRENT.get().tenant());
    }

    /** Whether the current work was declared cross-tenant. */
    public static boolean isCrossTenant() {
        return CURRENT.get().crossTenant();
    }

    /** Runs {@code work} in {@code tenant}'s scope. Entering another tenant's scope from inside one is refused. */
    public static <T> T call(TenantId tenant, Supplier<T> work) {
        if (tenant == null) {
            throw new IllegalArgumentException("a tenant scope needs a tenant");
        }
        Snapshot outer = CURRENT.get();
        if (outer.tenant() != null && !outer.tenant().equals(tenant)) {
            throw new IllegalStateException("cannot enter tenant " + tenant + "'s scope from inside tenant "
                    + outer.tenant() + "'s scope");
        }
        return within(new Snapshot(tenant, false), work);
    }

    public static void run(TenantId tenant, Runnable work) {
        call(tenant, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} across tenants. Reserved for the few places that are cross-tenant by nature;
     * each caller says why in its own documentation.
     */
    public static <T> T crossTenant(Supplier<T> work) {
        if (CURRENT.get().tenant() != null) {
            throw new IllegalStateException("cross-tenant work cannot start inside tenant "
                    + CURRENT.get().tenant() + "'s scope");
        }
        return within(new Snapshot(null, true), work);
    }

    /** For thread-hop glue only: what is in force here, to be restored on another thread. */
    public static Snapshot capture() {
        return CURRENT.get();
    }

    /** For thread-hop glue only: puts a captured scope in force (or clears it, for {@code null}). */
    public static void restore(Snapshot snapshot) {
        if (snapshot == null || snapshot.equals(Snapshot.NONE)) {
            CURRENT.remove();
        } else {
            CURRENT.set(snapshot);
        }
    }

    private static <T> T within(Snapshot scope, Supplier<T> work) {
        Snapshot outer = CURRENT.get();
        CURRENT.set(scope);
        try {
            return work.get();
        } finally {
            restore(outer);
        }
    }
}
