package ai.crosslayer.ops.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code /actuator/health} component {@code deadLetters}: {@code DEGRADED} while any processor has a dead
 * letter — a tenant's change is not showing somewhere and an operator should look ({@code dead-letters list})
 * — but never {@code DOWN}: every other sequence is being served. And the gauge
 * {@code crosslayer_dead_letters{processor=…}}, one series per processor with a queue.
 * The count is a query: like the {@code db} component it is time-limited, so that health still answers
 * within a second while the database hangs (issue 19.5).
 */
@Component("deadLetters")
class DeadLettersHealth extends AbstractReactiveHealthIndicator implements MeterBinder {

    static final Status DEGRADED = new Status("DEGRADED");

    private final DeadLetters deadLetters;
    private final Duration within;

    DeadLettersHealth(DeadLetters deadLetters,
                      @Value("${crosslayer.health.database-timeout:PT0.8S}") Duration within) {
        super("the dead letters could not be counted");
        this.deadLetters = deadLetters;
        this.within = within;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder health) {
        return Mono.fromCallable(deadLetters::counts)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(within)
                .map(counts -> {
                    boolean any = counts.values().stream().anyMatch(count -> count > 0);
                    return health.status(any ? DEGRADED : Status.UP).withDetails(Map.copyOf(counts)).build();
                })
                .onErrorResume(e -> Mono.just(health.unknown()
                        .withDetail("error", e instanceof TimeoutException ? "no answer within " + within
                                : e.getClass().getSimpleName())
                        .build()));
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
