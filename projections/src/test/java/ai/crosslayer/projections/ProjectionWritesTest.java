package ai.crosslayer.projections;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.testing.TestPostgres;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 14, item 2: a batch's statements go out together, per tenant, when its unit of work commits. */
class ProjectionWritesTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final TenantId GLOBEX = new TenantId("4f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");

    private DataSource dataSource;
    private DSLContext sql;
    private final List<TenantId> bound = new ArrayList<>();
    private ProjectionWrites writes;

    @BeforeEach
    void setUp() {
        dataSource = TestPostgres.freshDatabase().dataSource();
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:../ops/src/main/resources/db/eventstore", "classpath:db/projections")
                .load().migrate();
        sql = DSL.using(dataSource, SQLDialect.POSTGRES);
        sql.execute("INSERT INTO tenant (tenant_id) VALUES (?), (?)", ACME.value(), GLOBEX.value());
        writes = new ProjectionWrites(sql, bound::add);
    }

    @Test
    void aBatchsStatementsWaitForItsCommitAndAreSentOnceForEachTenant() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        TenantScope.run(ACME, () -> writes.add(insert(ACME, "acme")));
        TenantScope.run(GLOBEX, () -> writes.add(insert(GLOBEX, "globex")));
        TenantScope.run(ACME, () -> writes.add(sql.update(TENANT_DIRECTORY).set(TENANT_DIRECTORY.NAME, "acme, renamed")
                .where(TENANT_DIRECTORY.TENANT_ID.eq(ACME.value()))));
        assertThat(sql.fetchCount(TENANT_DIRECTORY)).as("nothing sent before the commit").isZero();

        batch.commit();

        assertThat(sql.select(TENANT_DIRECTORY.NAME).from(TENANT_DIRECTORY).orderBy(TENANT_DIRECTORY.NAME).fetch(TENANT_DIRECTORY.NAME))
                .as("each tenant's statements in their order").containsExactly("acme, renamed", "globex");
        assertThat(bound).as("the transaction bound once per tenant of the batch").containsExactly(ACME, GLOBEX);
    }

    @Test
    void afterABatchFailedStatementsRunOneByOneSoThatTheFailingEventFailsInItsHandler() {
        UnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        TenantScope.run(ACME, () -> writes.add(sql.insertInto(TENANT_DIRECTORY)
                .set(TENANT_DIRECTORY.TENANT_ID, "a tenant id longer than the thirty-six characters the column holds")
                .set(TENANT_DIRECTORY.NAME, "x").set(TENANT_DIRECTORY.CREATED_AT, OffsetDateTime.now())));
        assertThatThrownBy(failing::commit).isInstanceOf(RuntimeException.class);

        UnitOfWork<?> retry = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("retry"));
        TenantScope.run(ACME, () -> writes.add(insert(ACME, "acme")));
        assertThat(sql.fetchCount(TENANT_DIRECTORY)).as("sent at once, inside the handler").isEqualTo(1);
        retry.commit();
    }

    @Test
    void aBatchIsBatchedOrOneByOneThroughoutWhateverAnotherBatchDoesMeanwhile() throws InterruptedException {
        assertThat(writes.batching()).as("outside a batch statements run at once").isFalse();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        assertThat(writes.batching()).isTrue();
        Thread other = new Thread(() -> {
            UnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("other batch"));
            TenantScope.run(ACME, () -> writes.add(tooLong(sql)));
            assertThatThrownBy(failing::commit).isInstanceOf(RuntimeException.class);
        });
        other.start();
        other.join();
        assertThat(writes.batching()).as("decided once for the batch").isTrue();
        TenantScope.run(ACME, () -> writes.add(insert(ACME, "acme")));
        assertThat(sql.fetchCount(TENANT_DIRECTORY)).as("still waiting for the commit").isZero();
        batch.commit();

        UnitOfWork<?> next = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("next"));
        assertThat(writes.batching()).as("the next batch, after the failure, runs one by one").isFalse();
        next.commit();
    }

    @Test
    void aStatementThatFailsOnItsOwnLeavesTheBatchsTransactionUsable() {
        DSLContext transactional = DSL.using(new TransactionAwareDataSourceProxy(dataSource), SQLDialect.POSTGRES);
        ProjectionWrites oneByOne = new ProjectionWrites(transactional, bound::add);
        UnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        TenantScope.run(ACME, () -> oneByOne.add(tooLong(transactional)));
        assertThatThrownBy(failing::commit).isInstanceOf(RuntimeException.class);

        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
            assertThatThrownBy(() -> TenantScope.run(ACME, () -> oneByOne.add(tooLong(transactional))))
                    .as("fails in its handler").isInstanceOf(RuntimeException.class);
            TenantScope.run(GLOBEX, () -> oneByOne.add(transactional.insertInto(TENANT_DIRECTORY)
                    .set(TENANT_DIRECTORY.TENANT_ID, GLOBEX.value()).set(TENANT_DIRECTORY.NAME, "globex")
                    .set(TENANT_DIRECTORY.CREATED_AT, OffsetDateTime.now())));
            batch.commit();
        });
        assertThat(sql.select(TENANT_DIRECTORY.NAME).from(TENANT_DIRECTORY).fetch(TENANT_DIRECTORY.NAME))
                .as("the next event's row committed with the batch").containsExactly("globex");
    }

    private static org.jooq.Query tooLong(DSLContext sql) {
        return sql.insertInto(TENANT_DIRECTORY)
                .set(TENANT_DIRECTORY.TENANT_ID, "a tenant id longer than the thirty-six characters the column holds")
                .set(TENANT_DIRECTORY.NAME, "x").set(TENANT_DIRECTORY.CREATED_AT, OffsetDateTime.now());
    }

    private org.jooq.Query insert(TenantId tenant, String name) {
        return sql.insertInto(TENANT_DIRECTORY).set(TENANT_DIRECTORY.TENANT_ID, tenant.value())
                .set(TENANT_DIRECTORY.NAME, name).set(TENANT_DIRECTORY.CREATED_AT, OffsetDateTime.now());
    }
}
