package ai.crosslayer.command.tenant.app;

import ai.crosslayer.command.tenant.store.SignInKeys;
import ai.crosslayer.kernel.Sha256;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Server-side sessions (issue 12 item 4): each sign-in gets a random session id, carried in the signed
 * cookie and kept (as its SHA-256) in {@code member_session}. A cookie counts only while its row exists,
 * so signing out, signing out everywhere and removing a member end sessions at once, on every node.
 *
 * <p>Each request's lookup also reads the member's role from {@code member_role} ({@link MemberRoles}), which
 * changes in the transaction of the role change itself: the principal it builds carries the role every permission
 * check asks, and a demoted admin's next request is a non-admin's.
 *
 * <p>Cost per request: one primary-key lookup in the tenant's scope, joined to one primary-key row, on a
 * bounded-elastic thread, with no cache — a cache would let a signed-out cookie (or an old role) work until it
 * expired from the cache, and would have to be shared between nodes to be correct.
 *
 * <p>A removed member's sessions end with the command that removes them: this bean handles
 * {@link MemberRemoved} in the subscribing group that runs in the command's own transaction, beside the
 * sign-in key's removal, so the aggregate stays free of tables.
 */
@Component
@ProcessingGroup(SignInKeys.PROCESSING_GROUP)
public class MemberSessions {

    private static final Table<Record> SESSIONS = table(name("member_session"));
    private static final Field<String> TENANT = field(name("tenant_id"), String.class);
    private static final Field<String> SESSION = field(name("session_hash"), String.class);
    private static final Field<String> USER = field(name("user_id"), String.class);
    private static final Field<OffsetDateTime> SIGNED_IN = field(name("signed_in_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> EXPIRES = field(name("expires_at"), OffsetDateTime.class);
    // The same columns, qualified, for the lookup that joins member_role.
    private static final Field<String> SESSION_TENANT = field(name("member_session", "tenant_id"), String.class);
    private static final Field<String> SESSION_HASH = field(name("member_session", "session_hash"), String.class);
    private static final Field<String> SESSION_USER = field(name("member_session", "user_id"), String.class);
    private static final Field<OffsetDateTime> SESSION_EXPIRES = field(name("member_session", "expires_at"), OffsetDateTime.class);

    private final SessionCookies cookies;
    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    MemberSessions(SessionCookies cookies, DSLContext sql, TransactionTemplate transactions, Clock clock) {
        this.cookies = cookies;
        this.sql = sql;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Starts a session for member {@code userId} of {@code tenant} and answers its cookie. Every call is a new
     * session, so two sign-ins in the same second are two sessions, each ended on its own. Also sweeps the
     * tenant's expired sessions. Blocking.
     */
    public ResponseCookie start(TenantId tenant, String userId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiry = cookies.expiryFromNow();
        OffsetDateTime now = OffsetDateTime.now(clock);
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> {
            sql.deleteFrom(SESSIONS).where(TENANT.eq(tenant.value())).and(EXPIRES.lt(now)).execute();
            sql.insertInto(SESSIONS, TENANT, SESSION, USER, SIGNED_IN, EXPIRES)
                    .values(tenant.value(), Sha256.hex(sessionId), userId, now, expiry.atOffset(ZoneOffset.UTC))
                    .execute();
        }));
        return cookies.issue(tenant, userId, sessionId, expiry);
    }

    /**
     * The member whose session {@code request}'s cookie proves (signed with our key, not expired, not signed out),
     * with their current role ({@link MemberRoles}). Empty for anything else, and for a member who has no role:
     * they are no member any more. Runs its lookup off the event loop.
     */
    public Mono<Optional<SignedInMember>> signedIn(ServerHttpRequest request) {
        Optional<SessionCookies.Claim> claim = cookies.verify(request.getCookies().getFirst(cookies.name()));
        if (claim.isEmpty()) {
            // Nothing signed: no reason to leave the event loop.
            return Mono.just(Optional.empty());
        }
        SessionCookies.Claim proved = claim.get();
        return Mono.fromCallable(() -> roleOf(proved)
                        .map(role -> new SignedInMember(proved.tenantId(), proved.userId(), role)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The claim of a cookie whose session is still signed in. Runs its lookup off the event loop. */
    public Mono<Optional<SessionCookies.Claim>> signedIn(HttpCookie cookie) {
        Optional<SessionCookies.Claim> claim = cookies.verify(cookie);
        if (claim.isEmpty()) {
            return Mono.just(Optional.empty());
        }
        return Mono.fromCallable(() -> claim.filter(proved -> roleOf(proved).isPresent()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Ends the session of {@code claim}. Blocking. */
    public void end(SessionCookies.Claim claim) {
        TenantId tenant = claim.tenantId();
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> sql.deleteFrom(SESSIONS)
                .where(TENANT.eq(tenant.value())).and(SESSION.eq(Sha256.hex(claim.sessionId())))
                .execute()));
    }

    /**
     * Ends every session of one member at once: "sign out everywhere", and the port through which removing
     * a member from a tenant signs them out. Answers how many sessions were ended. Blocking.
     */
    public int endAllOf(TenantId tenant, String userId) {
        return TenantScope.call(tenant, () -> transactions.execute(status -> sql.deleteFrom(SESSIONS)
                .where(TENANT.eq(tenant.value())).and(USER.eq(userId))
                .execute()));
    }

    @EventHandler
    void on(MemberRemoved event) {
        endAllOf(event.tenantId(), event.userId());
    }

    /**
     * The role of the member whose session {@code claim} names, if that session is signed in and unexpired: one
     * lookup by primary key, joined to the member's row in {@code member_role}.
     */
    private Optional<MemberRole> roleOf(SessionCookies.Claim claim) {
        TenantId tenant = claim.tenantId();
        OffsetDateTime now = OffsetDateTime.now(clock);
        return TenantScope.call(tenant, () -> transactions.execute(status -> sql.select(MemberRoles.ROLE_OF_SESSION)
                .from(SESSIONS)
                .join(MemberRoles.ROLES).on(MemberRoles.TENANT_OF_ROLE.eq(SESSION_TENANT))
                .and(MemberRoles.USER_OF_ROLE.eq(SESSION_USER))
                .where(SESSION_TENANT.eq(tenant.value()))
                .and(SESSION_HASH.eq(Sha256.hex(claim.sessionId())))
                .and(SESSION_USER.eq(claim.userId()))
                .and(SESSION_EXPIRES.gt(now))
                .fetchOptional(MemberRoles.ROLE_OF_SESSION)
                .map(MemberRole::valueOf)));
    }
}
