package ai.crosslayer.ops;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restore drill (issue 17 item 3): a tenant with a connected Slack workspace (its token sealed in the vault),
 * events and a signed checkpoint is backed up with {@code backup create}, restored with {@code backup restore}
 * into a fresh data directory (the embedded PostgreSQL, from an external one), and the service started on it:
 * the audit log verifies (the chain was restored, not re-hashed), the token still opens (the integration is
 * revoked at Slack with it), the read models match, and new events chain on. A damaged file and a database that
 * is not empty are refused, and restore nothing.
 */
class BackupRestoreDrillIT {

    private static final String[] SETTINGS = {"spring.profiles.active", "CROSSLAYER_DATA_DIR", "CROSSLAYER_DATABASE_URL",
            "CROSSLAYER_DATABASE_USER", "CROSSLAYER_DATABASE_PASSWORD", "CROSSLAYER_DATABASE_APP_PASSWORD",
            "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", "CROSSLAYER_DATABASE_SIGNER_PASSWORD", "CROSSLAYER_BACKUP_KEY",
            "CROSSLAYER_AUDIT_WITNESS"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final SlackFake slack = new SlackFake();
    private final String backupKey = randomKey();

    @AfterEach
    void stop() throws Exception {
        for (String name : SETTINGS) {
            System.clearProperty(name);
        }
        slack.close();
    }

    @Test
    void aBackupRestoresIntoAFreshDataDirectoryAndTheServiceCarriesOnFromIt() throws Exception {
        Path source = temp.resolve("source");
        Path fresh = temp.resolve("fresh");
        Path witness = temp.resolve("witness");
        Path backups = temp.resolve("backups");
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate db = new JdbcTemplate(database.dataSource());

        String ada;
        String tenant;
        String integration;
        JsonNode integrationsBefore;
        try (RunningService service = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", source)
                .database(database).slack(slack).set("CROSSLAYER_AUDIT_WITNESS", witness)
                .set("CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL", "PT1S").start()) {
            ada = devLogin(http(service), "ada@backup-drill.test");
            tenant = me(http(service), ada).path("tenantId").asText();
            integration = connectSlack(http(service), ada, slack, "code-bk", new SlackFake.Team("T0BAK1", "Backed Up", "U0BK1"));
            integrationsBefore = await().atMost(Duration.ofSeconds(60)).until(() -> integrations(service, ada),
                    list -> list.toString().contains(integration));
            // A checkpoint signs the whole chain as it stands.
            await().atMost(Duration.ofSeconds(60)).until(() -> db.queryForObject("SELECT coalesce(max(tenant_sequence), 0) "
                    + "FROM audit_checkpoint WHERE tenant_id = ?", Long.class, tenant)
                    .equals(db.queryForObject("SELECT head_sequence FROM tenant WHERE tenant_id = ?", Long.class, tenant)));
        }
        long events = EventStoreProbe.of(database).tenant(tenant).count();

        // backup create, from the external database the service used, into a directory of backups.
        operatorSettings(source, database, witness);
        assertThat(run("backup", "create", "--to", backups.toString())).as(this::out).isZero();
        assertThat(out()).containsPattern("Backed up \\d+ tables, [0-9,]+ rows .* under backup key bk-");
        Path backup;
        try (Stream<Path> files = Files.list(backups)) {
            backup = files.filter(f -> f.getFileName().toString().endsWith(".clbackup")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(backup, StandardCharsets.ISO_8859_1)).doesNotContain("T0BAK1", "ada@backup-drill.test");
        assertThat(run("backup", "verify", backup.toString())).as(this::out).isZero();
        assertThat(out()).contains("Verified: " + backup + " is whole", "(schema ");

        // A fresh machine: another data directory, with the keys the service had (kept outside any backup).
        Files.createDirectories(fresh.resolve("keys"));
        for (String key : List.of("master.key", "audit-signing.key", "session.key")) {
            Files.copy(source.resolve("keys").resolve(key), fresh.resolve("keys").resolve(key), StandardCopyOption.COPY_ATTRIBUTES);
        }
        operatorSettings(fresh, null, witness);

        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x01;
        Path altered = Files.write(temp.resolve("altered.clbackup"), bytes);
        assertThat(run("backup", "restore", altered.toString())).as(this::out).isEqualTo(1);
        assertThat(out()).contains("NOT RESTORED: " + altered + " does not decrypt: it has been altered",
                "nothing was restored");

        assertThat(run("backup", "restore", backup.toString())).as(this::out).isZero();
        assertThat(out()).containsPattern("Restored \\d+ tables, [0-9,]+ rows from ");
        assertThat(run("backup", "restore", backup.toString())).as(this::out).isEqualTo(1);
        assertThat(out()).contains("NOT RESTORED: the database is not empty (table ", "nothing was restored");

        // The restored chain verifies, against its signed checkpoint and the witness, as it was.
        assertThat(run("audit", "verify", "--tenant", tenant)).as(this::out).isZero();
        assertThat(out()).contains("Verified: " + events + " events chain correctly and ");

        // The restored service makes its daily backup by itself (at once here, rather than a minute after start).
        Path daily = temp.resolve("daily");
        try (RunningService service = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", fresh)
                .slack(slack).set("CROSSLAYER_AUDIT_WITNESS", witness)
                .set("CROSSLAYER_BACKUP_DIR", daily).set("CROSSLAYER_BACKUP_KEY", backupKey)
                .set("crosslayer.backup.first-check", "PT0.1S").start()) {
            // The session, the read models and the processors' positions came back together.
            assertThat(me(http(service), ada).path("tenantId").asText()).isEqualTo(tenant);
            assertThat(integrations(service, ada)).isEqualTo(integrationsBefore);

            // The vault's token still opens under the same master key: a disconnect revokes it at Slack.
            String token = slack.issuedTokens().get(0);
            http(service).delete().uri("/api/integrations/" + integration).cookie("crosslayer_session", ada).exchange()
                    .expectStatus().isNoContent();
            await().atMost(Duration.ofSeconds(60)).until(() -> slack.revokedTokens().contains(token));

            // New events chain on from the restored head.
            http(service).get().uri("/api/audit/verify").cookie("crosslayer_session", ada).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.valid").isEqualTo(true)
                    .jsonPath("$.eventsVerified").value(verified -> assertThat(((Number) verified).longValue())
                            .isGreaterThan(events));

            await().atMost(Duration.ofSeconds(60)).until(() -> dailyBackup(daily) != null);
            assertThat(run("backup", "verify", dailyBackup(daily).toString())).as(this::out).isZero();
            assertThat(out()).contains("made ", "from the embedded PostgreSQL in " + fresh);
        }
    }

    private static Path dailyBackup(Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".clbackup")).findFirst().orElse(null);
        }
    }

    /** Generous timeouts: the first requests of a cold service on a busy build machine can take a while. */
    private static WebTestClient http(RunningService service) {
        return service.http().mutate().responseTimeout(Duration.ofSeconds(60)).build(); // with the CSRF token
    }

    private static JsonNode integrations(RunningService service, String session) throws Exception {
        return JSON.readTree(http(service).get().uri("/api/integrations").cookie("crosslayer_session", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** The operator's configuration: what the service has (system properties stand in for the environment). */
    private void operatorSettings(Path dataDir, TestPostgres.Database database, Path witness) {
        for (String name : SETTINGS) {
            System.clearProperty(name);
        }
        Map<String, String> settings = new HashMap<>(Map.of("spring.profiles.active", "local",
                "CROSSLAYER_DATA_DIR", dataDir.toString(), "CROSSLAYER_BACKUP_KEY", backupKey,
                "CROSSLAYER_AUDIT_WITNESS", witness.toString()));
        if (database != null) {
            settings.putAll(Map.of("CROSSLAYER_DATABASE_URL", database.url(), "CROSSLAYER_DATABASE_USER", database.user(),
                    "CROSSLAYER_DATABASE_APP_PASSWORD", RunningService.ROLE_PASSWORD,
                    "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", RunningService.ROLE_PASSWORD,
                    "CROSSLAYER_DATABASE_SIGNER_PASSWORD", RunningService.ROLE_PASSWORD));
            if (database.password() != null) {
                settings.put("CROSSLAYER_DATABASE_PASSWORD", database.password());
            }
        }
        settings.forEach(System::setProperty);
    }

    private int run(String... args) {
        out.reset();
        PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new OperatorCommands(both, both).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
