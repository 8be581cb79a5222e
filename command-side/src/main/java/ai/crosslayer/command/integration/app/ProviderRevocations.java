package ai.crosslayer.command.integration.app;

import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.github.GitHubOAuth;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.RecordProviderRevocationCommand;
import ai.crosslayer.kernel.integration.SecretToken;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Telling the provider, after a revocation has committed: Slack's {@code auth.revoke} or GitHub's token
 * deletion, retried with backoff (resilience4j), on threads of its own so that the admin's request never
 * waits on the provider. The outcome is recorded as {@code ProviderRevocationSucceeded} or
 * {@code ProviderRevocationFailed}. The token lives only in this task's memory: it was deleted from the
 * vault before the provider is called.
 */
@Component
public class ProviderRevocations {

    private static final Logger log = LoggerFactory.getLogger(ProviderRevocations.class);

    private final SlackWebApi slack;
    private final GitHubOAuth github;
    private final CommandGateway commands;
    private final Clock clock;
    private final RetryConfig retry;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "provider-revocation");
        thread.setDaemon(true);
        return thread;
    });

    ProviderRevocations(SlackWebApi slack, GitHubOAuth github, @Lazy CommandGateway commands, Clock clock,
                        ProviderRevocationSettings settings) {
        this.slack = slack;
        this.github = github;
        this.commands = commands;
        this.clock = clock;
        this.retry = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.firstBackoff(), 2.0))
                .retryExceptions(ProviderCallFailed.class)
                .build();
    }

    /** Once the current unit of work commits (the token is gone locally), asks the provider to revoke it. */
    void afterCommit(TenantId tenant, IntegrationId integration, Provider provider, SecretToken token) {
        CurrentUnitOfWork.get().afterCommit(unitOfWork -> workers.execute(() -> revoke(tenant, integration, provider, token)));
    }

    /** The token could not even be opened: nothing to send the provider, so record the failure at once. */
    void afterCommitRecordFailure(TenantId tenant, IntegrationId integration, Provider provider, String reason) {
        CurrentUnitOfWork.get().afterCommit(unitOfWork -> workers.execute(
                () -> record(tenant, integration, provider, false, 0, reason)));
    }

    private void revoke(TenantId tenant, IntegrationId integration, Provider provider, SecretToken token) {
        AtomicInteger attempts = new AtomicInteger();
        Retry calls = Retry.of("provider-revocation-" + integration, retry);
        try {
            calls.executeRunnable(() -> {
                attempts.incrementAndGet();
                switch (provider) {
                    case SLACK -> slack.revoke(token);
                    case GITHUB -> github.revoke(token);
                }
            });
            record(tenant, integration, provider, true, attempts.get(), null);
        } catch (ProviderCallFailed e) {
            log.warn("provider did not revoke the token of integration {} of tenant {} after {} attempts: {}",
                    integration, tenant, attempts.get(), e.getMessage());
            record(tenant, integration, provider, false, attempts.get(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("revoking the token of integration {} of tenant {} at the provider failed unexpectedly",
                    integration, tenant, e);
            record(tenant, integration, provider, false, attempts.get(), "unexpected " + e.getClass().getSimpleName());
        }
    }

    private void record(TenantId tenant, IntegrationId integration, Provider provider, boolean succeeded, int attempts,
                        String failure) {
        try {
            TenantScope.run(tenant, () -> commands.sendAndWait(new RecordProviderRevocationCommand(
                    tenant, integration, succeeded, attempts, Bounds.cut(failure, Bounds.LONG), clock.instant()),
                    AuditContext.of(tenant, AuditContext.SYSTEM, provider == Provider.SLACK ? Source.SLACK : Source.GITHUB)));
        } catch (RuntimeException e) {
            if (ClosedTenant.refused(e)) {
                // The answer came after the offboarding had waited its time and closed the tenant: it stays out of
                // the closed chain; the offboarding reported this integration as not confirmed.
                log.warn("the provider's answer for integration {} of tenant {} ({}) came after the tenant was "
                        + "offboarded: not recorded", integration, tenant, succeeded ? "revoked" : "not revoked");
                return;
            }
            log.error("could not record the provider revocation outcome of integration {} of tenant {}",
                    integration, tenant, e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("provider revocations still running at shutdown were abandoned; their integrations stay "
                    + "revoked locally with no provider outcome recorded");
            workers.shutdownNow();
        }
    }
}
