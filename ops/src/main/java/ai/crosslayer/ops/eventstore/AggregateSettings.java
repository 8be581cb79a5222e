package ai.crosslayer.ops.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How aggregates are loaded ({@code crosslayer.aggregates.*}, e.g. {@code CROSSLAYER_AGGREGATES_SNAPSHOT_EVERY}):
 * a tenant aggregate is snapshotted once {@code snapshotEvery} events have been replayed to load it, so a
 * load reads one snapshot and fewer than that many events, whatever the tenant's history.
 */
@ConfigurationProperties("crosslayer.aggregates")
public record AggregateSettings(Integer snapshotEvery) {

    public AggregateSettings {
        snapshotEvery = snapshotEvery == null ? 100 : snapshotEvery;
        if (snapshotEvery < 2) {
            throw new IllegalArgumentException("CROSSLAYER_AGGREGATES_SNAPSHOT_EVERY must be at least 2 (events replayed"
                    + " before a snapshot is taken), not " + snapshotEvery);
        }
    }
}
