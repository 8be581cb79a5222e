package ai.crosslayer.ops.processing;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, items 2 and 4: processors are pooled streaming processors split into segments; how far each
 * segment is behind shows as gauges, and a processor further behind than the configured limit makes health
 * {@code DEGRADED} until it catches up.
 */
class ProcessorLagIT {

    @TempDir
    Path dataDir;

    @Test
    void aProcessorThatFallsBehindShowsInItsGaugesAndDegradesHealthUntilItCatchesUp() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate owner = new JdbcTemplate(database.dataSource());
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .set("crosslayer.projections.segments", 5)
                .set("crosslayer.projections.lag-degraded-after", "PT1S")
                .set("crosslayer.projections.lag-sample-interval", "PT0.2S")
                .database(database)
                .start()) {
            WebTestClient http = service.http();
            EventProcessor directory = service.bean(EventProcessingConfiguration.class).eventProcessor("tenant-directory")
                    .orElseThrow();
            assertThat(directory).isInstanceOf(PooledStreamingEventProcessor.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(owner.queryForObject(
                    "SELECT count(*) FROM token_entry WHERE processor_name = 'tenant-directory'", Integer.class))
                    .as("the configured number of segments").isEqualTo(5));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(component(service.management())).isEqualTo("UP"));

            directory.shutDown();
            devLogin(http, "ada@lag.test");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(component(service.management())).isEqualTo("DEGRADED");
                assertThat(worstLag(service.management(), "crosslayer_processor_lag_events")).isGreaterThan(0);
                assertThat(worstLag(service.management(), "crosslayer_processor_lag_seconds")).isGreaterThan(1);
            });
            assertThat(prometheus(service.management())).contains("crosslayer_inbox_depth", "crosslayer_inbox_oldest_seconds",
                    "crosslayer_outbox_depth");

            directory.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(component(service.management())).isEqualTo("UP");
                assertThat(worstLag(service.management(), "crosslayer_processor_lag_events")).isZero();
            });
        }
    }

    private static String component(WebTestClient http) {
        return http.get().uri("/actuator/health").exchange().expectBody(com.fasterxml.jackson.databind.JsonNode.class)
                .returnResult().getResponseBody().path("components").path("processorLag").path("status").asText();
    }

    private static String prometheus(WebTestClient http) {
        return http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
    }

    /** The largest value of a gauge over the tenant-directory processor's segments. */
    private static double worstLag(WebTestClient http, String gauge) {
        Matcher rows = Pattern.compile("(?m)^" + gauge + "\\{[^}]*processor=\"tenant-directory\"[^}]*} (\\S+)$")
                .matcher(prometheus(http));
        double worst = -1;
        while (rows.find()) {
            worst = Math.max(worst, Double.parseDouble(rows.group(1)));
        }
        return worst;
    }
}
