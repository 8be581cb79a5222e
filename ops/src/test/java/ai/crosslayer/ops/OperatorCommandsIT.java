package ai.crosslayer.ops;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.audit.AuditSigningKey;
import ai.crosslayer.ops.testing.RunningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar crosslayer.jar audit ...} and {@code keys checkpoint}, run as an operator would, on the
 * configuration the service uses (here: system properties in place of environment variables). Issue #3.
 */
class OperatorCommandsIT {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void forgetConfiguration() {
        for (String name : new String[]{"spring.profiles.active", "CROSSLAYER_DATA_DIR", "CROSSLAYER_DATABASE_URL",
                "CROSSLAYER_DATABASE_USER", "CROSSLAYER_DATABASE_PASSWORD", "CROSSLAYER_DATABASE_APP_PASSWORD",
                "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", "CROSSLAYER_DATABASE_SIGNER_PASSWORD", "spring.main.sources"}) {
            System.clearProperty(name);
        }
    }

    @Test
    void anOperatorCheckpointsExportsAndVerifiesATenantsLog() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        String tenant = tenantOperatedOn(settings(database), "operator@ops-journey.test");

        assertThat(run("keys", "checkpoint")).isZero();
        assertThat(out()).contains("Signed 1 checkpoint(s).");

        Path export = dataDir.resolve("audit.ndjson");
        assertThat(run("audit", "export", "--tenant", tenant, "--format", "ndjson", "--out", export.toString())).isZero();
        assertThat(export).exists();

        String publicKey = Base64.getEncoder().encodeToString(new AuditSigningKey(
                Files.readString(dataDir.resolve("keys/audit-signing.key")).trim()).publicKey().publicKey());
        assertThat(run("audit", "verify", "--file", export.toString(), "--public-key", publicKey)).isZero();
        assertThat(out()).contains("Verified: 3 events chain correctly and 1 signed checkpoints hold.");

        assertThat(run("audit", "verify", "--tenant", tenant)).isZero();
        assertThat(out()).contains("Verified: 3 events");

        String published = "{\"algorithm\":\"Ed25519\",\"keyId\":\"x\",\"publicKey\":\"" + publicKey + "\",\"retired\":[]}";
        Path keyFile = Files.writeString(dataDir.resolve("public-key.json"), published);
        assertThat(run("audit", "verify", "--file", export.toString(), "--public-key", keyFile.toString())).isZero();
        assertThat(run("audit", "verify", "--file", export.toString(), "--public-key", published)).isZero();

        Path unsigned = dataDir.resolve("unsigned.ndjson");
        Files.writeString(unsigned, String.join("\n", Files.readAllLines(export).stream()
                .filter(line -> !line.contains("\"record\":\"checkpoint\"")).toList()) + "\n");
        assertThat(run("audit", "verify", "--file", unsigned.toString(), "--public-key", publicKey)).isEqualTo(1);
        assertThat(out()).contains("NOT VERIFIED: no signed checkpoint verified");
        assertThat(run("audit", "verify", "--file", unsigned.toString(), "--public-key", publicKey, "--allow-unsigned"))
                .isZero();
        assertThat(out()).contains("the last 3 events are covered by no checkpoint yet");

        assertThat(run("audit", "verify", "--tenant", tenant, "--witness", dataDir.resolve("witness").toString())).isZero();
        assertThat(run("audit", "verify", "--file", export.toString(), "--public-key", publicKey,
                "--witness", dataDir.resolve("witness").toString())).isZero();

        assertThat(run("audit", "verify", "--tenant", tenant, "--range", "2..3")).isZero();
        assertThat(out()).contains("Verified: events 2..3 (2) are in the tree of 3 events");
        assertThat(run("audit", "verify", "--tenant", tenant, "--range", "2..9")).isEqualTo(1);
        assertThat(out()).contains("no checkpoint signs a tree that holds event 9");

