package ai.crosslayer.ops.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code /actuator/health} component {@code deadLetters}: {@code DEGRADED} while any processor has a dead
 * letter — a tenant's change is not showing somewhere and an operator should look ({@code dead-letters list})
 * — but never {@code DOWN}: every other sequence is being served. And the gauge
 * {@code crosslayer_dead_letters{processor=…}}, one series per processor with a queue.
 */
@Component("deadLetters")
class DeadLettersHealth extends AbstractHealthIndicator implements MeterBinder {

    static final Status DEGRADED = new Status("DEGRADED");

    private final DeadLetters deadLetters;

    DeadLettersHealth(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        Map<String, Long> counts = deadLetters.counts();
        boolean any = counts.values().stream().anyMatch(count -> count > 0);
        health.status(any ? DEGRADED : Status.UP).withDetails(Map.copyOf(counts));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : deadLetters.processors()) {
            Gauge.builder("crosslayer.dead.letters", deadLetters, letters -> letters.count(processor))
                    .description("Events parked in the processor's dead-letter queue, with the later events of their sequence")
                    .tag("processor", processor)
                    .register(registry);
        }
    }
}
