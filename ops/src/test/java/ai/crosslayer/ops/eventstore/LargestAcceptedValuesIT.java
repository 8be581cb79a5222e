package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.integration.ConnectGitHubAccountCommand;
import ai.crosslayer.kernel.integration.ConnectSlackWorkspaceCommand;
import ai.crosslayer.kernel.integration.GitHubRepository;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.RecordProviderRevocationCommand;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.integration.RevokeIntegrationCommand;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.integration.SelectGitHubRepositoriesCommand;
import ai.crosslayer.kernel.signal.AcknowledgeSignalCommand;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.RecordSignalDeliveryCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.RecordSkillCardCommand;
import ai.crosslayer.kernel.skill.RefuseSkillDecisionCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.tenant.CreateTenantCommand;
import ai.crosslayer.kernel.tenant.SignInMemberCommand;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.GitHubFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, item 2: what a command accepts, every projection stores. For every command that a route leads to,
 * the largest values its bounds accept (and, for free text, characters outside the BMP, which PostgreSQL counts
 * as one character and Java as two) are sent through the real command bus of the running service; every read
 * model then holds them in full, and no event processor has stopped on one. One character more is refused when
 * the command is built (see {@code CommandBoundsTest} in the shared kernel).
 */
class LargestAcceptedValuesIT {

    @TempDir
    static Path dataDir;

