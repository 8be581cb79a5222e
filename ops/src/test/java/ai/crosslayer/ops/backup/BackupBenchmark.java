package ai.crosslayer.ops.backup;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.audit.AuditBenchmark;
import ai.crosslayer.ops.testing.ServiceSchema;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditLog;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures backup create, verify and restore on a seeded event store; it asserts correctness only (the restored
 * chain verifies, every row is back), never speed, and prints what it measured. Not part of the test command (its
 * name matches neither Surefire's nor Failsafe's patterns); run it with the README's benchmark command.
 */
class BackupBenchmark {

    private static final int EVENTS = Integer.getInteger("backup.benchmark.events", 500_000);
    private static final int TENANTS = 10;

    @TempDir
    Path directory;

    @Test
    void createVerifyAndRestore() throws Exception {
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        BackupKey key = BackupKey.parse(Base64.getEncoder().encodeToString(keyBytes));

        DataSource source = TestPostgres.freshDatabase().dataSource();
        ServiceSchema.flyway(source).migrate();
        JdbcTemplate sql = new JdbcTemplate(source);
        long seedStart = System.nanoTime();
        for (int t = 0; t < TENANTS; t++) {
            AuditBenchmark.insert(sql, "domain_event_entry", tenant(t), EVENTS / TENANTS, "agg-" + t);
        }
        report("seeded %,d chained events of %d tenants in %.1f s", EVENTS, TENANTS, (System.nanoTime() - seedStart) / 1e9);

        Backups.Created created;
        try (Connection owner = source.getConnection()) {
            created = Backups.create(owner, key, directory, "the benchmark", Instant.now(), BackupBenchmark::progress);
        }
        DatabaseBackup.Summary made = created.summary();
        report("create: %d tables, %,d rows, %,.1f MB of COPY data in %.1f s = %,.0f rows/s, %,.1f MB/s; file %,.1f MB",
                made.tables(), made.rows(), made.bytes() / 1e6, made.seconds(), made.rows() / made.seconds(),
                made.megabytesPerSecond(), Files.size(created.file()) / 1e6);

        Backups.Verified verified = Backups.verify(created.file(), key, BackupBenchmark::progress);
        report("verify: %,d rows in %.1f s = %,.1f MB/s", verified.summary().rows(), verified.summary().seconds(),
                verified.summary().megabytesPerSecond());

        DataSource target = TestPostgres.freshDatabase().dataSource();
        ServiceSchema.flyway(target).migrate();
        DatabaseBackup.Summary restored;
        try (Connection owner = target.getConnection()) {
            restored = Backups.restore(owner, created.file(), key, BackupBenchmark::progress);
        }
        report("restore: %,d rows in %.1f s = %,.0f rows/s, %,.1f MB/s", restored.rows(), restored.seconds(),
                restored.rows() / restored.seconds(), restored.megabytesPerSecond());

        JdbcTemplate restoredSql = new JdbcTemplate(target);
        assertThat(restoredSql.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class))
                .isEqualTo(sql.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class));
        long verifyStart = System.nanoTime();
        AuditChain.Report report = new AuditLog(target, DSL.using(SQLDialect.POSTGRES)).verify(new TenantId(tenant(0)), List.of());
        assertThat(report.valid()).isTrue();
        assertThat(report.eventsVerified()).isEqualTo(EVENTS / TENANTS);
        report("the restored chain of one tenant verifies: %,d events in %.1f s", report.eventsVerified(),
                (System.nanoTime() - verifyStart) / 1e9);
    }

    private static String tenant(int t) {
        return String.format("bbbbbbbb-0000-4000-8000-%012d", t);
    }

    private static void progress(String line) {
        System.out.println("[backup benchmark] " + line);
    }

    private static void report(String format, Object... args) {
        System.out.println("[backup benchmark] " + String.format(format, args));
    }
}
