package ai.crosslayer.command.integration.store;

import ai.crosslayer.kernel.Sha256;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The {@code state} of an OAuth install: random, kept (as a hash) for ten minutes, bound to the session
 * that started the install, and usable once. A callback whose state was already used, has expired, or
 * was started by another session (another member, another tenant, or another sign-in of the same member)
 * is refused before the provider's code is exchanged.
 */
@Component
public class OAuthStates {

    static final Duration TTL = Duration.ofMinutes(10);

    private static final Table<Record> STATES = table(name("oauth_state"));
    private static final Field<String> TENANT = field(name("tenant_id"), String.class);
    private static final Field<String> STATE = field(name("state_hash"), String.class);
    private static final Field<String> PROVIDER = field(name("provider"), String.class);
    private static final Field<String> USER = field(name("user_id"), String.class);
    private static final Field<String> SESSION = field(name("session_hash"), String.class);
    private static final Field<OffsetDateTime> EXPIRES = field(name("expires_at"), OffsetDateTime.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    OAuthStates(DSLContext sql, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A new state for {@code member}'s install of {@code provider}, in the session {@code session}. Blocking. */
    public String issue(Provider provider, SignedInMember member, String session) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        TenantScope.run(member.tenantId(), () -> transactions.executeWithoutResult(status -> {
            sql.deleteFrom(STATES).where(TENANT.eq(member.tenantId().value())).and(EXPIRES.lt(now)).execute();
            sql.insertInto(STATES, TENANT, STATE, PROVIDER, USER, SESSION, EXPIRES)
                    .values(member.tenantId().value(), Sha256.hex(state), provider.name(), member.userId(), Sha256.hex(session),
                            now.plus(TTL))
                    .execute();
        }));
        return state;
    }

    /** Uses up {@code state}: {@code true} only the first time, within its lifetime, from the session that started it. Blocking. */
    public boolean consume(Provider provider, SignedInMember member, String session, String state) {
        if (state == null || state.isBlank() || session == null) {
            return false;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return TenantScope.call(member.tenantId(), () -> transactions.execute(status -> sql.deleteFrom(STATES)
                .where(TENANT.eq(member.tenantId().value())).and(STATE.eq(Sha256.hex(state)))
                .returning(PROVIDER, USER, SESSION, EXPIRES)
                .fetchOptional()
                .filter(row -> row.get(PROVIDER).equals(provider.name()))
                .filter(row -> row.get(USER).equals(member.userId()))
                .filter(row -> MessageDigest.isEqual(row.get(SESSION).getBytes(StandardCharsets.UTF_8),
                        Sha256.hex(session).getBytes(StandardCharsets.UTF_8)))
                .filter(row -> row.get(EXPIRES).isAfter(now))
                .isPresent()));
    }

}
