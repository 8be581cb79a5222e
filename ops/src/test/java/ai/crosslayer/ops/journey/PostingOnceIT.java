package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.Integrations;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each card and signal appears once in Slack, whatever happened to the try before: a process that died between
 * the post and its record, and a Slack that took the post but answered after the client's timeout. The next try
 * finds the message by its metadata and records its ts instead of posting again. Each test runs its own service
 * (one at a time: services in one JVM share Reactor Netty's event loops, which a stopping service disposes).
 * Issue 19.
 */
class PostingOnceIT {

    @Test
    void aCardPostedByAProcessThatDiedBeforeRecordingItIsFoundByTheNextProcessAndNotPostedAgain(@TempDir Path otherDataDir)
            throws Exception {
        TestPostgres.Database own = TestPostgres.freshDatabase();
        JdbcTemplate ownDb = new JdbcTemplate(own.dataSource());
        EventStoreProbe.Events stored = EventStoreProbe.of(own).everyTenant();
        try (SlackFake ownSlack = new SlackFake(); AnthropicFake ownAnthropic = new AnthropicFake()) {
            ownAnthropic.on("crashA").answers(skill("survives-a-crash"));
            try (RunningService first = ownService(own, otherDataDir, ownSlack, ownAnthropic)) {
                String admin = devLogin(first.http(), "ada@pipeline-crash.test");
                connectSlack(first.http(), admin, ownSlack, "code-crash", new SlackFake.Team("T0CRASH", "Crash", "U0BOTC"));
                policy(first.http(), admin, List.of("C0C"), "ANYONE");
                // The process "dies" between the post and its record: recording SkillCardPosted fails from now on.
                ownDb.execute("CREATE FUNCTION test_dies_before_recording() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RAISE EXCEPTION 'the process died before recording the card'; END $$");
                ownDb.execute("CREATE TRIGGER test_dies_before_recording BEFORE INSERT ON domain_event_entry FOR EACH ROW "
                        + "WHEN (NEW.payload_type LIKE '%.SkillCardPosted') EXECUTE FUNCTION test_dies_before_recording()");
                SlackInbound.send(first.http(), SlackInbound.message("T0CRASH", "Ev0CRASH", "C0C", "U0ADA", procedure("crashA"),
                        Instant.now().getEpochSecond() + ".000100")).expectStatus().isOk();
                await().atMost(Duration.ofSeconds(20)).until(() -> ownSlack.posts().stream()
                        .anyMatch(post -> post.blocks() != null && post.blocks().contains("survives-a-crash")));
            }
            ownDb.execute("DROP TRIGGER test_dies_before_recording ON domain_event_entry");
            try (RunningService next = ownService(own, otherDataDir, ownSlack, ownAnthropic)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> stored.count("SkillCardPosted") == 1);
            }
            List<SlackFake.Post> cards = ownSlack.posts().stream()
                    .filter(post -> post.blocks() != null && post.blocks().contains("survives-a-crash")).toList();
            assertThat(cards).as("exactly one card in Slack").hasSize(1);
            assertThat(stored.only("SkillCardPosted").payloadField("messageTs")).isEqualTo(cards.get(0).ts());
            assertThat(ownDb.queryForObject("SELECT count(*) FROM skill_card_outbox", Long.class)).isZero();
            assertThat(ownAnthropic.requests()).hasSize(1);
        }
    }

    @Test
    void aSignalSlackTookAfterTheClientGaveUpIsFoundInTheChannelAndNotPostedAgain(@TempDir Path otherDataDir) throws Exception {
        TestPostgres.Database own = TestPostgres.freshDatabase();
        JdbcTemplate ownDb = new JdbcTemplate(own.dataSource());
        EventStoreProbe.Events stored = EventStoreProbe.of(own).everyTenant();
        try (SlackFake ownSlack = new SlackFake(); AnthropicFake ownAnthropic = new AnthropicFake()) {
            ownAnthropic.on("reviewA").answers(skill("waits-for-review"));
            RunningService.Builder builder = builder(own, otherDataDir, ownSlack, ownAnthropic)
                    .set("crosslayer.slack.timeout", "PT1S")
                    .set("crosslayer.signals.review-after", "PT2S")
                    .set("crosslayer.signals.review-check-interval", "PT1S")
                    .set("crosslayer.signals.poll-interval", "PT0.2S");
            try (RunningService service = builder.start()) {
                WebTestClient ownHttp = service.http();
                String admin = devLogin(ownHttp, "ada@pipeline-signal.test");
                connectSlack(ownHttp, admin, ownSlack, "code-signal", new SlackFake.Team("T0SIGNAL", "Signal", "U0BOTS"));
                Integrations.putPolicy(ownHttp, admin, 0, Map.of("passiveCaptureChannels", List.of("C0S"), "approvers", "ANYONE",
                        "signalChannel", "C0SIGNALS")).expectStatus().isOk();
                await().atMost(Duration.ofSeconds(5)).until(() -> ownHttp.get().uri("/api/governance")
                        .cookie("crosslayer_session", admin).exchange().expectBody(JsonNode.class)
                        .returnResult().getResponseBody().path("revision").asInt() == 1);
                // Slack takes every post but answers after the client gave up: the card, then the reminder signal.
                ownSlack.answerPostsAfter(Duration.ofSeconds(3));
                SlackInbound.send(ownHttp, SlackInbound.message("T0SIGNAL", "Ev0REVIEW", "C0S", "U0ADA", procedure("reviewA"),
                        Instant.now().getEpochSecond() + ".000100")).expectStatus().isOk();
                await().atMost(Duration.ofSeconds(40)).until(() -> stored.count("SignalDispatched") == 1);
                String signalId = stored.only("SignalDispatched").aggregateId();
                List<SlackFake.Post> posted = ownSlack.posts().stream()
                        .filter(post -> post.blocks() != null && post.blocks().contains(signalId)).toList();
                assertThat(posted).as("exactly one reminder in the signal channel").hasSize(1);
                assertThat(posted.get(0).channel()).isEqualTo("C0SIGNALS");
                assertThat(posted.get(0).metadata()).contains("crosslayer_signal", signalId);
                assertThat(stored.only("SignalDispatched").payloadField("messageTs")).isEqualTo(posted.get(0).ts());
                assertThat(ownSlack.calls()).contains("conversations.history");
                assertThat(ownSlack.posts().stream().filter(post -> post.blocks() != null
                        && post.blocks().contains("waits-for-review") && "C0S".equals(post.channel()))).as("one card").hasSize(1);
            }
        }
    }

    private static RunningService ownService(TestPostgres.Database own, Path dir, SlackFake ownSlack, AnthropicFake ownAnthropic) {
        return builder(own, dir, ownSlack, ownAnthropic).start();
    }

    private static RunningService.Builder builder(TestPostgres.Database own, Path dir, SlackFake ownSlack,
                                                  AnthropicFake ownAnthropic) {
        return RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dir)
                .database(own)
                .slack(ownSlack)
                .anthropic(ownAnthropic)
                // A lease the next process waits out quickly.
                .set("crosslayer.inbox.lease", "PT2S");
    }

    /** A message that passes the pre-filter, told apart by {@code marker}. */
    private static String procedure(String marker) {
        return "Runbook " + marker + ": first drain the queue, then restart the workers, and finally check the "
                + "dashboards. Make sure nobody is deploying while you do it.";
    }

    private static Map<String, Object> skill(String name) {
        return Map.of("found", true, "name", name, "description", "A runbook for " + name + ".",
                "steps", List.of("Drain the queue.", "Restart the workers.", "Check the dashboards."));
    }
}
