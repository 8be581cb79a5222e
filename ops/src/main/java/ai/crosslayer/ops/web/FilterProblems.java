package ai.crosslayer.ops.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * RFC 9457 problem details written by a web filter, which refuses a request before any controller (and
 * so before Spring's problem-details handling) is reached.
 */
final class FilterProblems {

    private FilterProblems() {
    }

    /** Answers {@code status} with a problem; {@code title} and {@code detail} are our own text, {@code path} the request's. */
    static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String title, String detail, String path) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = """
                {"type":"about:blank","title":"%s","status":%d,"detail":"%s","instance":"%s"}"""
                .formatted(title, status.value(), detail, path.replace("\\", "\\\\").replace("\"", "\\\""));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
