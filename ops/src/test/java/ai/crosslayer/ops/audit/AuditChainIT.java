package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportFormat;
import ai.crosslayer.query.audit.AuditExportReader;
import ai.crosslayer.query.audit.AuditExportWriter;
import ai.crosslayer.query.audit.NotAnExport;
import ai.crosslayer.query.audit.AuditLog;
import ai.crosslayer.ops.testing.TwoTenantDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static ai.crosslayer.ops.testing.TwoTenantDatabase.A;
import static ai.crosslayer.ops.testing.TwoTenantDatabase.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log's guarantees against a real PostgreSQL: append-only for every role, one unbroken
 * chain per tenant under concurrent appends, checkpoints, and a verifier that names the first event
 * that fails — from the database and from an export file. Issue #3.
 */
class AuditChainIT {

    private TwoTenantDatabase db;
    private DataSource app;
    private AuditLog log;
    private AuditSigningKey key;

    @BeforeEach
    void setUp() {
        db = new TwoTenantDatabase();
        app = db.as("crosslayer_app");
        log = new AuditLog(app, DSL.using(SQLDialect.POSTGRES));
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        key = new AuditSigningKey(Base64.getEncoder().encodeToString(seed));
    }

    @Test
    void theApplicationRoleCanNeitherUpdateNorDeleteNorTruncateEvents() {
        JdbcTemplate sql = new JdbcTemplate(app);
        for (String change : List.of("UPDATE domain_event_entry SET payload = '\\x00'", "DELETE FROM domain_event_entry",
                "TRUNCATE domain_event_entry")) {
            assertThatThrownBy(() -> sql.execute(change)).as(change).rootCause().hasMessageContaining("permission denied");
        }
    }

    @Test
    void theOwnerIsRefusedToo() {
        for (String change : List.of("UPDATE domain_event_entry SET payload = '\\x00'", "DELETE FROM domain_event_entry",
                "TRUNCATE domain_event_entry CASCADE")) {
            assertThatThrownBy(() -> db.owner.execute(change)).as(change).rootCause().hasMessageContaining("append-only");
        }
        assertThat(db.owner.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isEqualTo(2);
    }

    @Test
    void theDatabaseAndTheJavaVerifierComputeTheSameChain() {
        append(A, 5);
        appendAs(A, "{\"text\":\"naïve — ünïcödé ✓\"}", null, null);
        assertThat(log.verify(new TenantId(A), key.publicKey().trusted()))
                .isEqualTo(new AuditChain.Report(true, 7, 0, 7, null));
        assertThat(db.owner.queryForObject("SELECT prev_hash FROM domain_event_entry WHERE tenant_id = ? "
                + "AND tenant_sequence = 1", byte[].class, A)).isEqualTo(AuditChain.GENESIS);
    }

    @Test
    void concurrentAppendsToOneTenantFormOneUnbrokenChain() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String tenant = t < 6 ? A : B;
            work.add(threads.submit(() -> append(tenant, 40)));
        }
        for (Future<?> done : work) {
            done.get();
        }
        threads.shutdown();

