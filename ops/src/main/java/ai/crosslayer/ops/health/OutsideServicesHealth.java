package ai.crosslayer.ops.health;

import ai.crosslayer.command.provider.anthropic.ExtractionBreaker;
import ai.crosslayer.command.provider.anthropic.SkillExtractor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code anthropic}: {@code UP} while its circuit breaker is closed,
 * {@code DEGRADED} while it is open or probing (extraction waits; nothing is lost, and the service stays in
 * rotation), {@code UNKNOWN} when no API key is configured.
 */
@Component("anthropic")
class OutsideServicesHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED");

    private final ExtractionBreaker breaker;
    private final SkillExtractor extractor;

    OutsideServicesHealth(ExtractionBreaker breaker, SkillExtractor extractor) {
        this.breaker = breaker;
        this.extractor = extractor;
    }

    @Override
    public Health health() {
        if (!extractor.configured()) {
            return Health.unknown().withDetail("configured", false).build();
        }
        String state = breaker.state();
        return ("CLOSED".equals(state) ? Health.up() : Health.status(DEGRADED)).withDetail("circuitBreaker", state).build();
    }
}
