package ai.crosslayer.ops.processing;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Event processors ({@code crosslayer.projections.*}, e.g. {@code CROSSLAYER_PROJECTIONS_SEGMENTS}):
 * <ul>
 *   <li>{@code segments}: how many parts each processor's stream is split into (at least 4); segments
 *       spread over threads and nodes. Takes effect for a processor whose tokens do not exist yet;</li>
 *   <li>{@code threads}: worker threads per processor on this node;</li>
 *   <li>{@code batchSize}: events per transaction;</li>
 *   <li>{@code lagDegradedAfter}: a processor further behind the newest event than this makes
 *       {@code /actuator/health} {@code DEGRADED};</li>
 *   <li>{@code lagSampleInterval}: how often the lag gauges are measured;</li>
 *   <li>{@code claimTimeout}: a segment whose claim was not renewed for this long is taken over by another node
 *       (Axon's {@code axon.eventhandling.tokenstore.claim-timeout} is set from it); a working node renews its
 *       claims every third of it. Compared with the nodes' own clocks: keep them in sync (NTP);</li>
 *   <li>{@code claimInterval}: how often a node looks for segments it may claim (unclaimed, or given up);</li>
 *   <li>{@code node}: whether this process is a node that takes its share of the segments
 *       ({@link ProcessingNodes}); off, it claims none (a node without the {@code projections} role of
 *       {@code CROSSLAYER_ROLES}, an operator command).</li>
 * </ul>
 */
@ConfigurationProperties("crosslayer.projections")
public record ProjectionSettings(Integer segments, Integer threads, Integer batchSize, Duration lagDegradedAfter,
                                 Duration lagSampleInterval, Duration claimTimeout, Duration claimInterval, Boolean node) {

    public ProjectionSettings {
        segments = segments == null ? 4 : segments;
        threads = threads == null ? 2 : threads;
        batchSize = batchSize == null ? 500 : batchSize;
        lagDegradedAfter = lagDegradedAfter == null ? Duration.ofSeconds(60) : lagDegradedAfter;
        lagSampleInterval = lagSampleInterval == null ? Duration.ofSeconds(5) : lagSampleInterval;
        // The default is also application.yml's, which hands it to Axon's token store.
        claimTimeout = claimTimeout == null ? Duration.ofSeconds(10) : claimTimeout;
        claimInterval = claimInterval == null ? Duration.ofSeconds(2) : claimInterval;
        node = node == null || node;
        if (segments < 4) {
            throw new IllegalArgumentException("CROSSLAYER_PROJECTIONS_SEGMENTS must be at least 4, not " + segments);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("CROSSLAYER_PROJECTIONS_THREADS must be at least 1, not " + threads);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("CROSSLAYER_PROJECTIONS_BATCH_SIZE must be 1 to 10000, not " + batchSize);
        }
        if (lagDegradedAfter.isNegative() || lagDegradedAfter.isZero()) {
            throw new IllegalArgumentException("CROSSLAYER_PROJECTIONS_LAG_DEGRADED_AFTER must be positive, such as PT60S");
        }
        if (lagSampleInterval.isNegative() || lagSampleInterval.isZero()) {
            throw new IllegalArgumentException("CROSSLAYER_PROJECTIONS_LAG_SAMPLE_INTERVAL must be positive, such as PT5S");
        }
        if (claimTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("CROSSLAYER_PROJECTIONS_CLAIM_TIMEOUT must be at least PT1S, such as PT10S");
        }
        if (claimInterval.compareTo(Duration.ofMillis(100)) < 0 || claimInterval.compareTo(claimTimeout) >= 0) {
            throw new IllegalArgumentException("CROSSLAYER_PROJECTIONS_CLAIM_INTERVAL must be at least PT0.1S and shorter than "
                    + "the claim timeout, such as PT2S");
        }
    }
}
