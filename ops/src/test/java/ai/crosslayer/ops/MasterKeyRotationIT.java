package ai.crosslayer.ops;

import ai.crosslayer.command.integration.app.MasterKeyRotation;
import ai.crosslayer.command.integration.store.MasterKeys;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.GitHubFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.reactive.function.BodyInserters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static ai.crosslayer.ops.testing.Integrations.connectGitHub;
import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code keys rotate}: every sealed token is sealed again under a new master key while the service runs,
 * in batches, resumably, with {@code MasterKeyRotated} recorded for each tenant; then the old key can be
 * retired, and a token still under a retired key fails with a clear error. Issue #5.
 */
class MasterKeyRotationIT {

    private static final String[] SETTINGS = {"spring.profiles.active", "CROSSLAYER_DATA_DIR", "CROSSLAYER_DATABASE_URL",
            "CROSSLAYER_DATABASE_USER", "CROSSLAYER_DATABASE_PASSWORD", "CROSSLAYER_DATABASE_APP_PASSWORD",
            "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", "CROSSLAYER_MASTER_KEY", "CROSSLAYER_MASTER_KEY_PREVIOUS"};

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final TestPostgres.Database database = TestPostgres.freshDatabase();
    private final JdbcTemplate db = new JdbcTemplate(database.dataSource());
    private final SlackFake slack = new SlackFake();
    private final GitHubFake github = new GitHubFake();

    @AfterEach
    void stop() throws Exception {
        for (String name : SETTINGS) {
            System.clearProperty(name);
        }
        slack.close();
        github.close();
    }

