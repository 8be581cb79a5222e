package ai.crosslayer.command.web;

import ai.crosslayer.command.support.Problem;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.FindMemberQuery;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The dashboard's role checks ask the session's role (the command side's), never the lagging tenant directory's. */
class AdminsTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");

    private final QueryGateway directory = Mockito.mock(QueryGateway.class);
    private final Admins admins = new Admins(directory);

    @Test
    void aDemotedAdminIsRefusedThoughTheDirectoryStillShowsThemAsAdmin() {
        directoryShows(MemberRole.ADMIN);
        ServerWebExchange demoted = as(MemberRole.AUDITOR);

        assertRefused(admins.require(demoted), HttpStatus.FORBIDDEN);
        assertRefused(admins.requireAdmin(demoted), HttpStatus.FORBIDDEN);
        assertRefused(admins.requireMayChange(demoted), HttpStatus.FORBIDDEN);
        verifyNoInteractions(directory);
    }

    @Test
    void aMemberMayChangeButIsNoAdmin() {
        ServerWebExchange member = as(MemberRole.MEMBER);

        assertRefused(admins.require(member), HttpStatus.FORBIDDEN);
        assertThat(admins.requireMayChange(member).block()).isEqualTo(member("user_grace", MemberRole.MEMBER));
    }

    @Test
    void anAdminPassesWithoutAskingTheDirectoryAndGetsTheirDirectoryEntryWhereARouteNeedsIt() {
        directoryShows(MemberRole.MEMBER);
        ServerWebExchange promoted = as(MemberRole.ADMIN);

        assertThat(admins.require(promoted).block()).isEqualTo(member("user_grace", MemberRole.ADMIN));
        verifyNoInteractions(directory);
        // A promotion the directory has not caught up with counts at once: the entry is for the email and names only.
        assertThat(admins.requireAdmin(promoted).block().email()).isEqualTo("grace@acme.test");
    }

    @Test
    void anAdminTheDirectoryDoesNotShowYetIsAskedToTryAgain() {
        when(directory.query(any(FindMemberQuery.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));

        assertRefused(admins.requireAdmin(as(MemberRole.ADMIN)), HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void aRequestWithoutASessionIsUnauthorized() {
        ServerWebExchange anonymous = MockServerWebExchange.from(MockServerHttpRequest.put("/api/governance"));

        assertRefused(admins.require(anonymous), HttpStatus.UNAUTHORIZED);
        assertRefused(admins.requireMayChange(anonymous), HttpStatus.UNAUTHORIZED);
    }

    private void directoryShows(MemberRole role) {
        MemberView view = new MemberView(ACME, "acme.test", "user_grace", "grace@acme.test", role,
                Instant.parse("2026-11-01T09:00:00Z"), null);
        when(directory.query(any(FindMemberQuery.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.of(view)));
    }

    private static SignedInMember member(String userId, MemberRole role) {
        return new SignedInMember(ACME, userId, role);
    }

    private static ServerWebExchange as(MemberRole role) {
        return MockServerWebExchange.from(MockServerHttpRequest.put("/api/governance")).mutate()
                .principal(Mono.just(member("user_grace", role))).build();
    }

    private static void assertRefused(Mono<?> check, HttpStatus status) {
        assertThatThrownBy(check::block).isInstanceOfSatisfying(Problem.class,
                problem -> assertThat(problem.getStatusCode()).isEqualTo(status));
    }
}
