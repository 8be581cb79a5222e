package ai.crosslayer.ops.tenancy;

/**
 * The HTTP route a piece of work serves ({@code GET /api/me}), carried beside the tenant scope so that
 * a refused cross-tenant attempt can be logged with where it came from. Never holds request data.
 */
public final class RequestRoute {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestRoute() {
    }

    public static String current() {
        String route = CURRENT.get();
        return route == null ? "none" : route;
    }

    static String get() {
        return CURRENT.get();
    }

    static void set(String route) {
        CURRENT.set(route);
    }

    static void clear() {
        CURRENT.remove();
    }
}
