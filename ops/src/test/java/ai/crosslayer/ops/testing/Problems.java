package ai.crosslayer.ops.testing;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9457 problem details as the service answers them. */
public final class Problems {

    private Problems() {
    }

    /** The response is a problem of this status whose detail mentions {@code detailMentions}. */
    public static void expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String detailMentions) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status.value())
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).containsIgnoringCase(detailMentions));
    }
}
