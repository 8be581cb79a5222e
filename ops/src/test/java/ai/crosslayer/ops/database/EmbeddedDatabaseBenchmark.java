package ai.crosslayer.ops.database;

import ai.crosslayer.ops.testing.ServiceSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What durability costs an append (issue 11.4): the service's shape — one chained event per transaction, one
 * connection — on the embedded database as it was (zonky's defaults: {@code fsync} and {@code
 * synchronous_commit} off) and as it is now ({@link EmbeddedPostgresServer}: both on). Not part of the test
 * command (it is not an {@code *IT}); the README's "Measured" table has its numbers.
 */
class EmbeddedDatabaseBenchmark {

    private static final int APPENDS = Integer.getInteger("embedded.benchmark.appends", 2_000);

    @TempDir
    Path dir;

    @Test
    void appendLatencyWithoutAndWithDurability() throws Exception {
        try (EmbeddedPostgres before = EmbeddedPostgres.builder().start()) {
            report("zonky defaults (fsync off, synchronous_commit off)", before.getPostgresDatabase());
        }
        try (EmbeddedPostgresServer now = EmbeddedPostgresServer.start(dir)) {
            SingleConnectionDataSource owner = new SingleConnectionDataSource(now.jdbcUrl(), EmbeddedPostgresServer.OWNER,
                    now.ownerPassword(), true);
            report("CrossLayer's embedded server (fsync, synchronous_commit, full_page_writes on)", owner);
            owner.destroy();
        }
    }

    private static void report(String what, DataSource dataSource) throws Exception {
        ServiceSchema.flyway(dataSource).migrate();
        JdbcTemplate sql = new JdbcTemplate(new SingleConnectionDataSource(dataSource.getConnection(), true));
        String settings = sql.queryForObject("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings "
                + "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')", String.class);
        long[] nanos = new long[APPENDS];
        long start = System.nanoTime();
        for (int i = 0; i < APPENDS; i++) {
            long t = System.nanoTime();
            sql.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, sequence_number, "
                    + "type, time_stamp, payload_type, payload) VALUES ('eeeeeeee-0000-4000-8000-00000000b1e5', "
                    + "gen_random_uuid()::text, ?, 0, 'Tenant', '2026-11-29T08:00:00Z', 'x.Y', '\\x7b7d'::bytea)",
                    "aggregate-" + i);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf("[embedded benchmark] %s [%s]: %d appends (one transaction each, chained) = %.0f events/s; "
                        + "median %.2f ms, p99 %.2f ms, max %.2f ms; data on %s%n", what, settings, APPENDS,
                APPENDS / seconds, nanos[APPENDS / 2] / 1e6, nanos[APPENDS * 99 / 100] / 1e6, nanos[APPENDS - 1] / 1e6,
                Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir"))).type());
    }
}
