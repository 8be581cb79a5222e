package ai.crosslayer.ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9457 problem details as the service answers them. */
public final class Problems {

    private Problems() {
    }

    /**
     * The response is a problem of this status whose detail mentions {@code detailMentions}. Answers the
     * whole body, for tests that also check what a problem must never say.
     */
    public static String expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String detailMentions) {
        String body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        try {
            JsonNode problem = new ObjectMapper().readTree(body);
            assertThat(problem.path("status").asInt()).isEqualTo(status.value());
            assertThat(problem.path("detail").asText()).containsIgnoringCase(detailMentions);
        } catch (IOException e) {
            throw new UncheckedIOException("not a problem-details body: " + body, e);
        }
        return body;
    }
}