        assertThat(log.verify(new TenantId(A), key.publicKey().trusted()).valid()).isTrue();
        assertThat(log.verify(new TenantId(A), key.publicKey().trusted()).eventsVerified()).isEqualTo(1 + 6 * 40);
        assertThat(log.verify(new TenantId(B), key.publicKey().trusted()).eventsVerified()).isEqualTo(1 + 2 * 40);
        assertThat(db.owner.queryForObject("SELECT max(tenant_sequence) = count(*) FROM domain_event_entry "
                + "WHERE tenant_id = ?", Boolean.class, A)).isTrue();
    }

    @Test
    void anAlteredRowIsPinpointed() {
        append(A, 5);
        tamper("UPDATE domain_event_entry SET payload = convert_to('{\"forged\":true}', 'UTF8') "
                + "WHERE tenant_id = '" + A + "' AND tenant_sequence = 3");
        AuditChain.Report report = log.verify(new TenantId(A), key.publicKey().trusted());
        assertThat(report.valid()).isFalse();
        assertThat(report.eventsVerified()).isEqualTo(2);
        assertThat(report.firstFailure().sequence()).isEqualTo(3);
        assertThat(report.firstFailure().reason()).contains("altered");
        assertThat(log.verify(new TenantId(B), key.publicKey().trusted()).valid()).as("another tenant's chain is untouched").isTrue();
    }

    @Test
    void aDeletedRowIsPinpointed() {
        append(A, 5);
        tamper("DELETE FROM domain_event_entry WHERE tenant_id = '" + A + "' AND tenant_sequence = 4");
        AuditChain.Failure failure = log.verify(new TenantId(A), key.publicKey().trusted()).firstFailure();
        assertThat(failure.sequence()).isEqualTo(4);
        assertThat(failure.reason()).contains("event 4 is missing");
    }

    @Test
    void twoReorderedRowsArePinpointed() {
        append(A, 5);
        tamper("UPDATE domain_event_entry SET tenant_sequence = -1 WHERE tenant_id = '" + A + "' AND tenant_sequence = 2");
        tamper("UPDATE domain_event_entry SET tenant_sequence = 2 WHERE tenant_id = '" + A + "' AND tenant_sequence = 3");
        tamper("UPDATE domain_event_entry SET tenant_sequence = 3 WHERE tenant_id = '" + A + "' AND tenant_sequence = -1");
        AuditChain.Failure failure = log.verify(new TenantId(A), key.publicKey().trusted()).firstFailure();
        assertThat(failure.sequence()).isEqualTo(2);
    }

    @Test
    void aCheckpointCatchesEventsRemovedFromTheEndWithTheHeadRewound() {
        append(A, 5);
        checkpoint(A);
        assertThat(log.verify(new TenantId(A), key.publicKey().trusted()).checkpointsVerified()).isEqualTo(1);
        tamper("ALTER TABLE domain_event_entry DISABLE TRIGGER ALL");
        tamper("DELETE FROM domain_event_entry WHERE tenant_id = '" + A + "' AND tenant_sequence = 6");
        tamper("UPDATE tenant SET head_sequence = 5, head_hash = (SELECT hash FROM domain_event_entry "
                + "WHERE tenant_id = '" + A + "' AND tenant_sequence = 5) WHERE tenant_id = '" + A + "'");
        AuditChain.Failure failure = log.verify(new TenantId(A), key.publicKey().trusted()).firstFailure();
        assertThat(failure.sequence()).isEqualTo(6);
        assertThat(failure.reason()).contains("removed from its end");
    }

    @Test
    void aCheckpointWhoseSignatureDoesNotHoldFailsVerification() {
        append(A, 2);
        checkpoint(A);
        tamper("UPDATE audit_checkpoint SET signature = decode(repeat('00', 64), 'hex')");
        assertThat(log.verify(new TenantId(A), key.publicKey().trusted()).firstFailure().reason()).contains("signature");
    }

    @Test
    void anExportVerifiesWithTheFileAndThePublicKeyAlone() {
        append(A, 5);
        checkpoint(A);
        for (AuditExportFormat format : AuditExportFormat.values()) {
            String file = export(A, format);
            assertThat(verifyFile(file, key.publicKey().publicKey()))
                    .as(format.name()).isEqualTo(new AuditChain.Report(true, 6, 1, 0, null));
        }
    }

    @Test
    void aTamperedExportLineIsPinpointed() {
        append(A, 5);
        String file = export(A, AuditExportFormat.NDJSON);
        String[] lines = file.split("\n");
        String forged = Base64.getEncoder().encodeToString("{\"forged\":true}".getBytes());
        lines[4] = lines[4].replaceFirst("\"payload\":\"[^\"]+\"", "\"payload\":\"" + forged + "\"");
        AuditChain.Report report = verifyFile(String.join("\n", lines), key.publicKey().publicKey());
        assertThat(report.valid()).isFalse();
        assertThat(report.firstFailure().sequence()).isEqualTo(4);
    }

    @Test
    void aDisplayedFieldThatDiffersFromTheStoredBytesIsCaught() {
        append(A, 2);
        checkpoint(A);
        String file = export(A, AuditExportFormat.NDJSON);
        for (String[] forgery : new String[][]{{"\"action\":\"tenant.test\"", "\"action\":\"tenant.deleted\""},
                {"\"id\":\"user_test\"", "\"id\":\"someone_else\""},
                {"\"data\":{\"n\":1}", "\"data\":{\"n\":99}"},
                {"\"occurredAt\":\"", "\"occurredAt\":\"1999"}}) {
            String[] lines = file.split("\n");
            lines[4] = lines[4].replaceFirst(java.util.regex.Pattern.quote(forgery[0]), java.util.regex.Matcher.quoteReplacement(forgery[1]));
            assertThat(lines[4]).as("the forgery applies").contains(forgery[1]);
            AuditChain.Report report = verifyFile(String.join("\n", lines), key.publicKey().publicKey());
            assertThat(report.valid()).as(forgery[1]).isFalse();
            assertThat(report.firstFailure().sequence()).isEqualTo(3);
            assertThat(report.firstFailure().reason()).contains("displayed", "differ from its stored bytes");
        }
        String csv = export(A, AuditExportFormat.CSV);
        String forgedCsv = csv.replace("\"tenant.test\"", "\"tenant.deleted\"");
        assertThat(verifyFile(forgedCsv, key.publicKey().publicKey()).firstFailure().reason()).contains("action");
    }

    @Test
    void theCsvNamesTenantHeadAndKeyFirstAndTellsNullFromEmpty() {
        appendAs(A, "{}", null, null);
        checkpoint(A);
        String[] rows = export(A, AuditExportFormat.CSV).split("\n");
        java.util.List<String> columns = java.util.Arrays.asList(rows[0].replace("\"", "").split(","));
        java.util.List<String> header = java.util.Arrays.asList(rows[1].split(",", -1));
        assertThat(header.get(columns.indexOf("record"))).isEqualTo("\"export\"");
        assertThat(header.get(columns.indexOf("tenant_id"))).isEqualTo("\"" + A + "\"");
        assertThat(header.get(columns.indexOf("sequence"))).isEqualTo("\"2\"");
        assertThat(header.get(columns.indexOf("key_id"))).isEqualTo("\"" + key.publicKey().keyId() + "\"");
        String event = rows[rows.length - 1];
        java.util.List<String> fields = java.util.Arrays.asList(event.split(",(?=\"|,|$)", -1));
        assertThat(fields.get(columns.indexOf("nulls"))).isEqualTo("\"source;correlation_id;payload_revision;meta_data_base64\"");
        assertThat(verifyFile(String.join("\n", rows), key.publicKey().publicKey()).valid()).isTrue();
    }

    @Test
    void anExportCheckedWithAnotherKeyFails() {
        append(A, 1);
        checkpoint(A);
        byte[] otherKey = new AuditSigningKey(Base64.getEncoder().encodeToString(new byte[32])).publicKey().publicKey();
        assertThat(verifyFile(export(A, AuditExportFormat.NDJSON), otherKey).firstFailure().reason()).contains("not among the trusted keys");
    }

    @Test
    void checkpointsOfARetiredKeyStillVerifyWhileThatKeyIsTrusted() {
        append(A, 2);
        checkpoint(A);
        AuditSigningKey retired = key;
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        key = new AuditSigningKey(Base64.getEncoder().encodeToString(seed));
        append(A, 2);
        checkpoint(A);

        AuditChain.Report withBoth = log.verify(new TenantId(A),
                key.publicKey().withRetired(List.of(retired.publicKey().publicKey())).trusted());
        assertThat(withBoth).isEqualTo(new AuditChain.Report(true, 5, 2, 0, null));
        AuditChain.Failure withNewOnly = log.verify(new TenantId(A), key.publicKey().trusted()).firstFailure();
        assertThat(withNewOnly.reason()).contains("signed by key " + retired.publicKey().keyId(), "not among the trusted keys");
    }

    @Test
    void aFileThatIsNotAnExportIsNamedAsSuch() {
        assertThatThrownBy(() -> verifyFile("{\"hello\":\"world\"}\n", key.publicKey().publicKey()))
                .isInstanceOf(NotAnExport.class).hasMessageContaining("not a crosslayer-audit-export/2 file");
        assertThatThrownBy(() -> verifyFile("", key.publicKey().publicKey())).isInstanceOf(NotAnExport.class);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Appends as the service does: the application role, in the tenant's transaction. */
    private void append(String tenant, int count) {
        for (int i = 0; i < count; i++) {
            appendAs(tenant, "{\"n\":" + i + "}", "1", "{\"actor\":\"user_test\"}");
        }
    }

    private void appendAs(String tenant, String payload, String revision, String metadata) {
        JdbcTemplate sql = new JdbcTemplate(app);
        new TransactionTemplate(new DataSourceTransactionManager(app)).executeWithoutResult(status -> {
            sql.queryForObject("SELECT set_config('crosslayer.tenant_id', ?, true)", String.class, tenant);
            String id = java.util.UUID.randomUUID().toString();
            sql.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, "
                            + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                            + "VALUES (?, ?, ?, 0, 'Tenant', ?, 'ai.crosslayer.kernel.tenant.Test', ?, "
                            + "convert_to(?, 'UTF8'), convert_to(?, 'UTF8'))",
                    tenant, id, "aggregate-" + id, java.time.Instant.now().toString(), revision, payload, metadata);
        });
    }

    private void checkpoint(String tenant) {
        var head = db.owner.queryForMap("SELECT head_sequence, head_hash FROM tenant WHERE tenant_id = ?", tenant);
        long sequence = (Long) head.get("head_sequence");
        byte[] hash = (byte[]) head.get("head_hash");
        String at = "2026-11-29T09:00:00Z";
        byte[] signature = key.sign(AuditChain.checkpointMessage(tenant, sequence, hash, at));
        db.owner.update("INSERT INTO audit_checkpoint VALUES (?, ?, ?, ?, ?, ?)", tenant, sequence, hash, at,
                key.publicKey().keyId(), signature);
    }

    /** A superuser who disables the append-only triggers: what the chain exists to expose. */
    private void tamper(String sql) {
        db.owner.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER USER");
        db.owner.execute(sql);
    }

    private String export(String tenant, AuditExportFormat format) {
        StringBuilder file = new StringBuilder();
        new AuditExportWriter(log, new ObjectMapper(), Clock.systemUTC())
                .write(new TenantId(tenant), format, key.publicKey(), line -> file.append(line).append('\n'));
        return file.toString();
    }

    private static AuditChain.Report verifyFile(String file, byte[] publicKey) {
        return AuditExportReader.verify(new BufferedReader(new StringReader(file)), List.of(publicKey), new ObjectMapper());
    }
}
