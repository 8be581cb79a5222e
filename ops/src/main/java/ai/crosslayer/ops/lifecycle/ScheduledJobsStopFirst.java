package ai.crosslayer.ops.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduled jobs (inbox workers, signal dispatchers, checkpoints) stop first: on a stop no new run starts,
 * and the runs in progress finish while Axon still has its command handlers. Without this, a worker in the
 * middle of a Slack event met an unsubscribed command bus ({@code NoHandlerForCommandException}, a stack
 * trace per event) when the service was stopped under load. What a stopped run left is in the inbox and is
 * worked at the next start.
 */
@Component
class ScheduledJobsStopFirst implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduledJobsStopFirst.class);

    private final ObjectProvider<ThreadPoolTaskScheduler> schedulers;
    private final Duration timeout;
    private volatile boolean running;

    ScheduledJobsStopFirst(ObjectProvider<ThreadPoolTaskScheduler> schedulers,
                           @Value("${spring.lifecycle.timeout-per-shutdown-phase:20s}") Duration timeout) {
        this.schedulers = schedulers;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        List<ScheduledExecutorService> executors = schedulers.orderedStream()
                .map(ThreadPoolTaskScheduler::getScheduledExecutor).toList();
        executors.forEach(ScheduledExecutorService::shutdown); // periodic jobs are not run again
        try {
            for (ScheduledExecutorService executor : executors) {
                if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("scheduled jobs still running after {} s; interrupting them", timeout.toSeconds());
                    executor.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown and Axon's processors and handlers. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
