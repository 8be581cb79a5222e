package ai.crosslayer.ops.web;

import ai.crosslayer.command.tenant.domain.TenantClosed;
import ai.crosslayer.kernel.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18.3: a request refused because its tenant was offboarded answers 409 "Tenant offboarded", not 500. */
class ClosedTenantProblemsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ClosedTenantProblems handler = new ClosedTenantProblems(json);

    @Test
    void anAppendTheDatabaseRefusedForAClosedTenantIsAConflict() throws Exception {
        for (RuntimeException refused : new RuntimeException[]{
                new EventStoreException("An event could not be persisted",
                        new SQLException("tenant t is offboarded: its stream takes no more events", "CL001")),
                new TenantClosed(new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f"))}) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/skills/s/decision"));
            handler.handle(exchange, refused).block();
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json.readTree(exchange.getResponse().getBodyAsString().block());
            assertThat(problem.path("title").asText()).isEqualTo("Tenant offboarded");
            assertThat(problem.path("status").asInt()).isEqualTo(409);
            assertThat(problem.path("detail").asText()).contains("offboarded");
        }
    }

    @Test
    void anyOtherFailureIsLeftToTheErrorHandlers() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/skills/s/decision"));
        DataIntegrityViolationException other = new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value", "23505"));
        assertThatThrownBy(() -> handler.handle(exchange, other).block()).isSameAs(other);
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }
}
