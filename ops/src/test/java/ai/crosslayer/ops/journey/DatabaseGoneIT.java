package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.FreezableProxy;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the database hanging (its host answers nothing), Slack is told at once to come back — 503, before Slack's
 * own 3 s give-up — and health answers DOWN for the database within a probe's timeout; once the database is back,
 * Slack's retry of the same event is stored once. Issue 19.
 */
class DatabaseGoneIT {

    @TempDir
    Path dataDir;

    @Test
    void whileTheDatabaseHangsSlackGets503AtOnceAndHealthSaysDownWithinASecond() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate db = new JdbcTemplate(database.dataSource());
        URI direct = URI.create(database.url().substring("jdbc:".length()));
        try (FreezableProxy proxy = new FreezableProxy(direct.getHost(), direct.getPort());
             SlackFake slack = new SlackFake();
             RunningService service = RunningService.withProfile("local")
                     .set("CROSSLAYER_DATA_DIR", dataDir)
                     .database(database)
                     .set("CROSSLAYER_DATABASE_URL", database.url().replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/"))
                     .slack(slack)
                     .set("crosslayer.inbox.workers", false)
                     .start()) {
            WebTestClient http = service.http();
            String admin = devLogin(http, "ada@db-gone.test");
            connectSlack(http, admin, slack, "code-gone", new SlackFake.Team("T0GONE", "Gone", "U0BOTG"));
            policy(http, admin, List.of("C0GONE"), "ANYONE");
            // Slack gives up after 3 s; a probe typically after a few: neither may wait longer than that.
            WebTestClient impatient = http.mutate().responseTimeout(Duration.ofSeconds(2)).build();
            WebTestClient operator = service.management().mutate().responseTimeout(Duration.ofSeconds(2)).build();
            operator.get().uri("/actuator/health").exchange().expectStatus().isOk();

            proxy.freeze();
            try {
                for (int retry = 0; retry < 3; retry++) {
                    SlackInbound.send(impatient, event())
                            .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                            .expectHeader().valueEquals("Retry-After", "1")
                            .expectHeader().contentTypeCompatibleWith("application/problem+json");
                }
                JsonNode health = operator.get().uri("/actuator/health").exchange()
                        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                        .expectBody(JsonNode.class).returnResult().getResponseBody();
                assertThat(health.path("status").asText()).isEqualTo("DOWN");
                assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("DOWN");
            } finally {
                proxy.thaw();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> operator.get().uri("/actuator/health").exchange()
                    .returnResult(String.class).getStatus().is2xxSuccessful());
            SlackInbound.send(http, event()).expectStatus().isOk();
            assertThat(db.queryForObject("SELECT count(*) FROM slack_inbox WHERE event_id = 'Ev0GONE'", Long.class))
                    .as("Slack's retry after the outage is stored once").isOne();
        }
    }

    private static SlackInbound.Callback event() {
        return SlackInbound.message("T0GONE", "Ev0GONE", "C0GONE", "U0ADA",
                "How we fail over: first promote the replica, then repoint the service.", Instant.now().getEpochSecond() + ".000100");
    }
}
