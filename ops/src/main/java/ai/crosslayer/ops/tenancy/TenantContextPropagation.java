package ai.crosslayer.ops.tenancy;

import ai.crosslayer.kernel.TenantScope;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import reactor.core.publisher.Hooks;

/**
 * Carries the tenant scope (and the route) across Reactor's thread hops: a request's Reactor context
 * holds them, and Reactor's automatic context propagation restores them as thread-locals on whichever
 * thread runs the next step, e.g. a blocking query on {@code boundedElastic}.
 */
public final class TenantContextPropagation {

    public static final String SCOPE_KEY = "crosslayer.tenant-scope";
    public static final String ROUTE_KEY = "crosslayer.route";

    private static boolean installed;

    private TenantContextPropagation() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        ContextRegistry.getInstance().registerThreadLocalAccessor(new ThreadLocalAccessor<TenantScope.Snapshot>() {
            @Override
            public Object key() {
                return SCOPE_KEY;
            }

            @Override
            public TenantScope.Snapshot getValue() {
                TenantScope.Snapshot snapshot = TenantScope.capture();
                return snapshot.tenant() == null && !snapshot.crossTenant() ? null : snapshot;
            }

            @Override
            public void setValue(TenantScope.Snapshot value) {
                TenantScope.restore(value);
            }

            @Override
            public void setValue() {
                TenantScope.restore(null);
            }
        });
        ContextRegistry.getInstance().registerThreadLocalAccessor(ROUTE_KEY, RequestRoute::get, RequestRoute::set,
                RequestRoute::clear);
        Hooks.enableAutomaticContextPropagation();
        installed = true;
    }
}
