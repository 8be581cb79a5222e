package ai.crosslayer.ops.processing;

import ai.crosslayer.ops.tenancy.TenantTransactionManager;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.ConfigurerModule;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Every streaming processor is a pooled streaming processor (issue 14): one reader of the event stream per
 * processor feeding {@link ProjectionSettings#segments()} segments, worked by
 * {@link ProjectionSettings#threads()} threads, {@link ProjectionSettings#batchSize()} events per transaction.
 * Error handling and dead letters are configured elsewhere and apply to these processors unchanged.
 *
 * <p>Segments are claimed through {@code token_entry}, so several nodes on one database share them: each claims
 * at most its fair share ({@link ProcessingNodes}), looks for segments to claim every
 * {@link ProjectionSettings#claimInterval()}, and renews its claims every third of
 * {@link ProjectionSettings#claimTimeout()}, after which another node may take them over.
 */
@Configuration(proxyBeanMethods = false)
class ProcessorConfiguration {

    @Bean
    ConfigurerModule pooledStreamingProcessors(ProjectionSettings settings, ProcessingNodes nodes) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingPooledStreamingEventProcessors((axon, processor) -> processor
                        .initialSegmentCount(settings.segments())
                        .batchSize(settings.batchSize())
                        .maxSegmentProvider(nodes.segmentLimit())
                        .tokenClaimInterval(settings.claimInterval().toMillis())
                        .claimExtensionThreshold(settings.claimTimeout().toMillis() / 3)
                        .workerExecutor(name -> {
                            ScheduledExecutorService workers = Executors.newScheduledThreadPool(settings.threads(),
                                    new AxonThreadFactory("worker[" + name + "]"));
                            // As Axon does for the pools it makes itself: stopped with the configuration.
                            axon.onShutdown(workers::shutdown);
                            return workers;
                        })));
    }

    /** The projections' statements, sent per batch and tenant in the processor's own transaction. */
    @Bean
    ProjectionWrites projectionWrites(DSLContext sql, TenantTransactionManager transactions) {
        return new ProjectionWrites(sql, transactions::bind);
    }
}
