package ai.crosslayer.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

import java.util.Collections;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Says what the service is doing while it starts, so that a slow start (a busy machine, a large jar) never
 * shows as seconds of silence (issue 17.5): every few seconds until it is ready, one line naming the step
 * Spring is in ("creating bean 'axonConfiguration'"). It learns the step from Spring's own
 * {@link ApplicationStartup} hooks, which cost nothing when nobody listens.
 */
final class StartupProgress implements ApplicationStartup, ApplicationListener<SpringApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupProgress.class);
    private static final long EVERY_SECONDS = 4;

    private final long started = System.nanoTime();
    private final AtomicLong ids = new AtomicLong();
    private volatile String step = "preparing the configuration";
    private ScheduledExecutorService ticker;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent) {
            // Logging is configured from here on: before, a line would be dropped.
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "startup-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleWithFixedDelay(() -> log.info("still starting: {} ({} s so far)", step,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)), EVERY_SECONDS, EVERY_SECONDS,
                    TimeUnit.SECONDS);
        } else if ((event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) && ticker != null) {
            ticker.shutdownNow();
        }
    }

    @Override
    public StartupStep start(String name) {
        step = switch (name) {
            case "spring.context.config-classes.parse", "spring.context.config-classes.enhance" ->
                    "reading the configuration classes";
            case "spring.context.beans.post-process" -> "processing the bean definitions";
            case "spring.context.refresh" -> "creating the application context";
            default -> step;
        };
        return new Step(ids.incrementAndGet(), name);
    }

    /** One step of Spring's start; only the bean it is creating matters here. */
    private final class Step implements StartupStep {
        private final long id;
        private final String name;

        Step(long id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getId() {
            return id;
        }

        @Override
        public Long getParentId() {
            return null;
        }

        @Override
        public StartupStep tag(String key, String value) {
            if ("beanName".equals(key)) {
                step = "creating bean '" + value + "'";
            }
            return this;
        }

        @Override
        public StartupStep tag(String key, Supplier<String> value) {
            return "beanName".equals(key) ? tag(key, value.get()) : this;
        }

        @Override
        public Tags getTags() {
            return Collections::emptyIterator;
        }

        @Override
        public void end() {
        }
    }
}
