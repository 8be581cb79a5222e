package ai.crosslayer.ops.web;

import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.command.tenant.domain.TenantClosed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * A request whose tenant was offboarded while it was in hand (issue 18.3): the Tenant aggregate, or the database,
 * refused what it would have recorded. That is final, not a failure: {@code 409} problem details "Tenant offboarded"
 * on every route at once, instead of a {@code 500}. Nothing was stored.
 */
@Component
class ClosedTenantProblems implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ClosedTenantProblems.class);
    static final String DETAIL = "This account was offboarded: it takes no change any more, and nothing of this "
            + "request was recorded.";

    private final ObjectMapper json;

    ClosedTenantProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public int getOrder() {
        // Before Spring Boot's error handler, which would answer 500.
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (!(error instanceof TenantClosed || ClosedTenant.refused(error)) || exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        log.info("{} {} refused: its tenant was offboarded", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, DETAIL);
        problem.setTitle("Tenant offboarded");
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        exchange.getResponse().setStatusCode(HttpStatus.CONFLICT);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
    }
}
