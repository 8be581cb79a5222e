package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.query.audit.AuditRequestProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/audit/state?asOf=<instant>}: the tenant as its read models showed it at that instant
 * ({@link TenantAsOf}).
 */
@RestController
class AuditStateRoutes {

    private final TenantAsOf tenantAsOf;

    AuditStateRoutes(TenantAsOf tenantAsOf) {
        this.tenantAsOf = tenantAsOf;
    }

    @GetMapping("/api/audit/state")
    Mono<Map<String, Object>> state(@RequestParam(required = false) String asOf, ServerWebExchange exchange) {
        Instant instant = parse(asOf);
        return exchange.getPrincipal().cast(SignedInMember.class)
                .flatMap(member -> Mono.fromCallable(() -> tenantAsOf.replay(member.tenantId(), instant))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    private static Instant parse(String asOf) {
        if (asOf == null) {
            throw new AuditRequestProblem("'asOf' is required: the instant to show the tenant at, such as 2026-11-29T08:00:00Z.");
        }
        return AuditRequestProblem.instant("asOf", asOf);
    }
}
