package ai.crosslayer.query.dashboard;

import ai.crosslayer.kernel.tenant.FindMemberQuery;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.query.CsrfToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every page of the dashboard shares: who is looking (from the tenant directory, with the session's role, as
 * {@code GET /api/me} answers), their session's CSRF token for the page's scripts, and rendering off the event loop — the
 * read models are read (in one read-only transaction of the member's tenant) on a bounded-elastic thread.
 */
@Component
public class Pages {

    private final QueryGateway queries;
    private final TransactionTemplate readOnly;

    Pages(QueryGateway queries, PlatformTransactionManager transactions) {
        this.queries = queries;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Who looks at a page: the member, and whether they may change things (admins only). */
    public record Viewer(MemberView member, String csrfToken) {

        public boolean admin() {
            return member.role() == MemberRole.ADMIN;
        }
    }

    /**
     * Renders {@code view} with the model {@code model} builds (blocking reads are fine there), plus the viewer
     * and the navigation's {@code active} item. A session whose member left the directory signs in again.
     */
    public Mono<Rendering> render(ServerWebExchange exchange, String view, String active,
                                  Function<Viewer, Map<String, ?>> model) {
        return exchange.<SignedInMember>getPrincipal()
                .publishOn(Schedulers.boundedElastic())
                // The directory shows who they are; their role is the session's (the command side's), which the
                // directory trails, so a page offers what the checks allow.
                .flatMap(member -> Mono.justOrEmpty(queries.query(new FindMemberQuery(member.tenantId(), member.userId()),
                        ResponseTypes.optionalInstanceOf(MemberView.class)).join().map(shown -> shown.withRole(member.role()))))
                .map(member -> {
                    Viewer viewer = new Viewer(member, CsrfToken.of(exchange));
                    return Rendering.view(view)
                            .modelAttribute("viewer", viewer)
                            .modelAttribute("active", active)
                            // One read-only transaction, begun in the request's tenant scope, so row-level security
                            // shows the page the tenant's rows (the query handlers' transactions join it).
                            .model(readOnly.execute(status -> model.apply(viewer)))
                            .build();
                })
                .switchIfEmpty(Mono.fromSupplier(() -> Rendering.redirectTo("/").status(HttpStatus.SEE_OTHER).build()));
    }

    /** A page's model from alternating names and values; a null value is simply absent. */
    public static Map<String, Object> model(Object... namesAndValues) {
        Map<String, Object> model = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                model.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return model;
    }

    /** A query answered on this (bounded-elastic) thread. */
    <T> T ask(Object query, Class<T> type) {
        return queries.query(query, ResponseTypes.instanceOf(type)).join();
    }

    <T> java.util.List<T> askAll(Object query, Class<T> type) {
        return queries.query(query, ResponseTypes.multipleInstancesOf(type)).join();
    }

    <T> Optional<T> askOne(Object query, Class<T> type) {
        return queries.query(query, ResponseTypes.optionalInstanceOf(type)).join();
    }
}
