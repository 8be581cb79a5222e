package ai.crosslayer.query.tenant;

import ai.crosslayer.kernel.tenant.FindMembersQuery;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/members}: the members of the caller's tenant and their roles, for any member (auditors
 * included), from the tenant directory. Changing them is the write side's ({@code PUT /api/members/{userId}/role},
 * {@code DELETE /api/members/{userId}}).
 */
@RestController
class MemberRoutes {

    /**
     * One member. {@code displayName} is {@code null} until a sign-in records a name (neither sign-in path does
     * today: WorkOS's profile name is not kept); show the email then.
     */
    record Member(String userId, String email, String displayName, MemberRole role, Instant joinedAt) {
    }

    private final QueryGateway queries;

    MemberRoutes(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/members")
    Mono<List<Member>> members(ServerWebExchange exchange) {
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(caller -> Mono.fromFuture(() -> queries.query(new FindMembersQuery(caller.tenantId()),
                                ResponseTypes.multipleInstancesOf(MemberView.class)))
                        // The query bus answers on the calling thread, with JDBC: not on Netty's.
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(views -> views.stream()
                        .map(m -> new Member(m.userId(), m.email(), null, m.role(), m.joinedAt()))
                        .toList());
    }
}
