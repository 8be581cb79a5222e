package ai.crosslayer.ops.work;

import ai.crosslayer.command.support.WorkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler of every {@code @Scheduled} job, with {@code crosslayer.work.scheduler-threads} threads of its own
 * (Spring's default is one thread for all of them, so a slow job — a GitHub poll, a checkpoint — delayed every
 * other). The jobs only find and hand out work; what calls outside services runs on the worker pool
 * ({@code WorkLanes}). On stop, running jobs are interrupted rather than awaited: their work is leased in the
 * database and is picked up again.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulingConfiguration.class);

    @Bean
    ThreadPoolTaskScheduler taskScheduler(WorkSettings settings) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(settings.schedulerThreads());
        scheduler.setThreadNamePrefix("crosslayer-scheduler-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.setErrorHandler(e -> log.error("a scheduled job failed; it runs again at its next time", e));
        return scheduler;
    }
}
