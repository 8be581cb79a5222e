package ai.crosslayer.ops.processing;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code /actuator/health} component {@code processorLag}: {@code DEGRADED} while a processor is more than
 * {@link ProjectionSettings#lagDegradedAfter()} behind the newest event — the read models it keeps are
 * stale, though the service still serves — else {@code UP}; {@code UNKNOWN} until lag has been measured.
 */
@Component("processorLag")
class ProcessorLagHealth extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED");

    private final ProcessorLag lag;
    private final ProjectionSettings settings;

    ProcessorLagHealth(ProcessorLag lag, ProjectionSettings settings) {
        this.lag = lag;
        this.settings = settings;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        var sample = lag.latest();
        if (sample.isEmpty()) {
            health.unknown().withDetail("reason", "not measured yet");
            return;
        }
        double limit = settings.lagDegradedAfter().toMillis() / 1000.0;
        Map<String, Double> behind = sample.get().secondsBehindByProcessor();
        boolean late = behind.values().stream().anyMatch(seconds -> seconds > limit);
        health.status(late ? DEGRADED : Status.UP)
                .withDetail("secondsBehind", behind)
                .withDetail("degradedAfterSeconds", limit);
    }
}
