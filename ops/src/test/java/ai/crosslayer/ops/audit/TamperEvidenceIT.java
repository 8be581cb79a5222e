package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.ops.testing.TwoTenantDatabase;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportFormat;
import ai.crosslayer.query.audit.AuditExportReader;
import ai.crosslayer.query.audit.AuditExportWriter;
import ai.crosslayer.query.audit.AuditLog;
import ai.crosslayer.query.audit.AuditMerkle;
import ai.crosslayer.query.audit.CheckpointSigner;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static ai.crosslayer.ops.testing.TwoTenantDatabase.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15: the tamperings that went unnoticed, performed as the database's owner (no superuser) and as a
 * superuser, and caught — by the witness, by the signer that verifies before it signs, and by the roles
 * that keep the application from moving a head or inserting a checkpoint.
 */
class TamperEvidenceIT {

    @TempDir
    Path witnessDirectory;

    /** Who tampers: the role that owns the tables, or a superuser. */
    enum Tamperer { OWNER, SUPERUSER }

    private TwoTenantDatabase db;
    private DataSource app;
    private AuditLog log;
    private AuditSigningKey key;
    private AuditIntegrity integrity;
    private AuditWitness witness;
    private AuditCheckpoints signer;
    /** The audit-integrity signals raised, as "tenant: reason". */
    private final List<String> alarms = new java.util.ArrayList<>();

    private void start(Tamperer tamperer) {
        db = tamperer == Tamperer.OWNER ? TwoTenantDatabase.ownedByNonSuperuser() : new TwoTenantDatabase();
        app = db.as("crosslayer_app");
        log = new AuditLog(app, DSL.using(SQLDialect.POSTGRES));
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        key = new AuditSigningKey(Base64.getEncoder().encodeToString(seed));
        useWitness(new AuditWitness.Directory(witnessDirectory));
    }

    private void useWitness(AuditWitness chosen) {
        witness = chosen;
        integrity = new AuditIntegrity(new SimpleMeterRegistry(), witness,
                (tenant, failure) -> alarms.add(tenant + ": " + failure.reason()));
        signer = new AuditCheckpoints(db.as("crosslayer_signer"), key, key.publicKey(), witness, integrity, Clock.systemUTC());
    }

    // --- 15.5 roles -----------------------------------------------------------------------------

    @Test
    void theApplicationCanNeitherMoveAHeadNorRegisterATenantNorInsertACheckpoint() {
        start(Tamperer.SUPERUSER);
        append(A, 2);
        JdbcTemplate sql = new JdbcTemplate(app);
        for (String change : List.of("UPDATE tenant SET head_sequence = 1",
                "INSERT INTO tenant (tenant_id) VALUES ('cccccccc-0000-4000-8000-00000000000c')",
                "INSERT INTO audit_checkpoint VALUES ('" + A + "', 1, '\\x00', 'now', 'key', '\\x00')")) {
            assertThatThrownBy(() -> inTenant(A, () -> sql.execute(change))).as(change)
                    .rootCause().hasMessageContaining("permission denied");
        }
        assertThat(signer.checkpoint(new TenantId(A))).as("the signer may").isPresent();
    }

    @Test
    void aForgedCarriedHeadCannotForkOrRewindAChain() {
        start(Tamperer.SUPERUSER);
        append(A, 3);
        JdbcTemplate sql = new JdbcTemplate(app);
        String setting = "crosslayer_chain.t_" + A.replace('-', '_');
        assertThatThrownBy(() -> inTenant(A, () -> {
            sql.queryForObject("SELECT set_config(?, ?, true)", String.class, setting, "9:" + "00".repeat(32));
            insertEvent(sql, A, "{\"forged\":true}", "2026-11-29T08:00:00Z");
        })).as("skipping ahead").rootCause().hasMessageContaining("does not continue its tenant's chain head");
        assertThatThrownBy(() -> inTenant(A, () -> {
            sql.queryForObject("SELECT set_config(?, ?, true)", String.class, setting, "1:" + "00".repeat(32));
            insertEvent(sql, A, "{\"forged\":true}", "2026-11-29T08:00:00Z");
        })).as("rewinding").isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThat(log.verify(new TenantId(A), key.publicKey().trusted()).eventsVerified()).isEqualTo(4);
    }

