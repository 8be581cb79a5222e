package ai.crosslayer.projections.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a rebuild's writes ({@link ProjectionWrites#forRebuild}) merge runs of sign-ins into fewer statements,
 * and leave the rows the live processors' one statement per event leaves.
 */
class TenantDirectoryRebuildWritesTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    private DSLContext sql;
    private final List<String> executed = new ArrayList<>();

    @BeforeEach
    void setUp() {
        DataSource dataSource = TestPostgres.freshDatabase().dataSource();
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:../ops/src/main/resources/db/eventstore", "classpath:db/projections")
                .load().migrate();
        sql = DSL.using(new DefaultConfiguration().set(dataSource).set(SQLDialect.POSTGRES)
                .set(new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext context) {
                        executed.add(context.sql());
                    }
                }));
        sql.execute("INSERT INTO tenant (tenant_id) VALUES (?)", ACME.value());
    }

    @Test
    void aRunOfSignInsIsOneStatementWithEachMembersLatestAndARemovalBetweenEndsTheRun() {
        List<Object> events = new ArrayList<>(List.of(
                new TenantCreated(ACME, "acme.test", null, "acme.test", T0),
                new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0),
                new MemberJoined(ACME, "user_bob", "bob@acme.test", MemberRole.MEMBER, T0)));
        // Out of order on purpose: the greatest sign-in wins, not the last one.
        for (int day : new int[]{3, 9, 2, 7, 5}) {
            events.add(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T0.plusSeconds(86_400L * day)));
            events.add(new MemberSignedIn(ACME, "user_bob", SignInMethod.WORKOS, null, T0.plusSeconds(3_600L * day)));
        }
        events.add(new MemberSignedIn(ACME, "user_nobody", SignInMethod.WORKOS, null, T0));
        // Ada leaves and comes back: her sign-ins before that must not reach her new row.
        events.add(new MemberRemoved(ACME, "user_ada", MemberRole.ADMIN, T0));
        events.add(new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.MEMBER, T0));
        events.add(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T0.plusSeconds(60)));
        events.add(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T0.plusSeconds(30)));

        Map<String, OffsetDateTime> live = replay(new ProjectionWrites(sql, tenant -> { }), events);
        int liveStatements = executed.size();
        sql.truncate("tenant_directory").cascade().execute();
        executed.clear();
        Map<String, OffsetDateTime> rebuilt = replay(ProjectionWrites.forRebuild(sql, tenant -> { }), events);

        assertThat(live).containsExactlyInAnyOrderEntriesOf(Map.of(
                "user_ada", T0.plusSeconds(60).atOffset(ZoneOffset.UTC),
                "user_bob", T0.plusSeconds(3_600L * 9).atOffset(ZoneOffset.UTC)));
        assertThat(rebuilt).as("the same rows as the live processors write").isEqualTo(live);
        assertThat(liveStatements).as("one statement per event, batched").isGreaterThan(0);
        assertThat(executed.stream().map(String::toLowerCase).filter(statement -> statement.startsWith("update")).toList())
                .as("the 11 sign-ins before the removal in one statement, the 2 after it in another")
                .hasSize(2)
                .allMatch(statement -> statement.contains(" from (select"))
                .as("naming their tenant as one alone does, for the tenant guard")
                .allMatch(statement -> statement.contains(".\"tenant_id\" = ?"));
    }

    @Test
    void oneMembersRunOfSignInsIsOneStatementToTheGreatest() {
        List<Object> events = new ArrayList<>(List.of(
                new TenantCreated(ACME, "acme.test", null, "acme.test", T0),
                new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0)));
        for (int minute : new int[]{4, 11, 2}) {
            events.add(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T0.plusSeconds(60L * minute)));
        }
        executed.clear();
        assertThat(replay(ProjectionWrites.forRebuild(sql, tenant -> { }), events))
                .containsExactly(Map.entry("user_ada", T0.plusSeconds(60L * 11).atOffset(ZoneOffset.UTC)));
        assertThat(executed.stream().map(String::toLowerCase).filter(statement -> statement.startsWith("update")))
                .hasSize(1);
    }

    @Test
    void aRunOfJoinsIsOneInsertThatKeepsTheFirstOfARepeatedJoinAndASignInBetweenEndsTheRun() {
        List<Object> events = new ArrayList<>(List.of(
                new TenantCreated(ACME, "acme.test", null, "acme.test", T0),
                new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0),
                new MemberJoined(ACME, "user_bob", "bob@acme.test", MemberRole.MEMBER, T0),
                // Delivered twice, the second time with another role: one by one, the first insert wins.
                new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.MEMBER, T0.plusSeconds(1)),
                new MemberJoined(ACME, "user_cy", "cy@acme.test", MemberRole.MEMBER, T0),
                new MemberSignedIn(ACME, "user_cy", SignInMethod.WORKOS, null, T0.plusSeconds(5)),
                new MemberJoined(ACME, "user_dee", "dee@acme.test", MemberRole.ADMIN, T0)));

        replay(new ProjectionWrites(sql, tenant -> { }), events);
        Map<String, String> live = roles();
        sql.truncate("tenant_directory").cascade().execute();
        executed.clear();
        replay(ProjectionWrites.forRebuild(sql, tenant -> { }), events);

        assertThat(live).containsExactlyInAnyOrderEntriesOf(Map.of("user_ada", "ADMIN", "user_bob", "MEMBER",
                "user_cy", "MEMBER", "user_dee", "ADMIN"));
        assertThat(roles()).as("the same rows as the live processors write").isEqualTo(live);
        assertThat(executed.stream().map(String::toLowerCase)
                .filter(statement -> statement.startsWith("insert into \"tenant_directory_member\"")).toList())
                .as("the 4 joins before the sign-in in one statement, the one after it in another")
                .hasSize(2)
                .first().satisfies(statement -> assertThat(statement.split("\\), \\(")).hasSize(4));
    }

    @Test
    void aRebuildsWritesOutsideABatchRunAtOnce() {
        TenantDirectoryProjection projection = new TenantDirectoryProjection(sql,
                ProjectionWrites.forRebuild(sql, tenant -> { }));
        TenantScope.run(ACME, () -> {
            projection.on(new TenantCreated(ACME, "acme.test", null, "acme.test", T0));
            projection.on(new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0));
            projection.on(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T0.plusSeconds(5)));
            projection.on(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T0.plusSeconds(1)));
        });
        assertThat(lastSignIns()).containsExactly(Map.entry("user_ada", T0.plusSeconds(5).atOffset(ZoneOffset.UTC)));
    }

    /** The events in one batch, as a processor or the rebuild hands them over; answers each member's last sign-in. */
    private Map<String, OffsetDateTime> replay(ProjectionWrites writes, List<Object> events) {
        TenantDirectoryProjection projection = new TenantDirectoryProjection(sql, writes);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        TenantScope.run(ACME, () -> events.forEach(event -> {
            if (event instanceof TenantCreated created) {
                projection.on(created);
            } else if (event instanceof MemberJoined joined) {
                projection.on(joined);
            } else if (event instanceof MemberSignedIn signedIn) {
                projection.on(signedIn);
            } else {
                projection.on((MemberRemoved) event);
            }
        }));
        batch.commit();
        return lastSignIns();
    }

    private Map<String, String> roles() {
        return sql.select(TENANT_DIRECTORY_MEMBER.USER_ID, TENANT_DIRECTORY_MEMBER.ROLE).from(TENANT_DIRECTORY_MEMBER)
                .fetchMap(TENANT_DIRECTORY_MEMBER.USER_ID, TENANT_DIRECTORY_MEMBER.ROLE);
    }

    private Map<String, OffsetDateTime> lastSignIns() {
        return sql.select(TENANT_DIRECTORY_MEMBER.USER_ID, TENANT_DIRECTORY_MEMBER.LAST_SIGNED_IN_AT)
                .from(TENANT_DIRECTORY_MEMBER)
                .fetchMap(TENANT_DIRECTORY_MEMBER.USER_ID, TENANT_DIRECTORY_MEMBER.LAST_SIGNED_IN_AT);
    }
}