    private static TestPostgres.Database database;
    private static SlackFake slack;
    private static GitHubFake github;
    private static RunningService service;
    private static JdbcTemplate db;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        db = new JdbcTemplate(database.dataSource());
        slack = new SlackFake();
        github = new GitHubFake();
        // Workers off: no dispatcher posts the signals, so the delivery recorded below is the only one.
        service = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).database(database)
                .slack(slack).github(github).set("crosslayer.inbox.workers", false).start();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        slack.close();
        github.close();
    }

    @Test
    void everyProjectionStoresTheLargestValuesEveryCommandAccepts() {
        TenantId tenant = TenantId.of(UUID.randomUUID());
        Instant at = Instant.now();

        // Tenant directory: a tenant and two members, every text at its limit.
        String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertThat(email).hasSize(254);
        send(tenant, new CreateTenantCommand(tenant, wide(Bounds.NAME), ascii("org_", Bounds.NAME), ascii("d", Bounds.NAME),
                new VerifiedIdentity(ascii("user_", Bounds.NAME), email, true, ascii("org_", Bounds.NAME), SignInMethod.WORKOS), at));
        String secondEmail = "e".repeat(64) + email.substring(64);
        send(tenant, new SignInMemberCommand(tenant, new VerifiedIdentity(ascii("user2_", Bounds.NAME), secondEmail, true,
                ascii("org_", Bounds.NAME), SignInMethod.WORKOS), at));

        // Integration catalog: a Slack workspace (then revoked, with the longest provider failure) and a GitHub account.
        IntegrationId slackIntegration = IntegrationId.of(UUID.randomUUID());
        String teamId = slackId("T");
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            scopes.add("scope" + "%02d".formatted(i % 100));
        }
        assertThat(String.join(",", scopes)).hasSize(127 + 128 * 7);
        scopes.set(0, scopes.get(0) + "x".repeat(Bounds.LONG - String.join(",", scopes).length()));
        assertThat(String.join(",", scopes)).hasSize(Bounds.LONG);
        send(tenant, new ConnectSlackWorkspaceCommand(tenant, slackIntegration, teamId, wide(Bounds.NAME), slackId("U"), scopes,
                new SecretToken("xoxb-test-largest-values").fingerprint(), wide(Bounds.NAME), at));
        IntegrationId gitHubIntegration = IntegrationId.of(UUID.randomUUID());
        send(tenant, new ConnectGitHubAccountCommand(tenant, gitHubIntegration, 9_007_199_254_740_991L, wide(Bounds.NAME),
                new SecretToken("ghu_test_largest_values").fingerprint(), wide(Bounds.NAME), at));
        send(tenant, new SelectGitHubRepositoriesCommand(tenant, gitHubIntegration, List.of(
                new GitHubRepository(Long.MAX_VALUE, ascii("owner/a", Bounds.NAME)),
                new GitHubRepository(Long.MAX_VALUE - 1, ascii("owner/b", Bounds.NAME))), wide(Bounds.NAME), at));
        send(tenant, new RevokeIntegrationCommand(tenant, slackIntegration, RevocationReason.APP_UNINSTALLED, wide(Bounds.NAME), at));
        send(tenant, new RecordProviderRevocationCommand(tenant, slackIntegration, false, Integer.MAX_VALUE, wide(Bounds.LONG), at));

        // Skill catalog: the largest skill from the largest source, its card, a refused press and the decision.
        SkillId skill = SkillId.fromSlackEvent(tenant.value(), "Ev0LARGEST");
        SkillContent content = new SkillContent("a".repeat(SkillContent.MAX_NAME), "é".repeat(SkillContent.MAX_DESCRIPTION),
                wide(20_000), IntStream.range(0, 50).mapToObj(i -> wide(2_000)).toList(),
                IntStream.range(0, 20).mapToObj(i -> wide(100)).toList());
        SkillSource source = new SkillSource(teamId, slackId("C"), slackTs(), slackTs(), ascii("https://slack.test/", Bounds.LONG),
                "f".repeat(64), new SkillSource.GitHubFile(ascii("owner/a", Bounds.NAME), ascii("docs/", Bounds.LONG), "0".repeat(64)));
        send(tenant, new RecordExtractedSkillCommand(tenant, skill, content, source, ascii("claude-", 128), ascii("prompt/", Bounds.SHORT), at));
        send(tenant, new RecordSkillCardCommand(tenant, skill, slackId("C"), slackTs(), at));
        send(tenant, new RefuseSkillDecisionCommand(tenant, skill, ascii("U", Bounds.SHORT), true, wide(Bounds.LONG), at));
        send(tenant, new DecideSkillCommand(tenant, skill, true, ascii("U", Bounds.SHORT), wide(Bounds.NAME), at));

        // Governance policy: both lists full of the longest ids (issue 11's poison was 125 of them).
        List<String> channels = IntStream.range(0, GovernanceSettings.MAX_LIST_ENTRIES).mapToObj(i -> "C%031d".formatted(i)).toList();
        List<String> approvers = IntStream.range(0, GovernanceSettings.MAX_LIST_ENTRIES).mapToObj(i -> "U%031d".formatted(i)).toList();
        send(tenant, new ChangeGovernanceCommand(tenant, new GovernanceSettings(channels, Approvers.LISTED, approvers, slackId("C"),
                Duration.ofDays(7), true, 3650), 0, wide(Bounds.NAME), at));

        // Signal board: the longest signal, delivered and acknowledged; another dead-lettered with the longest failure.
        SignalId delivered = SignalId.of(tenant.value(), SignalKind.WAITING_FOR_REVIEW, "largest");
        send(tenant, new RaiseSignalCommand(tenant, delivered, SignalKind.WAITING_FOR_REVIEW, wide(Bounds.NAME),
                wide(RaiseSignalCommand.MAX_TEXT), slackId("C"), slackTs(), at));
        send(tenant, new RecordSignalDeliveryCommand(tenant, delivered, slackId("C"), slackTs(), Integer.MAX_VALUE, null, at));
        send(tenant, new AcknowledgeSignalCommand(tenant, delivered, ascii("U", Bounds.SHORT), at));
        SignalId failed = SignalId.of(tenant.value(), SignalKind.INTEGRATION_HEALTH, "largest");
        send(tenant, new RaiseSignalCommand(tenant, failed, SignalKind.INTEGRATION_HEALTH, wide(Bounds.NAME),
                wide(RaiseSignalCommand.MAX_TEXT), slackId("C"), null, at));
        send(tenant, new RecordSignalDeliveryCommand(tenant, failed, slackId("C"), null, Integer.MAX_VALUE, wide(Bounds.LONG), at)); // past any policy's last try

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(row("SELECT char_length(name) a, char_length(workos_organization_id) b, char_length(email_domain) c "
                    + "FROM tenant_directory WHERE tenant_id = ?", tenant)).containsAllEntriesOf(entries(255, 255, 255));
            assertThat(row("SELECT count(*) a, max(char_length(email)) b, max(char_length(user_id)) c "
                    + "FROM tenant_directory_member WHERE tenant_id = ?", tenant)).containsAllEntriesOf(entries(2L, 254, 255));
            assertThat(row("SELECT char_length(account_id) a, char_length(account_name) b, char_length(scopes) c, "
                    + "char_length(revoked_by) d, char_length(provider_revocation_failure) e FROM integration_catalog "
                    + "WHERE tenant_id = ? AND provider = 'SLACK'", tenant)).containsAllEntriesOf(entries(32, 255, 1024, 255, 1024));
            assertThat(row("SELECT count(*) a, min(char_length(full_name)) b, min(char_length(connected_by)) c "
                    + "FROM integration_catalog_repository WHERE tenant_id = ?", tenant)).containsAllEntriesOf(entries(2L, 255, 255));
            assertThat(row("SELECT char_length(name) a, char_length(description) b, char_length(permalink) c, "
                    + "char_length(channel_id) d, char_length(thread_ts) e, char_length(model) f, char_length(prompt_version) g, "
                    + "char_length(decided_by) h, char_length(decided_by_name) i, status s FROM skill_catalog WHERE tenant_id = ?",
                    tenant)).containsAllEntriesOf(entries(64, 1024, 1024, 32, 32, 128, 64, 64, 255, "confirmed"));
            assertThat(row("SELECT revision a, char_length(changed_by) b FROM governance_policy WHERE tenant_id = ?", tenant))
                    .containsAllEntriesOf(entries(1, 255));
            assertThat(row("SELECT max(char_length(value)) a FROM governance_policy_setting WHERE tenant_id = ?", tenant))
                    .containsAllEntriesOf(entries(100 * 32 + 99));
            assertThat(row("SELECT char_length(subject) a, char_length(text) b, char_length(message_ts) c, "
                    + "char_length(acknowledged_by) d, state s FROM signal_board WHERE tenant_id = ? AND signal_id = ?",
                    tenant, delivered.value())).containsAllEntriesOf(entries(255, 4000, 32, 64, "acknowledged"));
            assertThat(row("SELECT char_length(last_failure) a, state s FROM signal_board WHERE tenant_id = ? AND signal_id = ?",
                    tenant, failed.value())).containsAllEntriesOf(entries(1024, "dead-letter"));
        });
        JsonNode health = service.management().get().uri("/actuator/health").exchange().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(health.path("components").path("eventProcessors").path("status").asText())
                .as("no processor stopped on any of these events").isEqualTo("UP");
    }

    private static void send(TenantId tenant, Object command) {
        TenantScope.run(tenant, () -> service.bean(CommandGateway.class).sendAndWait(command));
    }

    private Map<String, Object> row(String sql, Object... args) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i] instanceof TenantId tenant ? tenant.value() : args[i];
        }
        List<Map<String, Object>> rows = db.queryForList(sql, values);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /** The columns {@code a}, {@code b}, … of a row with these values, in order; a text value is column {@code s}. */
    private static Map<String, Object> entries(Object... values) {
        Map<String, Object> entries = new java.util.HashMap<>();
        char column = 'a';
        for (Object value : values) {
            entries.put(value instanceof String ? "s" : String.valueOf(column++), value);
        }
        return entries;
    }

    /** {@code count} characters outside the BMP: one character each to PostgreSQL, two UTF-16 units to Java. */
    private static String wide(int count) {
        return "😀".repeat(count);
    }

    private static String ascii(String prefix, int length) {
        return prefix + "x".repeat(length - prefix.length());
    }

    private static String slackId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").toUpperCase().substring(0, Bounds.SLACK_ID - prefix.length());
    }

    private static String slackTs() {
        return "1".repeat(Bounds.SLACK_ID - 7) + ".000100";
    }
}