    @Test
    void theHeadMovesOnlyThroughFunctionsOfARoleNobodyLogsInAs() {
        start(Tamperer.SUPERUSER);
        List<java.util.Map<String, Object>> functions = db.superuser.queryForList("SELECT p.proname, p.prosecdef, "
                + "r.rolname, r.rolcanlogin FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner "
                + "WHERE p.proname IN ('register_tenant', 'advance_chain_heads') ORDER BY p.proname");
        assertThat(functions).hasSize(2).allSatisfy(f -> {
            assertThat(f.get("prosecdef")).isEqualTo(true);
            assertThat(f.get("rolname")).isEqualTo("crosslayer_chain");
            assertThat(f.get("rolcanlogin")).isEqualTo(false);
        });
        assertThat(db.superuser.queryForObject("SELECT count(*) FROM information_schema.column_privileges WHERE "
                + "grantee = 'crosslayer_app' AND table_name = 'tenant' AND privilege_type = 'UPDATE'", Long.class)).isZero();
    }

    // --- the tamperings of the issue, as the owner and as a superuser ---------------------------

    @ParameterizedTest
    @EnumSource(Tamperer.class)
    void lastEventsDeletedWithTheirCheckpointAndTheHeadRewoundAreCaughtByTheWitness(Tamperer tamperer) {
        start(tamperer);
        append(A, 4);
        signer.checkpoint(new TenantId(A));
        append(A, 2);
        assertThat(signer.checkpoint(new TenantId(A))).isPresent();
        String before = export(A);

        tamper(tamperer, "DELETE FROM audit_checkpoint WHERE tenant_id = '" + A + "' AND tenant_sequence = 7",
                "DELETE FROM domain_event_entry WHERE tenant_id = '" + A + "' AND tenant_sequence > 5",
                "UPDATE tenant SET head_sequence = 5, head_hash = (SELECT hash FROM domain_event_entry WHERE tenant_id = '"
                        + A + "' AND tenant_sequence = 5) WHERE tenant_id = '" + A + "'");

        assertThat(log.verify(new TenantId(A), key.publicKey().trusted()))
                .as("without the witness, the database alone looks whole").extracting(AuditChain.Report::valid).isEqualTo(true);
        AuditChain.Report report = log.verify(new TenantId(A), key.publicKey().trusted(), witness.checkpoints(A));
        assertThat(report.valid()).isFalse();
        assertThat(report.firstFailure().reason()).contains("present at the witness, missing from the database");

        assertThatThrownBy(() -> signer.checkpoint(new TenantId(A))).isInstanceOf(CheckpointSigner.ChainRefused.class)
                .hasMessageContaining("present at the witness, missing from the database");
        assertThat(integrity.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(signer.checkpointAll()).as("the scheduler signs tenant B, refuses A").isEqualTo(1);
        assertThat(db.superuser.queryForObject("SELECT max(tenant_sequence) FROM audit_checkpoint WHERE tenant_id = ?",
                Long.class, A)).isEqualTo(5);
        assertThat(alarms).as("the tenant is told once").singleElement().asString()
                .contains(A, "present at the witness, missing from the database");

        String after = exportUnsigned(A);
        assertThat(verifyFile(after, List.of()).valid()).as("the rewound export verifies alone").isTrue();
        assertThat(verifyFile(after, witness.checkpoints(A)).firstFailure().reason())
                .contains("present at the witness, missing from the database");
        assertThat(verifyFile(before, witness.checkpoints(A)).valid()).as("the honest earlier export").isTrue();

        assertThat(standalone("export", file(after), "--public-key", publicKey(), "--witness", witnessDirectory.toString()))
                .isEqualTo(1);
        assertThat(standaloneSaid).contains("present at the witness, missing from the database");
        assertThat(standalone("export", file(before), "--public-key", publicKey(), "--witness", witnessDirectory.toString()))
                .as(standaloneSaid).isZero();
    }

    @ParameterizedTest
    @EnumSource(Tamperer.class)
    void eventsDeletedOrRewrittenAfterTheLastCheckpointAreNeverSigned(Tamperer tamperer) {
        start(tamperer);
        append(A, 3);
        signer.checkpoint(new TenantId(A));
        append(A, 3);
        tamper(tamperer, "DELETE FROM domain_event_entry WHERE tenant_id = '" + A + "' AND tenant_sequence = 6");
        assertThatThrownBy(() -> signer.checkpoint(new TenantId(A))).isInstanceOf(CheckpointSigner.ChainRefused.class)
                .hasMessageContaining("event 6 is missing");
        assertThat(integrity.health().getStatus()).isEqualTo(Status.DOWN);

        tamper(tamperer, "UPDATE domain_event_entry SET tenant_sequence = 6 WHERE tenant_id = '" + A
                        + "' AND tenant_sequence = 7",
                "UPDATE domain_event_entry SET payload = convert_to('{\"forged\":1}', 'UTF8') WHERE tenant_id = '" + A
                        + "' AND tenant_sequence = 5");
        assertThatThrownBy(() -> signer.checkpoint(new TenantId(A))).isInstanceOf(CheckpointSigner.ChainRefused.class)
                .hasMessageContaining("altered");
        assertThat(standalone("export", file(exportUnsigned(A)), "--public-key", publicKey())).isEqualTo(1);
        assertThat(standaloneSaid).contains("event 5", "altered");
        assertThat(db.superuser.queryForObject("SELECT max(tenant_sequence) FROM audit_checkpoint", Long.class))
                .as("nothing was signed after the honest checkpoint").isEqualTo(4);
        assertThat(Files.exists(witnessDirectory.resolve(A).resolve(String.format("%019d.json", 7)))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Tamperer.class)
    void aHeadRewoundBelowItsLastCheckpointIsRefused(Tamperer tamperer) {
        start(tamperer);
        append(A, 3);
        signer.checkpoint(new TenantId(A));
        tamper(tamperer, "DELETE FROM audit_checkpoint WHERE tenant_id = '" + A + "' AND tenant_sequence = 4",
                "DELETE FROM domain_event_entry WHERE tenant_id = '" + A + "' AND tenant_sequence = 4",
                "UPDATE tenant SET head_sequence = 3, head_hash = (SELECT hash FROM domain_event_entry WHERE tenant_id = '"
                        + A + "' AND tenant_sequence = 3) WHERE tenant_id = '" + A + "'");
        append(A, 1);
        assertThatThrownBy(() -> signer.checkpoint(new TenantId(A))).isInstanceOf(CheckpointSigner.ChainRefused.class);
    }

    @ParameterizedTest
    @EnumSource(Tamperer.class)
    void aBackDatedEventInsertedWithEveryTriggerOnIsReportedAndNeverSigned(Tamperer tamperer) {
        start(tamperer);
        append(A, 2);
        signer.checkpoint(new TenantId(A));
        tamper(tamperer); // row-level security off for the owner; the triggers stay on
        JdbcTemplate sql = tamperer == Tamperer.OWNER ? db.owner : db.superuser;
        insertEvent(sql, A, "{\"approvedLastYear\":true}", "2025-12-01T09:00:00Z");
        assertThat(sql.queryForObject("SELECT appended_at IS NOT NULL FROM domain_event_entry WHERE tenant_id = ? "
                + "AND tenant_sequence = 4", Boolean.class, A)).as("the trigger stamped it").isTrue();

        assertThatThrownBy(() -> signer.checkpoint(new TenantId(A))).isInstanceOf(CheckpointSigner.ChainRefused.class)
                .hasMessageContaining("back-dated");
        AuditChain.Failure failure = log.verify(new TenantId(A), key.publicKey().trusted()).firstFailure();
        assertThat(failure.sequence()).isEqualTo(4);
        assertThat(failure.reason()).contains("back-dated", "2025-12-01T09:00:00Z");
        assertThat(standalone("export", file(exportUnsigned(A)), "--public-key", publicKey())).isEqualTo(1);
        assertThat(standaloneSaid).contains("event 4", "back-dated");
    }

    @Test
    void eventsOfVersionOneKeepVerifyingBesideVersionTwo() {
        ai.crosslayer.kernel.testing.TestPostgres.Database database = ai.crosslayer.kernel.testing.TestPostgres.freshDatabase();
        JdbcTemplate superuser = new JdbcTemplate(database.dataSource());
        org.flywaydb.core.Flyway.configure().dataSource(database.dataSource())
                .locations(ai.crosslayer.ops.testing.ServiceSchema.flyway(database.dataSource()).getConfiguration().getLocations())
                .target("20261201.0713").load().migrate();
        superuser.execute("ALTER ROLE crosslayer_app PASSWORD '" + ai.crosslayer.ops.testing.RunningService.ROLE_PASSWORD + "'");
        superuser.update("INSERT INTO tenant (tenant_id) VALUES (?)", A);
        org.postgresql.ds.PGSimpleDataSource appRole = new org.postgresql.ds.PGSimpleDataSource();
        appRole.setUrl(database.url());
        appRole.setUser("crosslayer_app");
        appRole.setPassword(ai.crosslayer.ops.testing.RunningService.ROLE_PASSWORD);
        app = appRole;
        append(A, 3);
        ai.crosslayer.ops.testing.ServiceSchema.flyway(database.dataSource()).migrate();
        append(A, 3);

        assertThat(superuser.queryForList("SELECT appended_at IS NULL FROM domain_event_entry ORDER BY tenant_sequence",
                Boolean.class)).containsExactly(true, true, true, false, false, false);
        AuditChain.Report report = new AuditLog(app, DSL.using(SQLDialect.POSTGRES)).verify(new TenantId(A), List.of());
        assertThat(report.valid()).isTrue();
        assertThat(report.eventsVerified()).isEqualTo(6);
    }

    // --- 15.1 witnesses and 15.2 exports --------------------------------------------------------

    @Test
    void everyCheckpointIsWrittenToTheWitnessDirectoryAsItIsSigned() throws Exception {
        start(Tamperer.SUPERUSER);
        append(A, 2);
        AuditChain.Checkpoint signed = signer.checkpoint(new TenantId(A)).orElseThrow();
        Path file = witnessDirectory.resolve(A).resolve(String.format("%019d.json", 3));
        assertThat(file).exists();
        assertThat(new ObjectMapper().readTree(Files.readString(file)).path("signature").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(signed.signature()));
        assertThat(witness.checkpoints(A)).singleElement().satisfies(c -> assertThat(c.headHash()).isEqualTo(signed.headHash()));
        assertThat(signer.checkpoint(new TenantId(A))).as("an unmoved head is not signed again").isEmpty();
    }

    @Test
    void theWebhookWitnessReceivesEachCheckpointAndARefusalKeepsNone() throws Exception {
        start(Tamperer.SUPERUSER);
        try (MockWebServer webhook = new MockWebServer()) {
            webhook.enqueue(new MockResponse().setResponseCode(202));
            webhook.enqueue(new MockResponse().setResponseCode(503));
            webhook.start();
            useWitness(new AuditWitness.Webhook(URI.create(webhook.url("/witness").toString())));
            append(A, 1);
            AuditChain.Checkpoint signed = signer.checkpoint(new TenantId(A)).orElseThrow();
            RecordedRequest received = webhook.takeRequest(5, TimeUnit.SECONDS);
            assertThat(received.getMethod()).isEqualTo("POST");
            assertThat(received.getHeader("Content-Type")).startsWith("application/json");
            var body = new ObjectMapper().readTree(received.getBody().readUtf8());
            assertThat(AuditExportReader.readCheckpoint(body).signature()).isEqualTo(signed.signature());

            append(A, 1);
            assertThat(signer.checkpointAll()).isZero();
            assertThat(db.superuser.queryForObject("SELECT max(tenant_sequence) FROM audit_checkpoint", Long.class))
                    .as("a checkpoint the witness did not take is not kept").isEqualTo(2);
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DEGRADED");
        }
    }

    @Test
    void anExportEndsWithACheckpointSignedAsItBeganCoveringItsLastEvent() throws Exception {
        start(Tamperer.SUPERUSER);
        append(A, 3);
        String file = export(A);
        String[] lines = file.split("\n");
        var last = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(last.path("record").asText()).isEqualTo("checkpoint");
        assertThat(last.path("sequence").asLong()).isEqualTo(4);
        AuditChain.Report report = verifyFile(file, witness.checkpoints(A));
        assertThat(report).isEqualTo(new AuditChain.Report(true, 4, 1, 0, null));

        // The standalone artifact the build made, in a JVM of its own with nothing else on its class path.
        Path jar = Path.of("target", "crosslayer-verifier.jar");
        assertThat(jar).as("built by the package phase").exists();
        Process verifier = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "export", file(file), "--public-key", publicKey(), "--witness", witnessDirectory.toString())
                .redirectErrorStream(true).start();
        String said = new String(verifier.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(verifier.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(verifier.exitValue()).as(said).isZero();
        assertThat(said).contains("Verified: 4 events chain correctly and 1 signed checkpoints hold, with 1 witnessed.");
    }

    // --- 15.4 proofs ---------------------------------------------------------------------------

    @Test
    void anEarlierSignedHeadProvesConsistencyWithALaterOneAndEveryEventItsInclusion() throws Exception {
        start(Tamperer.SUPERUSER);
        append(A, 4);
        AuditChain.Checkpoint earlier = signer.checkpoint(new TenantId(A)).orElseThrow();
        append(A, 7);
        AuditChain.Checkpoint later = signer.checkpoint(new TenantId(A)).orElseThrow();
        assertThat(earlier.treeRoot()).isNotNull();
        assertThat(AuditChain.signatureHolds(later, key.publicKey().publicKey())).as("the root is signed").isTrue();

        List<byte[]> consistency = log.withTree(new TenantId(A), (nodes, signed) -> {
            assertThat(signed).isEqualTo(12);
            return AuditMerkle.consistencyProof(nodes, earlier.tenantSequence(), later.tenantSequence());
        });
        assertThat(AuditMerkle.verifyConsistency(earlier.tenantSequence(), earlier.treeRoot(), later.tenantSequence(),
                later.treeRoot(), consistency)).isTrue();

        Path older = Files.writeString(witnessDirectory.resolve("older.json"), AuditExportWriter.checkpointRecord(new ObjectMapper(), earlier).toString());
        Path newer = Files.writeString(witnessDirectory.resolve("newer.json"), AuditExportWriter.checkpointRecord(new ObjectMapper(), later).toString());
        var proofJson = new ObjectMapper().createObjectNode().put("from", earlier.tenantSequence()).put("to", later.tenantSequence());
        consistency.forEach(h -> proofJson.withArray("proof").add(java.util.HexFormat.of().formatHex(h)));
        Path proofFile = Files.writeString(witnessDirectory.resolve("proof.json"), proofJson.toString());
        assertThat(standalone("consistency", proofFile.toString(), older.toString(), newer.toString(), "--public-key", publicKey()))
                .as(standaloneSaid).isZero();
        assertThat(standalone("consistency", proofFile.toString(), newer.toString(), newer.toString(), "--public-key", publicKey()))
                .isEqualTo(1);

        List<AuditChain.StoredEvent> events = log.page(new TenantId(A), new AuditLog.Filter(0, 100, null, null, null, null, null));
        for (AuditChain.StoredEvent event : events) {
            List<byte[]> inclusion = log.withTree(new TenantId(A), (nodes, signed) ->
                    AuditMerkle.inclusionProof(nodes, event.tenantSequence() - 1, later.tenantSequence()));
            assertThat(AuditMerkle.verifyInclusion(AuditMerkle.leafHash(event.hash()), event.tenantSequence() - 1,
                    later.tenantSequence(), inclusion, later.treeRoot())).as("event " + event.tenantSequence()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Tamperer.class)
    void aRewrittenHistoryCannotProveConsistencyWithAHeadSignedBeforeIt(Tamperer tamperer) {
        start(tamperer);
        append(A, 4);
        AuditChain.Checkpoint earlier = signer.checkpoint(new TenantId(A)).orElseThrow();
        // A leaf, and the subtree of the first four that the root is folded from.
        tamper(tamperer, "UPDATE audit_merkle_node SET hash = sha256(hash) WHERE tenant_id = '" + A + "' AND "
                + "((level = 0 AND node_index = 2) OR (level = 2 AND node_index = 0))");
        append(A, 2);
        assertThatThrownBy(() -> signer.checkpoint(new TenantId(A))).isInstanceOf(CheckpointSigner.ChainRefused.class)
                .hasMessageContaining("no longer gives the root");
        byte[] fourth = db.superuser.queryForObject("SELECT hash FROM domain_event_entry WHERE tenant_id = ? AND "
                + "tenant_sequence = 4", byte[].class, A);
        List<byte[]> proof = log.withTree(new TenantId(A), (nodes, signed) -> AuditMerkle.inclusionProof(nodes, 3, 5));
        assertThat(AuditMerkle.verifyInclusion(AuditMerkle.leafHash(fourth), 3, 5, proof, earlier.treeRoot()))
                .as("a proof from the altered tree does not hold against the root signed before").isFalse();
    }

    // --- helpers -------------------------------------------------------------------------------

    /** What the standalone verifier printed last. */
    private String standaloneSaid = "";

    private int standalone(String... args) {
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        int exit = new ai.crosslayer.verify.CrossLayerVerify(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8))
                .run(args);
        standaloneSaid = said.toString(java.nio.charset.StandardCharsets.UTF_8);
        return exit;
    }

    private String file(String export) {
        try {
            return Files.writeString(Files.createTempFile(witnessDirectory, "export-", ".ndjson"), export).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String publicKey() {
        return Base64.getEncoder().encodeToString(key.publicKey().publicKey());
    }

    /** The statements as the tamperer would run them: first switching off what stands in its way. */
    private void tamper(Tamperer tamperer, String... statements) {
        JdbcTemplate sql = tamperer == Tamperer.OWNER ? db.owner : db.superuser;
        if (tamperer == Tamperer.OWNER) {
            assertThat(sql.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class)).isFalse();
        }
        // Owners may switch off their tables' own triggers and forced row-level security; so may a superuser.
        sql.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER USER");
        for (String table : List.of("domain_event_entry", "tenant", "audit_checkpoint", "audit_merkle_node")) {
            sql.execute("ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY");
        }
        for (String statement : statements) {
            sql.execute(statement);
        }
        sql.execute("ALTER TABLE domain_event_entry ENABLE TRIGGER USER");
    }

    private void append(String tenant, int count) {
        JdbcTemplate sql = new JdbcTemplate(app);
        for (int i = 0; i < count; i++) {
            String payload = "{\"n\":" + i + "}";
            inTenant(tenant, () -> insertEvent(sql, tenant, payload, java.time.Instant.now().toString()));
        }
    }

    private void inTenant(String tenant, Runnable work) {
        new TransactionTemplate(new DataSourceTransactionManager(app)).executeWithoutResult(status -> {
            new JdbcTemplate(app).queryForObject("SELECT set_config('crosslayer.tenant_id', ?, true)", String.class, tenant);
            work.run();
        });
    }

    private static void insertEvent(JdbcTemplate sql, String tenant, String payload, String timeStamp) {
        String id = UUID.randomUUID().toString();
        sql.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, sequence_number, "
                        + "type, time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, 0, 'Tenant', ?, "
                        + "'ai.crosslayer.kernel.tenant.Test', '1', convert_to(?, 'UTF8'), convert_to('{\"actor\":\"user_test\"}', 'UTF8'))",
                tenant, id, "aggregate-" + id, timeStamp, payload);
    }

    private String export(String tenant) {
        StringBuilder file = new StringBuilder();
        new AuditExportWriter(log, new ObjectMapper(), Clock.systemUTC(), signer, null)
                .write(new TenantId(tenant), AuditExportFormat.NDJSON, key.publicKey(), line -> file.append(line).append('\n'));
        return file.toString();
    }

    /** What a database that no longer matches the witness exports (the signer refuses to close it). */
    private String exportUnsigned(String tenant) {
        StringBuilder file = new StringBuilder();
        new AuditExportWriter(log, new ObjectMapper(), Clock.systemUTC())
                .write(new TenantId(tenant), AuditExportFormat.NDJSON, key.publicKey(), line -> file.append(line).append('\n'));
        return file.toString();
    }

    private AuditChain.Report verifyFile(String file, List<AuditChain.Checkpoint> witnessed) {
        return AuditExportReader.verify(new BufferedReader(new StringReader(file)), key.publicKey().trusted(), witnessed,
                new ObjectMapper());
    }
}