    @Test
    void rotationReSealsEveryTokenWhileTheServiceRunsAndTheOldKeyCanThenBeRetired() throws Exception {
        String first = MasterKeys.generate();
        String second = MasterKeys.generate();
        String firstId = new MasterKeys(first, List.of()).currentKeyId();
        String secondId = new MasterKeys(second, List.of()).currentKeyId();

        String acme;
        String gitHub;
        String ada;
        try (RunningService service = service(first, null)) {
            ada = devLogin(service.http(), "ada@rotate-acme.test");
            connectSlack(service.http(), ada, slack, "code-r1", new SlackFake.Team("T0ROT1", "Rot One", "U0B1"));
            connectSlack(service.http(), ada, slack, "code-r2", new SlackFake.Team("T0ROT2", "Rot Two", "U0B2"));
            String bob = devLogin(service.http(), "bob@rotate-bobco.test");
            github.file("bob/notes", "n.md", "notes");
            gitHub = connectGitHub(service.http(), bob, github, "gh-r", new GitHubFake.User(9001, "bob", List.of("bob/notes")));
            service.http().put().uri("/api/integrations/" + gitHub + "/repositories").cookie("crosslayer_session", bob)
                    .bodyValue(Map.of("repositories", List.of("bob/notes"))).exchange().expectStatus().isNoContent();
            acme = db.queryForObject("SELECT DISTINCT tenant_id FROM integration_token WHERE provider = 'SLACK'", String.class);
        }
        assertThat(keyIds()).containsOnly(firstId);

        // An operator starts keys rotate and interrupts it after the first tenant it touches.
        useConfiguration(second, first);
        try (var context = new SpringApplicationBuilder(CrossLayer.class).web(WebApplicationType.NONE).run()) {
            MasterKeyRotation rotation = context.getBean(MasterKeyRotation.class);
            assertThatThrownBy(() -> rotation.rotate(1, line -> {
                throw new IllegalStateException("operator pressed ctrl-c");
            })).hasMessageContaining("ctrl-c");
        }
        assertThat(keyIds()).as("interrupted halfway: some re-sealed, some not").contains(firstId, secondId);

        // The service runs with the new key current and the old one previous; keys rotate runs beside it,
        // in a process of its own as an operator runs it, and finishes the work.
        try (RunningService service = service(second, first)) {
            assertThat(operator(second, first, "keys", "rotate", "--batch-size", "1")).isZero();
            assertThat(out()).contains("under master key " + secondId,
                    "No token is sealed under " + firstId + " any more");
            assertThat(keyIds()).containsOnly(secondId);
            assertThat(operator(second, first, "keys", "rotate")).isZero();
            assertThat(out()).contains("Re-sealed 0 token(s) of 0 tenant(s)");

            EventStoreProbe store = EventStoreProbe.of(database);
            List<String> rotated = store.everyTenant().ofType("MasterKeyRotated").stream()
                    .map(EventStoreProbe.StoredEvent::payload).toList();
            assertThat(rotated).hasSize(3).allSatisfy(event -> assertThat(event)
                    .contains("\"previousKeyIds\":[\"" + firstId + "\"]", "\"keyId\":\"" + secondId + "\"")
                    .doesNotContain(first, second));
            assertThat(store.everyTenant().ofType("MasterKeyRotated").stream().map(EventStoreProbe.StoredEvent::tenantId)
                    .distinct().count()).isEqualTo(2);
            assertThat(store.tenant(acme).ofType("MasterKeyRotated").stream()
                    .mapToLong(event -> Long.parseLong(event.payloadField("tokensResealed"))).sum()).isEqualTo(2);

            // The running service opens the re-sealed tokens: a disconnect still reaches Slack.
            String slackId = db.queryForObject("SELECT integration_id FROM integration_token WHERE account_id = 'T0ROT1'", String.class);
            int revoked = slack.revokedTokens().size();
            service.http().delete().uri("/api/integrations/" + slackId).cookie("crosslayer_session", ada).exchange()
                    .expectStatus().isNoContent();
            await().atMost(Duration.ofSeconds(10)).until(() -> slack.revokedTokens().size() == revoked + 1);
        }

        // The old key retired: re-sealed tokens open, and so do the re-sealed personal data keys (bob's sign-in loads
        // the tenant, whose MemberJoined events carry sealed emails). With the current key gone too, a clear error.
        assertThat(db.queryForObject("SELECT count(*) FROM personal_data_key WHERE master_key_id IS DISTINCT FROM ? "
                + "AND destroyed_at IS NULL", Long.class, secondId)).isZero();
        String bob;
        try (RunningService service = service(second, null)) {
            bob = devLogin(service.http(), "bob@rotate-bobco.test");
            assertThat(service.http().get().uri("/api/integrations/" + gitHub + "/repositories/bob/notes/file?path=n.md")
                    .cookie("crosslayer_session", bob).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody()).isEqualTo("notes");
        }
        try (RunningService service = service(MasterKeys.generate(), null)) {
            // A data key that cannot be opened fails closed: the sign-in is refused, nothing reads as erased.
            service.http().post().uri("/auth/dev-login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData("email", "bob@rotate-bobco.test")).exchange()
                    .expectStatus().is5xxServerError();
            String problem = expectProblem(service.http().get()
                    .uri("/api/integrations/" + gitHub + "/repositories/bob/notes/file?path=n.md")
                    .cookie("crosslayer_session", bob).exchange(), HttpStatus.CONFLICT, "master key " + secondId);
            assertThat(problem).contains("retired").doesNotContain(second);
        }
    }

    @Test
    void aBadBatchSizeIsAPlainSentence() {
        assertThat(run("keys", "rotate", "--batch-size", "none")).isEqualTo(2);
    }

    private RunningService service(String masterKey, String previous) {
        RunningService.Builder builder = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .set("CROSSLAYER_MASTER_KEY", masterKey)
                .slack(slack)
                .github(github);
        if (previous != null) {
            builder.set("CROSSLAYER_MASTER_KEY_PREVIOUS", previous);
        }
        return builder.start();
    }

    /** The operator's configuration: what the service has (system properties stand in for the environment). */
    private void useConfiguration(String masterKey, String previous) {
        Map<String, String> settings = new HashMap<>(Map.of("spring.profiles.active", "local",
                "CROSSLAYER_DATA_DIR", dataDir.toString(), "CROSSLAYER_DATABASE_URL", database.url(),
                "CROSSLAYER_DATABASE_USER", database.user(),
                "CROSSLAYER_DATABASE_APP_PASSWORD", RunningService.ROLE_PASSWORD,
                "CROSSLAYER_DATABASE_SYSTEM_PASSWORD", RunningService.ROLE_PASSWORD,
                "CROSSLAYER_MASTER_KEY", masterKey, "CROSSLAYER_MASTER_KEY_PREVIOUS", previous));
        if (database.password() != null) {
            settings.put("CROSSLAYER_DATABASE_PASSWORD", database.password());
        }
        settings.forEach(System::setProperty);
    }

    private List<String> keyIds() {
        return db.queryForList("SELECT key_id FROM integration_token", String.class);
    }

    private int run(String... args) {
        out.reset();
        return new OperatorCommands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8)).run(args);
    }

    /** {@code java ... CrossLayer <args>} in a JVM of its own, configured through its environment. */
    private int operator(String masterKey, String previous, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrossLayer.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = process.environment();
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("CROSSLAYER_DATA_DIR", dataDir.toString());
        env.put("CROSSLAYER_DATABASE_URL", database.url());
        env.put("CROSSLAYER_DATABASE_USER", database.user());
        if (database.password() != null) {
            env.put("CROSSLAYER_DATABASE_PASSWORD", database.password());
        }
        env.put("CROSSLAYER_DATABASE_APP_PASSWORD", RunningService.ROLE_PASSWORD);
        env.put("CROSSLAYER_DATABASE_SYSTEM_PASSWORD", RunningService.ROLE_PASSWORD);
        env.put("CROSSLAYER_MASTER_KEY", masterKey);
        env.put("CROSSLAYER_MASTER_KEY_PREVIOUS", previous);
        Process running = process.start();
        out.reset();
        running.getInputStream().transferTo(out);
        if (!running.waitFor(2, TimeUnit.MINUTES)) {
            running.destroyForcibly();
            throw new IllegalStateException("keys rotate did not finish within 2 minutes: " + out());
        }
        return running.exitValue();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