        Files.writeString(export, Files.readString(export).replace("\"sequence\":2,", "\"sequence\":5,"));
        assertThat(run("audit", "verify", "--file", export.toString(), "--public-key", publicKey)).isEqualTo(1);
        assertThat(out()).contains("NOT VERIFIED: event 2");
    }

    /** Issue 14, item 3: the operator's rebuild and replay, after the service stopped. */
    @Test
    void anOperatorRebuildsAProjectionAndReplaysATenantAsOfAnInstant() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        Map<String, String> settings = new HashMap<>(Map.of("CROSSLAYER_DATA_DIR", dataDir.toString(),
                "CROSSLAYER_DATABASE_URL", database.url(), "CROSSLAYER_DATABASE_USER", database.user(),
                "CROSSLAYER_DATABASE_APP_PASSWORD", RunningService.ROLE_PASSWORD,
                "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", RunningService.ROLE_PASSWORD));
        if (database.password() != null) {
            settings.put("CROSSLAYER_DATABASE_PASSWORD", database.password());
        }
        String tenant;
        Instant between;
        RunningService.Builder builder = RunningService.withProfile("local");
        settings.forEach(builder::set);
        try (RunningService service = builder.start()) {
            tenant = me(service.http(), devLogin(service.http(), "ada@replay.test")).path("tenantId").asText();
            between = Instant.now();
            devLogin(service.http(), "bob@replay.test");
        }
        System.setProperty("spring.profiles.active", "local");
        settings.forEach(System::setProperty);

        assertThat(run("rebuild", "tenant-directroy")).isEqualTo(2);
        assertThat(err()).contains("Unknown projection 'tenant-directroy'. Projections: governance-policy, "
                + "integration-catalog, signal-board, skill-catalog, tenant-directory.");

        assertThat(run("rebuild", "tenant-directory")).isZero();
        assertThat(out()).containsPattern("Rebuilt tenant-directory: [0-9,]+ events in .* swapped in\\.");

        assertThat(run("replay", "--tenant", tenant, "--until", between.toString())).isZero();
        assertThat(out()).contains("ada@replay.test").doesNotContain("bob@replay.test");
        assertThat(run("replay", "--tenant", tenant, "--until", "yesterday")).isEqualTo(2);
        assertThat(err()).contains("--until must be an instant");
    }

    @Test
    void anOperatorOffboardsATenantAndRefusesAnUnknownOneInASentence() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        Map<String, String> settings = settings(database);
        String tenant = tenantOperatedOn(settings, "ada@offboard-ops.test");

        assertThat(run("tenant", "offboard", "--tenant", "00000000-0000-4000-8000-000000000000")).isEqualTo(1);
        assertThat(err()).isEqualToIgnoringNewLines("There is no tenant 00000000-0000-4000-8000-000000000000.");

        assertThat(run("tenant", "offboard", "--tenant", tenant)).isZero();
        assertThat(out()).contains("Offboarded tenant " + tenant + ": revoked 0 integration(s)")
                .containsPattern("Signed a final checkpoint at event [0-9]+\\.");
        JdbcTemplate db = new JdbcTemplate(database.dataSource());
        assertThat(db.queryForObject("SELECT count(*) FROM member_session WHERE tenant_id = ?", Integer.class, tenant)).isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM personal_data_key WHERE tenant_id = ? AND destroyed_at IS NULL",
                Integer.class, tenant)).as("every data key of the tenant destroyed").isZero();
        assertThat(db.queryForObject("SELECT payload_type FROM domain_event_entry WHERE tenant_id = ? "
                + "ORDER BY global_index DESC LIMIT 1", String.class, tenant)).endsWith(".TenantOffboarded");
    }

    @Test
    void aCommandAgainstADataDirectoryARunningServiceHoldsSaysSoInOneSentence() {
        try (RunningService ignored = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).start()) {
            System.setProperty("spring.profiles.active", "local");
            System.setProperty("CROSSLAYER_DATA_DIR", dataDir.toString());

            assertThat(run("keys", "checkpoint")).isEqualTo(1);
            assertThat(err()).isEqualTo("The data directory " + dataDir + " is in use by another CrossLayer process "
                    + "(a running service or operator command): stop it first, or run this beside a service that uses "
                    + "CROSSLAYER_DATABASE_URL." + System.lineSeparator());
            assertThat(out()).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotAnExportIsSaidToBeSoAndFails() throws Exception {
        Path notAnExport = Files.writeString(dataDir.resolve("notes.txt"), "dear auditor,\n");
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(run("audit", "verify", "--file", notAnExport.toString(), "--public-key", key)).isEqualTo(1);
        assertThat(err()).contains("is not a crosslayer-audit-export/2 file");
    }

    @Test
    void aWrongCommandLineGetsAPlainSentenceAndItsUsage() {
        assertThat(run("audit", "shred")).isEqualTo(2);
        assertThat(err()).contains("Unknown command 'audit shred'.", "Usage:");
        assertThat(run("audit", "export", "--tenant", "acme")).isEqualTo(2);
        assertThat(err()).contains("--tenant must be a tenant id");
        assertThat(run("audit", "export", "--tenant", "aaaaaaaa-0000-4000-8000-00000000000a", "--format", "xml",
                "--out", "x")).isEqualTo(2);
        assertThat(err()).contains("unknown export format 'xml'");
        assertThat(run("audit", "verify", "--file", "x", "--public-key", "short")).isEqualTo(2);
        assertThat(err()).contains("--public-key must be a 32-byte Ed25519 key");
    }

    /** The service's settings on {@code database}, with the data directory of this test. */
    private Map<String, String> settings(TestPostgres.Database database) {
        Map<String, String> settings = new HashMap<>(Map.of("CROSSLAYER_DATA_DIR", dataDir.toString(),
                "CROSSLAYER_DATABASE_URL", database.url(), "CROSSLAYER_DATABASE_USER", database.user(),
                "CROSSLAYER_DATABASE_APP_PASSWORD", RunningService.ROLE_PASSWORD,
                "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", RunningService.ROLE_PASSWORD,
                "CROSSLAYER_DATABASE_SIGNER_PASSWORD", RunningService.ROLE_PASSWORD));
        if (database.password() != null) {
            settings.put("CROSSLAYER_DATABASE_PASSWORD", database.password());
        }
        return settings;
    }

    /**
     * Starts the service on {@code settings}, signs {@code email} in (founding a tenant), stops it, and leaves the
     * settings in the system properties for the operator's commands. Answers the tenant's id.
     */
    private static String tenantOperatedOn(Map<String, String> settings, String email) {
        RunningService.Builder builder = RunningService.withProfile("local");
        settings.forEach(builder::set);
        String tenant;
        try (RunningService service = builder.start()) {
            // A first sign-in on a freshly started service can take long on a machine shared by several builds.
            WebTestClient http = service.http().mutate().responseTimeout(Duration.ofSeconds(60)).build();
            tenant = me(http, devLogin(http, email)).path("tenantId").asText();
        }
        System.setProperty("spring.profiles.active", "local");
        settings.forEach(System::setProperty);
        return tenant;
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new OperatorCommands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
