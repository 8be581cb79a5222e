package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.eventstore.SealedPayloads;
import ai.crosslayer.ops.testing.ServiceSchema;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportFormat;
import ai.crosslayer.query.audit.AuditExportReader;
import ai.crosslayer.query.audit.AuditExportWriter;
import ai.crosslayer.query.audit.AuditLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the audit log; it asserts correctness only, never speed, and prints what it measured.
 * Not part of the test command (its name matches neither Surefire's nor Failsafe's patterns); run it
 * with the README's benchmark command. Issue #3.
 */
public class AuditBenchmark {

    private static final String TENANT = "bbbbbbbb-0000-4000-8000-00000000b1e5";
    private static final int APPEND_ROWS = 50_000;
    private static final int EXPORT_ROWS = Integer.getInteger("audit.benchmark.events", 1_000_000);
    private static final int SEALING_ROWS = 50_000;
    private static final String PLAIN_TENANT = "eeeeeeee-0000-4000-8000-00000000b1e5";
    private static final String SEALED_TENANT = "ffffffff-0000-4000-8000-00000000b1e5";

    @Test
    void appendExportAndVerify() throws IOException {
        DataSource owner = migratedDatabase();
        JdbcTemplate sql = new JdbcTemplate(owner);

        // Append: the same rows into the chained event table and into a copy without the chain.
        double[] append = appendUnchainedAndChained(sql);
        report("append, one statement of %d rows, no chain: %.0f events/s", APPEND_ROWS, append[0]);
        report("append, one statement of %d rows, with chain: %.0f events/s (%.0f%% of unchained)",
                APPEND_ROWS, append[1], 100 * append[1] / append[0]);
        double singleUnchained = rowsPerSecond(() -> insertOneByOne(sql, "unchained_event_entry", 2_000));
        double singleChained = rowsPerSecond(() -> insertOneByOne(sql, "domain_event_entry", 2_000));
        report("append, one transaction per event, no chain: %.0f events/s", singleUnchained * 2_000);
        report("append, one transaction per event, with chain: %.0f events/s (%.0f%%)",
                singleChained * 2_000, 100 * singleChained / singleUnchained);

        // Seed the log to export: one tenant, EXPORT_ROWS chained events.
        long seedStart = System.nanoTime();
        insert(sql, "domain_event_entry", TENANT, EXPORT_ROWS);
        report("seeded %d chained events in %.1f s", EXPORT_ROWS, (System.nanoTime() - seedStart) / 1e9);
        exportAndVerify(owner, TENANT, EXPORT_ROWS).forEach(measured -> report("%s", measured));
    }

    /**
     * The cost of sealing personal fields (issue 18), both forms in the same run: {@value #SEALING_ROWS}
     * {@code MemberJoined} events serialized (the email sealed, or in the clear as before sealing), read back,
     * appended (batches of 1,000 rows, one statement each, through the chain trigger) and exported in both formats.
     * The data key lookup is left out: the vault keeps opened keys in memory, so a stream pays it once per person.
     */
    @Test
    void sealingCost() throws IOException {
        DataSource owner = migratedDatabase();
        JdbcTemplate sql = new JdbcTemplate(owner);
        SealedPayloads plain = SealedPayloads.plain();
        SealedPayloads sealed = SealedPayloads.sealed();
        // Warm both paths up first, so that neither pays for the JIT in its measurement.
        for (int i = 0; i < 20_000; i++) {
            plain.read(plain.memberJoined(PLAIN_TENANT, i));
            sealed.read(sealed.memberJoined(SEALED_TENANT, i));
        }
        for (boolean sealing : new boolean[]{false, true}) {
            SealedPayloads payloads = sealing ? sealed : plain;
            String tenant = sealing ? SEALED_TENANT : PLAIN_TENANT;
            String form = sealing ? "sealed" : "plaintext";
            List<byte[]> stored = new ArrayList<>(SEALING_ROWS);
            long start = System.nanoTime();
            for (int i = 0; i < SEALING_ROWS; i++) {
                stored.add(payloads.memberJoined(tenant, i));
            }
            report("sealing: serialize MemberJoined, %s email: %.0f events/s (%d bytes each)", form,
                    SEALING_ROWS / seconds(start), stored.get(0).length);
            start = System.nanoTime();
            for (int i = 0; i < SEALING_ROWS; i++) {
                assertThat(payloads.read(stored.get(i)).email()).isEqualTo("member" + i + "@bench.test");
            }
            report("sealing: read MemberJoined back, %s email: %.0f events/s", form, SEALING_ROWS / seconds(start));
            start = System.nanoTime();
            for (int from = 0; from < SEALING_ROWS; from += 1_000) {
                List<Object[]> batch = new ArrayList<>();
                for (int i = from; i < Math.min(from + 1_000, SEALING_ROWS); i++) {
                    batch.add(new Object[]{tenant, tenant + "-" + i, stored.get(i)});
                }
                sql.batchUpdate("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, "
                        + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                        + "VALUES (?, gen_random_uuid()::text, ?, 0, 'Tenant', "
                        + "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
                        + "'ai.crosslayer.kernel.tenant.MemberJoined', '1', ?, convert_to('{}', 'UTF8'))", batch);
            }
            report("sealing: append, %s email: %.0f events/s", form, SEALING_ROWS / seconds(start));
            exportAndVerify(owner, tenant, SEALING_ROWS).forEach(measured -> report("sealing, %s email: %s", form, measured));
            if (sealing) {
                // The export's personal annotation (issue 18), in the same run: the sealed events' one data key, live.
                // Back to back with the same exports without it, both warm.
                String keyId = new ObjectMapper().readTree(stored.get(0)).path("email").path("key").asText();
                AuditLog log = new AuditLog(owner, DSL.using(SQLDialect.POSTGRES));
                exports(new AuditExportWriter(log, new ObjectMapper(), Clock.systemUTC()), tenant, SEALING_ROWS)
                        .forEach(measured -> report("sealing, sealed email, without the personal annotation: %s", measured));
                exports(new AuditExportWriter(log, new ObjectMapper(), Clock.systemUTC(), null, new OneLiveKey(keyId)),
                        tenant, SEALING_ROWS)
                        .forEach(measured -> report("sealing, sealed email, with the personal annotation: %s", measured));
            }
        }
    }

