package ai.crosslayer.ops.processing;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The nodes that share the projections' work (issue 17.1). Every service process on the same database says in
 * {@code processing_node} that it is alive, every third of {@link ProjectionSettings#claimTimeout()}, in the
 * database's clock; a node not seen for a claim timeout no longer counts. Each node then claims at most its fair
 * share of each processor's segments, {@code ceil(segments / live nodes)} ({@link #maxSegments(String)}, Axon's
 * {@link MaxSegmentProvider}): a node that holds more gives the rest up, so a node that joins gets work, and when
 * a node dies the others' share grows and they take its segments once its claims have expired.
 *
 * <p>A node's id is the owner Axon writes into {@code token_entry} ({@code pid@host}), so an operator sees which
 * node holds which segment. A process with {@code crosslayer.projections.node=false} (a node without the
 * {@code projections} role, an operator command) is not counted and claims no segment.
 */
@Component
public class ProcessingNodes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessingNodes.class);
    /** A row not renewed for a day belongs to a node that is gone for good; it is deleted. */
    private static final long FORGET_AFTER_SECONDS = 24 * 3600;

    private final JdbcTemplate sql;
    private final ProjectionSettings settings;
    private final String id = ManagementFactory.getRuntimeMXBean().getName();
    private volatile int live = 1;
    private volatile Map<String, Integer> segments = Map.of();
    private ScheduledExecutorService heartbeat;

    public ProcessingNodes(DataSource dataSource, ProjectionSettings settings, MeterRegistry meters) {
        this.sql = new JdbcTemplate(dataSource);
        this.settings = settings;
        meters.gauge("crosslayer.processing.nodes", this, ProcessingNodes::live);
    }

    /** This node's id: the owner of the segments it claims in {@code token_entry}. */
    public String id() {
        return id;
    }

    /** How many nodes were alive at the last heartbeat, this one included (1 before the first). */
    public int live() {
        return live;
    }

    /** The most segments of {@code processor} this node may hold now. */
    public int maxSegments(String processor) {
        if (!settings.node()) {
            return 0;
        }
        int total = segments.getOrDefault(processor, settings.segments());
        return (total + live - 1) / live;
    }

    /**
     * {@link #maxSegments(String)} for one processor's builder. Axon's builder asks the provider once as it is set,
     * while the processor is built (before it starts), and refuses a 0 there; the coordinator asks again before every
     * claim, and takes 0 as "claim nothing, give up what you hold". A node that claims nothing answers that first
     * question with 1 and every later one with 0.
     */
    MaxSegmentProvider segmentLimit() {
        AtomicBoolean built = new AtomicBoolean();
        return processor -> built.getAndSet(true) ? maxSegments(processor) : Math.max(1, maxSegments(processor));
    }

    /** Renews this node's row, then counts the live nodes and each processor's segments. */
    void beat() {
        sql.update("INSERT INTO processing_node (node_id, started_at, seen_at) VALUES (?, now(), now()) "
                + "ON CONFLICT (node_id) DO UPDATE SET seen_at = now()", id);
        double timeout = settings.claimTimeout().toMillis() / 1000.0;
        Integer counted = sql.queryForObject("SELECT count(*) FROM processing_node "
                + "WHERE seen_at > now() - make_interval(secs => ?)", Integer.class, timeout);
        Map<String, Integer> counts = new HashMap<>();
        sql.query("SELECT processor_name, count(*) AS n FROM token_entry GROUP BY processor_name",
                row -> {
                    counts.put(row.getString("processor_name"), row.getInt("n"));
                });
        segments = Map.copyOf(counts);
        int now = Math.max(1, counted == null ? 1 : counted);
        if (now != live) {
            log.info("{} node(s) share the projections' work; this node ({}) takes up to {} of every {} segments",
                    now, id, (settings.segments() + now - 1) / now, settings.segments());
            live = now;
        }
        sql.update("DELETE FROM processing_node WHERE seen_at < now() - make_interval(secs => ?)", (double) FORGET_AFTER_SECONDS);
    }

    @Override
    public synchronized void start() {
        if (!settings.node()) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "processing-node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                beat();
            } catch (RuntimeException e) {
                // The node keeps its last count; the claims it holds expire on their own if it stays cut off.
                log.warn("could not renew this node's heartbeat: {}", e.toString());
            }
        }, 0, settings.claimTimeout().toMillis() / 3, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (heartbeat == null) {
            return;
        }
        heartbeat.shutdown();
        try {
            // A beat under way would write the row again after the delete below.
            if (!heartbeat.awaitTermination(5, TimeUnit.SECONDS)) {
                heartbeat.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat = null;
        try {
            // Leaving on purpose: the others need not wait a claim timeout to count one node fewer.
            sql.update("DELETE FROM processing_node WHERE node_id = ?", id);
        } catch (RuntimeException e) {
            log.warn("could not remove this node from processing_node; it stops counting after {}: {}",
                    settings.claimTimeout(), e.toString());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return heartbeat != null;
    }
}
