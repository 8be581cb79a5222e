package ai.crosslayer.command.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pools work runs on ({@code crosslayer.work.*}, e.g. {@code CROSSLAYER_WORK_THREADS}), checked at start-up:
 *
 * @param threads          worker threads for work that calls outside services (reading a thread, asking the
 *                         model, posting a card or a signal); default 8
 * @param perTenant        how many of those one tenant may use at once, so that one tenant's slow calls (Slack 429s,
 *                         a slow model) leave the others room; default 2, at most {@code threads}
 * @param schedulerThreads threads of the scheduler that runs the periodic jobs (inbox triage and hand-out, card and
 *                         signal hand-out, expiry, checkpoints, drift watching, review reminders), so that no job
 *                         waits for another; default 4
 */
@ConfigurationProperties("crosslayer.work")
public record WorkSettings(int threads, int perTenant, int schedulerThreads) {

    public WorkSettings {
        threads = threads == 0 ? 8 : threads;
        perTenant = perTenant == 0 ? 2 : perTenant;
        schedulerThreads = schedulerThreads == 0 ? 4 : schedulerThreads;
        if (threads < 1 || perTenant < 1 || schedulerThreads < 1) {
            throw new IllegalArgumentException("crosslayer.work.threads, .per-tenant and .scheduler-threads must be at least 1");
        }
        if (perTenant > threads) {
            throw new IllegalArgumentException("crosslayer.work.per-tenant (" + perTenant + ") cannot be more than "
                    + "crosslayer.work.threads (" + threads + ")");
        }
    }
}
