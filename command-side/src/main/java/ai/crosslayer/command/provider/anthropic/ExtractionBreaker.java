package ai.crosslayer.command.provider.anthropic;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.springframework.stereotype.Component;


/**
 * The circuit breaker in front of Anthropic, shared by every extraction on this node: after half of the
 * last ten calls failed, calls stop for {@code crosslayer.anthropic.breaker-open-for} (30 s; inbox rows
 * wait), then a few probe whether it is back. Its state is shown in {@code /actuator/health} (component
 * {@code anthropic}).
 */
@Component
public class ExtractionBreaker {

    private final CircuitBreaker breaker;

    ExtractionBreaker(AnthropicSettings settings) {
        this.breaker = CircuitBreaker.of("anthropic", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(SkillExtractor::isTransient)
                .build());
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ... */
    public String state() {
        return breaker.getState().name();
    }
}