    /**
     * The data keys as the export reads them, for a benchmark without the service: one live key. Only
     * {@link #keyStates} is read by an export.
     */
    private record OneLiveKey(String keyId) implements PersonalDataKeys {
        @Override
        public Map<String, KeyState> keyStates(TenantId tenant) {
            return Map.of(keyId, new KeyState("member:bench", false));
        }

        @Override
        public boolean destroy(TenantId tenant, String subject) {
            throw new UnsupportedOperationException("an export only reads key states");
        }

        @Override
        public boolean isKnown(TenantId tenant, String subject) {
            throw new UnsupportedOperationException("an export only reads key states");
        }

        @Override
        public int destroyAllOf(TenantId tenant) {
            throw new UnsupportedOperationException("an export only reads key states");
        }
    }

    private static DataSource migratedDatabase() {
        DataSource owner = TestPostgres.freshDatabase().dataSource();
        ServiceSchema.flyway(owner).migrate();
        return owner;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Events per second appended as one statement of {@value #APPEND_ROWS} rows: into a copy of the event table
     * without the chain (created here), then into the chained table. The cost benchmark shows these too.
     */
    public static double[] appendUnchainedAndChained(JdbcTemplate sql) {
        sql.execute("CREATE TABLE unchained_event_entry (LIKE domain_event_entry INCLUDING DEFAULTS INCLUDING INDEXES)");
        sql.execute("ALTER TABLE unchained_event_entry DROP COLUMN tenant_sequence, DROP COLUMN prev_hash, DROP COLUMN hash");
        double unchained = rowsPerSecond(() -> insert(sql, "unchained_event_entry", "cccccccc-0000-4000-8000-00000000b1e5", APPEND_ROWS));
        double chained = rowsPerSecond(() -> insert(sql, "domain_event_entry", "cccccccc-0000-4000-8000-00000000b1e5", APPEND_ROWS));
        return new double[]{unchained * APPEND_ROWS, chained * APPEND_ROWS};
    }

    /** One measurement of an export or a verification. */
    public record Measured(String what, long events, double seconds, long peakHeapMb) {
        public double eventsPerSecond() {
            return events / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d events in %.1f s = %.0f events/s, peak heap in use %d MB",
                    what, events, seconds, eventsPerSecond(), peakHeapMb);
        }
    }

    /**
     * Exports {@code tenant}'s {@code rows} chained events in every format, then verifies the chain from an
     * export file and from the database. Asserts that every event was exported and that both verifications pass.
     */
    public static List<Measured> exportAndVerify(DataSource owner, String tenant, int rows) throws IOException {
        return exportAndVerify(owner, tenant, rows, List.of());
    }

    /**
     * As {@link #exportAndVerify(DataSource, String, int)}, trusting {@code trustedKeys}: the checkpoint keys of a
     * service running beside the benchmark, whose audit job may sign the tenant's head meanwhile.
     */
    public static List<Measured> exportAndVerify(DataSource owner, String tenant, int rows, Collection<byte[]> trustedKeys)
            throws IOException {
        AuditLog log = new AuditLog(owner, DSL.using(SQLDialect.POSTGRES));
        AuditExportWriter export = new AuditExportWriter(log, new ObjectMapper(), Clock.systemUTC());
        List<Measured> measured = exports(export, tenant, rows);

        Path file = Files.createTempFile("audit-benchmark", ".ndjson");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            export.write(new TenantId(tenant), AuditExportFormat.NDJSON, null, line -> {
                try {
                    out.write(line);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        HeapPeak fileHeap = HeapPeak.start();
        long fileStart = System.nanoTime();
        AuditChain.Report fromFile;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            fromFile = AuditExportReader.verify(in, trustedKeys, new ObjectMapper());
        }
        measured.add(new Measured("verify from an export file", fromFile.eventsVerified(),
                (System.nanoTime() - fileStart) / 1e9, fileHeap.stop() / 1_000_000));
        assertThat(fromFile.valid()).as("verified from the file: %s", fromFile.firstFailure()).isTrue();
        Files.delete(file);

        HeapPeak heap = HeapPeak.start();
        long start = System.nanoTime();
        AuditChain.Report verified = log.verify(new TenantId(tenant), trustedKeys);
        measured.add(new Measured("verify from the database", verified.eventsVerified(), (System.nanoTime() - start) / 1e9,
                heap.stop() / 1_000_000));
        assertThat(verified.valid()).as("verified in the database: %s", verified.firstFailure()).isTrue();
        assertThat(verified.eventsVerified()).isEqualTo(rows);
        return measured;
    }

    /** Exports {@code tenant}'s {@code rows} events in every format with {@code export}, measuring each. */
    private static List<Measured> exports(AuditExportWriter export, String tenant, int rows) {
        List<Measured> measured = new ArrayList<>();
        for (AuditExportFormat format : AuditExportFormat.values()) {
            AtomicLong bytes = new AtomicLong();
            AtomicLong lines = new AtomicLong();
            HeapPeak heap = HeapPeak.start();
            long start = System.nanoTime();
            export.write(new TenantId(tenant), format, null, line -> {
                bytes.addAndGet(line.length() + 1);
                lines.incrementAndGet();
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            measured.add(new Measured(String.format(Locale.ROOT, "export %s (%.0f MB written)", format, bytes.get() / 1e6),
                    rows, seconds, heap.stop() / 1_000_000));
            assertThat(lines.get()).isGreaterThanOrEqualTo(rows);
        }
        return measured;
    }

    public static void insert(JdbcTemplate sql, String table, String tenant, int rows) {
        insert(sql, table, tenant, rows, table + tenant);
    }

    /** @param aggregates what the aggregate ids begin with: a second batch for one tenant needs other ones */
    public static void insert(JdbcTemplate sql, String table, String tenant, int rows, String aggregates) {
        sql.update("INSERT INTO " + table + " (tenant_id, event_identifier, aggregate_identifier, sequence_number, type, "
                + "time_stamp, payload_type, payload_revision, payload, meta_data) "
                + "SELECT ?, gen_random_uuid()::text, ? || '-' || (n / 100), n % 100, 'Tenant', "
                + "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
                + "'ai.crosslayer.kernel.tenant.MemberSignedIn', '2', "
                + "convert_to('{\"tenantId\":\"' || ? || '\",\"userId\":\"user_' || n || '\",\"method\":\"WORKOS\","
                + "\"organizationId\":null,\"signedInAt\":\"2026-11-29T08:00:00Z\"}', 'UTF8'), "
                + "convert_to('{\"actor\":\"user_' || n || '\",\"source\":\"dashboard\",\"correlationId\":\"' "
                + "|| gen_random_uuid() || '\"}', 'UTF8') "
                + "FROM generate_series(1, ?) AS n", tenant, aggregates, tenant, rows);
    }

    private static void insertOneByOne(JdbcTemplate sql, String table, int rows) {
        String tenant = "dddddddd-0000-4000-8000-00000000b1e5";
        for (int i = 0; i < rows; i++) {
            sql.update("INSERT INTO " + table + " (tenant_id, event_identifier, aggregate_identifier, sequence_number, "
                    + "type, time_stamp, payload_type, payload) VALUES (?, gen_random_uuid()::text, ?, 0, 'Tenant', "
                    + "'2026-11-29T08:00:00Z', 'x.Y', '\\x7b7d'::bytea)", tenant, table + i);
        }
    }

    private static double rowsPerSecond(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return 1 / ((System.nanoTime() - start) / 1e9);
    }

    private static void report(String format, Object... args) {
        System.out.println("[audit benchmark] " + String.format(format, args));
    }

    /** Samples heap in use every 20 ms on a daemon thread; reports the highest sample. */
    private static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread sampler;

        static HeapPeak start() {
            System.gc();
            HeapPeak heap = new HeapPeak();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            heap.sampler = new Thread(() -> {
                while (heap.running.get()) {
                    heap.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            heap.sampler.setDaemon(true);
            heap.sampler.start();
            return heap;
        }

        long stop() {
            running.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return peak.get();
        }
    }
}
