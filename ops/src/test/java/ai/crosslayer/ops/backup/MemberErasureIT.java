package ai.crosslayer.ops.backup;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportReader;
import ai.crosslayer.verify.CrossLayerVerify;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.as;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure that can be proven (issue 18.2): an admin erases a member whose email and name are in events, read
 * models and sessions, or a Slack user (no member) whose name is on skill decisions. Afterwards the audit log still
 * verifies, and a scan of every table of the database, a fresh NDJSON and CSV export (which marks the erased fields
 * erased, and others sealed), and a fresh backup (decrypted) find neither the email nor the name. In the backup
 * package, to read the backup with its own reader.
 */
class MemberErasureIT {

    private static final String EMAIL = "grace.hopper@erasure.test";
    private static final String NAME = "Grace Brewster Hopper";
    private static final String SLACK_USER = "U0HAMILTON";
    private static final String SLACK_NAME = "Margaret Heafield Hamilton";
    private static final String KEPT_SLACK_USER = "U0JOHNSON";
    private static final String KEPT_SLACK_NAME = "Katherine Coleman Johnson";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path backups;

    private static TestPostgres.Database database;
    private static RunningService service;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        service = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).database(database).start();
        http = service.http();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void anErasedMemberIsFoundNowhereAndTheAuditLogStillVerifies() throws Exception {
        WebTestClient ada = as(http, devLogin(http, "ada@erasure.test"));
        String graceSession = devLogin(http, EMAIL);
        JsonNode grace = me(http, graceSession);
        String graceId = grace.path("userId").asText();
        TenantId tenant = new TenantId(grace.path("tenantId").asText());
        String alanSession = devLogin(http, "alan@erasure.test");
        String alanId = me(http, alanSession).path("userId").asText();
        ada.put().uri("/api/members/{id}/role", graceId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "ADMIN")).exchange().expectStatus().isNoContent();

        // Grace decides on one skill from the dashboard (her email recorded as the decider's name), and on another
        // under her name.
        SkillId fromDashboard = skill(tenant);
        SkillId byName = skill(tenant);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(as(http, graceSession).post()
                .uri("/api/skills/{id}/decision", fromDashboard.value()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("approve", true)).exchange().returnResult(Void.class).getStatus().value()).isEqualTo(204));
        TenantScope.run(tenant, () -> service.bean(CommandGateway.class).sendAndWait(
                new DecideSkillCommand(tenant, byName, true, graceId, NAME, Instant.now()),
                AuditContext.of(tenant, graceId, AuditContext.Source.SLACK)));
        JdbcTemplate owner = new JdbcTemplate(database.dataSource());
        await().atMost(Duration.ofSeconds(15)).until(() -> owner.queryForObject(
                "SELECT count(*) FROM skill_catalog WHERE decided_by = ?", Long.class, graceId) == 2);
        // The scan sees what it looks for: before erasure, the read models hold both (the events hold them sealed).
        assertThat(scan(owner, EMAIL)).contains("public.tenant_directory_member", "public.skill_catalog")
                .doesNotContain("public.domain_event_entry");
        assertThat(scan(owner, NAME)).containsExactly("public.skill_catalog");

        // Who may erase, and whom: admins only, and someone the tenant holds data about.
        expectProblem(as(http, alanSession).delete().uri("/api/members/{id}/personal-data", graceId).exchange(),
                HttpStatus.FORBIDDEN, "admin");
        expectProblem(ada.delete().uri("/api/members/{id}/personal-data", "local_00000000000000000000000000000000")
                .exchange(), HttpStatus.NOT_FOUND, "no member");

        ada.delete().uri("/api/members/{id}/personal-data", graceId).exchange().expectStatus().isNoContent();

        // Her sessions ended; the read models name her "erased member" (or no longer list her).
        http.get().uri("/api/me").cookie("crosslayer_session", graceSession).exchange().expectStatus().isUnauthorized();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(owner.queryForList("SELECT decided_by_name FROM skill_catalog WHERE decided_by = ?", String.class,
                    graceId)).containsExactly("erased member", "erased member");
            assertThat(owner.queryForObject("SELECT count(*) FROM tenant_directory_member WHERE user_id = ?",
                    Long.class, graceId)).isZero();
        });
        assertThat(owner.queryForObject("SELECT count(*) FROM personal_data_key WHERE tenant_id = ? AND subject IN (?, ?) "
                + "AND sealed_key IS NULL AND destroyed_at IS NOT NULL", Long.class, tenant.value(), "member:" + graceId,
                "slack-user:" + graceId)).isEqualTo(2);
        String erasure = owner.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE payload_type = 'ai.crosslayer.kernel.tenant.MemberPersonalDataErased'", String.class);
        assertThat(erasure).contains(graceId).doesNotContain(EMAIL, NAME);

        // The chain still verifies: erasure changed no stored byte.
        http.get().uri("/api/audit/verify").cookie("crosslayer_session", devLogin(http, "ada@erasure.test")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);

        // Every table, a fresh export in both formats, and a fresh backup: none holds her email or name.
        for (String needle : List.of(EMAIL, NAME)) {
            assertThat(scan(owner, needle)).as(needle).isEmpty();
        }
        String adaAgain = devLogin(http, "ada@erasure.test");
        byte[] publicKey = Base64.getDecoder().decode(http.get().uri("/api/audit/public-key").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().path("publicKey").asText());
        for (String format : List.of("ndjson", "csv")) {
            String export = http.get().uri("/api/audit/export?format=" + format).cookie("crosslayer_session", adaAgain)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(export).as(format).contains("MemberPersonalDataErased", "xchacha20poly1305")
                    .doesNotContain(EMAIL, NAME);
            // The derived personal annotation is outside the chain: the export verifies with it.
            AuditChain.Report report = AuditExportReader.verify(new BufferedReader(new StringReader(export)),
                    List.of(publicKey), new ObjectMapper());
            assertThat(report.valid()).as(format + " verifies: " + report.firstFailure()).isTrue();
            // The export shows her email as erased, and a member not erased as sealed (the cleartext stays with
            // subject access), naming each one's data key.
            assertThat(annotation(export, format, "\"tenant.member_joined\"", graceId)).as(format).isEqualTo(new ObjectMapper().readTree(
                    "{\"email\":{\"state\":\"erased\",\"subject\":\"member:" + graceId + "\"}}"));
            assertThat(annotation(export, format, "\"tenant.member_joined\"", alanId)).as(format).isEqualTo(new ObjectMapper().readTree(
                    "{\"email\":{\"state\":\"sealed\",\"subject\":\"member:" + alanId + "\"}}"));
        }
        // A CSV export written before the personal column existed (the same rows without it) verifies as before.
        String csv = http.get().uri("/api/audit/export?format=csv").cookie("crosslayer_session", adaAgain)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String withoutPersonal = csv.lines().map(MemberErasureIT::withoutLastColumn).collect(Collectors.joining("\n"));
        assertThat(withoutPersonal.lines().findFirst().orElseThrow()).endsWith("\"nulls\"");
        assertThat(withoutPersonal).doesNotContain("\"\"state\"\"");
        AuditChain.Report older = AuditExportReader.verify(new BufferedReader(new StringReader(withoutPersonal)),
                List.of(publicKey), new ObjectMapper());
        assertThat(older.valid()).as("a CSV without the personal column verifies: " + older.firstFailure()).isTrue();
        byte[] plaintext = backupPlaintext();
        assertThat(contains(plaintext, "tenant_directory_member")).as("the backup holds the tables").isTrue();
        assertThat(contains(plaintext, graceId)).as("the backup holds her opaque id").isTrue();
        assertThat(contains(plaintext, EMAIL)).as("email in the backup").isFalse();
        assertThat(contains(plaintext, NAME)).as("name in the backup").isFalse();
    }

    @Test
    void anErasedSlackUserWhoIsNoMemberIsFoundNowhereAndTheAuditLogStillVerifies() throws Exception {
        String linSession = devLogin(http, "lin@slack-erasure.test");
        WebTestClient lin = as(http, linSession);
        TenantId tenant = new TenantId(me(http, linSession).path("tenantId").asText());
        String samSession = devLogin(http, "sam@slack-erasure.test");
        lin.put().uri("/api/members/{id}/role", me(http, samSession).path("userId").asText())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("role", "AUDITOR")).exchange()
                .expectStatus().isNoContent();
        // Two Slack users who are not members decide on skills from their Slack cards; one of them is erased.
        SkillId erasedOn = skill(tenant);
        SkillId keptOn = skill(tenant);
        decideFromSlack(tenant, erasedOn, SLACK_USER, SLACK_NAME);
        decideFromSlack(tenant, keptOn, KEPT_SLACK_USER, KEPT_SLACK_NAME);
        JdbcTemplate owner = new JdbcTemplate(database.dataSource());
        await().atMost(Duration.ofSeconds(15)).until(() -> owner.queryForObject(
                "SELECT count(*) FROM skill_catalog WHERE tenant_id = ? AND decided_by_name IN (?, ?)", Long.class,
                tenant.value(), SLACK_NAME, KEPT_SLACK_NAME) == 2);
        assertThat(scan(owner, SLACK_NAME)).containsExactly("public.skill_catalog");

        // Subject access: the admin answers the Slack user's request (the same file as a member's); no one else may.
        JsonNode file = lin.get().uri("/api/slack-users/{id}/personal-data", SLACK_USER).exchange().expectStatus().isOk()
                .expectHeader().valueMatches("Content-Disposition", "attachment;.*")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(file.path("slackUserId").asText()).isEqualTo(SLACK_USER);
        assertThat(file.path("subject").asText()).isEqualTo("slack-user:" + SLACK_USER);
        assertThat(file.path("fields")).hasSize(1);
        assertThat(file.path("fields").path(0).path("type").asText()).isEqualTo("SkillConfirmed");
        assertThat(file.path("fields").path(0).path("field").asText()).isEqualTo("displayName");
        assertThat(file.path("fields").path(0).path("value").asText()).isEqualTo(SLACK_NAME);
        expectProblem(as(http, samSession).get().uri("/api/slack-users/{id}/personal-data", SLACK_USER).exchange(),
                HttpStatus.FORBIDDEN, "admins");
        expectProblem(lin.get().uri("/api/slack-users/{id}/personal-data", "not-a-slack-id").exchange(),
                HttpStatus.BAD_REQUEST, "Slack user id");

        // Who may erase, and whom: an admin, with the CSRF token, a Slack user id the tenant holds a key for.
        expectProblem(as(http, samSession).delete().uri("/api/slack-users/{id}/personal-data", SLACK_USER).exchange(),
                HttpStatus.FORBIDDEN, "admin");
        service.httpWithoutCsrfToken().delete().uri("/api/slack-users/{id}/personal-data", SLACK_USER)
                .cookie("crosslayer_session", linSession).exchange().expectStatus().isForbidden();
        expectProblem(lin.delete().uri("/api/slack-users/{id}/personal-data", "local_0000").exchange(),
                HttpStatus.BAD_REQUEST, "Slack user id");
        expectProblem(lin.delete().uri("/api/slack-users/{id}/personal-data", "U0NOBODY").exchange(),
                HttpStatus.NOT_FOUND, "no personal data");
        assertThat(scan(owner, SLACK_NAME)).as("nothing erased yet").containsExactly("public.skill_catalog");

        lin.delete().uri("/api/slack-users/{id}/personal-data", SLACK_USER).exchange().expectStatus().isNoContent();
        // Once erased, there is nothing left to erase: 404, and no second event (the query below reads exactly one).
        expectProblem(lin.delete().uri("/api/slack-users/{id}/personal-data", SLACK_USER).exchange(),
                HttpStatus.NOT_FOUND, "no personal data");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(owner.queryForList(
                "SELECT decided_by_name FROM skill_catalog WHERE tenant_id = ?", String.class,
                tenant.value())).containsExactlyInAnyOrder(KEPT_SLACK_NAME, "erased member"));
        String erasure = owner.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE "
                + "tenant_id = ? AND payload_type = 'ai.crosslayer.kernel.tenant.SlackUserPersonalDataErased'", String.class,
                tenant.value());
        assertThat(erasure).contains(SLACK_USER).doesNotContain(SLACK_NAME);
        lin.get().uri("/api/audit/verify").exchange().expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
        assertThat(lin.get().uri("/api/slack-users/{id}/personal-data", SLACK_USER).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("fields").path(0).path("value").asText())
                .isEqualTo("erased");

        // Every table, a fresh export in both formats (which verifies, and marks the name erased), a fresh backup.
        assertThat(scan(owner, SLACK_NAME)).isEmpty();
        assertThat(scan(owner, KEPT_SLACK_NAME)).as("the other Slack user's name stays").containsExactly("public.skill_catalog");
        byte[] publicKey = Base64.getDecoder().decode(http.get().uri("/api/audit/public-key").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().path("publicKey").asText());
        for (String format : List.of("ndjson", "csv")) {
            String export = lin.get().uri("/api/audit/export?format=" + format).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(export).as(format).contains("SlackUserPersonalDataErased").doesNotContain(SLACK_NAME);
            AuditChain.Report report = AuditExportReader.verify(new BufferedReader(new StringReader(export)),
                    List.of(publicKey), new ObjectMapper());
            assertThat(report.valid()).as(format + " verifies: " + report.firstFailure()).isTrue();
            if ("ndjson".equals(format)) {
                // The standalone verifier, written from the README alone, ignores the annotation too.
                Path exported = Files.writeString(dataDir.resolve("slack-erasure.ndjson"), export);
                ByteArrayOutputStream said = new ByteArrayOutputStream();
                int exit = new CrossLayerVerify(new PrintStream(said, true, StandardCharsets.UTF_8)).run(new String[]{
                        "export", exported.toString(), "--public-key", Base64.getEncoder().encodeToString(publicKey)});
                assertThat(exit).as(said.toString(StandardCharsets.UTF_8)).isZero();
            }
            assertThat(annotation(export, format, "\"skill.confirmed\"", SLACK_USER)).as(format).isEqualTo(new ObjectMapper()
                    .readTree("{\"displayName\":{\"state\":\"erased\",\"subject\":\"slack-user:" + SLACK_USER + "\"}}"));
            assertThat(annotation(export, format, "\"skill.confirmed\"", KEPT_SLACK_USER)).as(format).isEqualTo(new ObjectMapper()
                    .readTree("{\"displayName\":{\"state\":\"sealed\",\"subject\":\"slack-user:" + KEPT_SLACK_USER + "\"}}"));
        }
        assertThat(contains(backupPlaintext(), SLACK_NAME)).as("name in the backup").isFalse();
    }

    private static void decideFromSlack(TenantId tenant, SkillId skill, String slackUserId, String displayName) {
        TenantScope.run(tenant, () -> service.bean(CommandGateway.class).sendAndWait(
                new DecideSkillCommand(tenant, skill, true, slackUserId, displayName, Instant.now()),
                AuditContext.of(tenant, slackUserId, AuditContext.Source.SLACK)));
    }

    /** A CSV line without its last column, the {@code personal} one: empty, quoted JSON, or the header's name. */
    private static String withoutLastColumn(String line) {
        if (line.endsWith(",")) {
            return line.substring(0, line.length() - 1);
        }
        int last = line.endsWith("\"personal\"") ? line.lastIndexOf(",\"personal\"") : line.lastIndexOf(",\"{");
        assertThat(last).as(line).isPositive();
        return line.substring(0, last);
    }

    /** A fresh backup of the whole database, decrypted. */
    private static byte[] backupPlaintext() throws Exception {
        BackupKey key = BackupKey.parse(Base64.getEncoder().encodeToString(new byte[32]));
        Backups.Created backup;
        try (Connection connection = database.dataSource().getConnection()) {
            backup = Backups.create(connection, key, backups, "MemberErasureIT", Instant.now(), line -> { });
        }
        try (InputStream in = Files.newInputStream(backup.file())) {
            return BackupFile.open(in, key).plaintext().readAllBytes();
        }
    }

    /**
     * The {@code personal} annotation of the one event of an export whose line holds {@code action} (quoted) and
     * {@code id}, as JSON: NDJSON's {@code personal} field, or the CSV row's {@code personal} column (the row's last,
     * quotes doubled).
     */
    private static JsonNode annotation(String export, String format, String action, String id) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> rows = export.lines().filter(line -> line.contains(action) && line.contains(id)).toList();
        assertThat(rows).as(format + ": the " + action + " of " + id).hasSize(1);
        String row = rows.get(0);
        if ("ndjson".equals(format)) {
            return json.readTree(row).get("personal");
        }
        assertThat(row).endsWith("}\"");
        String lastColumn = row.substring(row.lastIndexOf(",\"{") + 2, row.length() - 1);
        return json.readTree(lastColumn.replace("\"\"", "\""));
    }

    private static SkillId skill(TenantId tenant) {
        SkillId skill = new SkillId(UUID.randomUUID().toString());
        TenantScope.run(tenant, () -> service.bean(CommandGateway.class).sendAndWait(new RecordExtractedSkillCommand(
                tenant, skill, new SkillContent("deploy-the-api", "Deploy the API.", "When merged.", List.of("Merge."),
                        List.of()),
                new SkillSource("T0ERASE", "C0ERASE", "1764400002.000400", null, null, "ab".repeat(32)),
                "claude-sonnet-4-5", "skill-extraction/1", Instant.now(), null),
                AuditContext.of(tenant, AuditContext.SYSTEM, AuditContext.Source.SLACK)));
        return skill;
    }

    /**
     * The tables (schema.table, of every schema but PostgreSQL's own) with a row whose text form holds
     * {@code needle}, or a bytea column whose bytes hold it in UTF-8.
     */
    private static List<String> scan(JdbcTemplate owner, String needle) {
        List<String> found = new ArrayList<>();
        List<Map<String, Object>> tables = owner.queryForList("SELECT table_schema, table_name FROM information_schema.tables "
                + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') "
                + "ORDER BY 1, 2");
        assertThat(tables).hasSizeGreaterThan(20);
        for (Map<String, Object> table : tables) {
            String name = "\"" + table.get("table_schema") + "\".\"" + table.get("table_name") + "\"";
            List<String> condition = new ArrayList<>(List.of("t::text LIKE '%' || ? || '%'"));
            List<Object> arguments = new ArrayList<>(List.of(needle));
            for (String column : owner.queryForList("SELECT column_name FROM information_schema.columns WHERE "
                    + "table_schema = ? AND table_name = ? AND data_type = 'bytea'", String.class,
                    table.get("table_schema"), table.get("table_name"))) {
                condition.add("position(convert_to(?, 'UTF8') in t.\"" + column + "\") > 0");
                arguments.add(needle);
            }
            Long rows = owner.queryForObject("SELECT count(*) FROM " + name + " t WHERE " + String.join(" OR ", condition),
                    Long.class, arguments.toArray());
            if (rows != null && rows > 0) {
                found.add(table.get("table_schema") + "." + table.get("table_name"));
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + bytes.length <= haystack.length; i++) {
            for (int j = 0; j < bytes.length; j++) {
                if (haystack[i + j] != bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
