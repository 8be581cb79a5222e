package ai.crosslayer.ops.processing;

import ai.crosslayer.kernel.TenantScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How far behind the event stream each processor is, and how much work waits in the outboxes
 * (issue 14), measured every {@link ProjectionSettings#lagSampleInterval()} on a thread of its own and
 * published as Prometheus gauges:
 * <ul>
 *   <li>{@code crosslayer_processor_lag_events{processor,segment}}: events between the segment's position
 *       and the newest event;</li>
 *   <li>{@code crosslayer_processor_lag_seconds{processor,segment}}: age of the oldest event after the
 *       segment's position (0 when it has handled everything);</li>
 *   <li>{@code crosslayer_outbox_depth}: signals and skill cards waiting to be posted.</li>
 * </ul>
 * Positions come from the token table, so segments that other nodes work are measured too. The stream's head and
 * the queues are read across tenants by nature (a count, an index, a time; never a row's content), on
 * {@code crosslayer_system}.
 */
@Component("processorLagGauges")
public class ProcessorLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessorLag.class);

    private final JdbcTemplate sql;
    private final Serializer serializer;
    private final Clock clock;
    private final ProjectionSettings settings;
    private final MultiGauge eventsBehind;
    private final MultiGauge secondsBehind;
    private volatile Sample latest;
    private ScheduledExecutorService sampler;

    /** One measurement: per processor and segment, and the outboxes (the inbox has its own gauges, InboxGauges). */
    public record Sample(Instant at, List<Segment> segments, long outboxDepth) {

        /** Per processor: its furthest-behind segment's lag in seconds. */
        public Map<String, Double> secondsBehindByProcessor() {
            Map<String, Double> worst = new LinkedHashMap<>();
            segments.forEach(s -> worst.merge(s.processor(), s.secondsBehind(), Math::max));
            return worst;
        }
    }

    public record Segment(String processor, int segment, long eventsBehind, double secondsBehind) {
    }

    public ProcessorLag(DataSource dataSource, Serializer serializer, Clock clock, ProjectionSettings settings,
                        MeterRegistry meters) {
        this.sql = new JdbcTemplate(dataSource);
        this.serializer = serializer;
        this.clock = clock;
        this.settings = settings;
        this.eventsBehind = MultiGauge.builder("crosslayer.processor.lag.events")
                .description("events between a processor segment's position and the newest event").register(meters);
        this.secondsBehind = MultiGauge.builder("crosslayer.processor.lag.seconds")
                .description("age of the oldest event a processor segment has not handled yet").register(meters);
        // The inbox's own gauges (crosslayer_inbox_depth, crosslayer_inbox_oldest_seconds) are InboxGauges'.
        meters.gauge("crosslayer.outbox.depth", this, lag -> lag.latest().map(s -> (double) s.outboxDepth()).orElse(Double.NaN));
    }

    /** The newest measurement, once one was taken. */
    public Optional<Sample> latest() {
        return Optional.ofNullable(latest);
    }

    /** Measures now (also what the sampler thread runs). */
    public Sample measure() {
        // Positions are the processors' own rows (crosslayer_app); the stream and the queues are read
        // across tenants (crosslayer_system).
        Map<String, Map<Integer, Long>> positions = new LinkedHashMap<>();
        sql.query("SELECT processor_name, segment, token, token_type FROM token_entry ORDER BY processor_name, segment",
                row -> {
                    positions.computeIfAbsent(row.getString("processor_name"), name -> new LinkedHashMap<>())
                            .put(row.getInt("segment"), position(row.getBytes("token"), row.getString("token_type")));
                });
        Sample sample = TenantScope.crossTenant(() -> read(positions));
        latest = sample;
        eventsBehind.register(sample.segments().stream().map(s -> MultiGauge.Row.of(tags(s), s.eventsBehind())).toList(), true);
        secondsBehind.register(sample.segments().stream().map(s -> MultiGauge.Row.of(tags(s), s.secondsBehind())).toList(), true);
        return sample;
    }

    private Sample read(Map<String, Map<Integer, Long>> positions) {
        Instant now = clock.instant();
        long head = Optional.ofNullable(sql.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class))
                .orElse(0L);
        List<Segment> segments = new ArrayList<>();
        positions.forEach((processor, segmentPositions) -> segmentPositions.forEach((segment, position) ->
                segments.add(new Segment(processor, segment, Math.max(0, head - position),
                        secondsBehind(position, head, now)))));
        segments.sort(Comparator.comparing(Segment::processor).thenComparingInt(Segment::segment));
        Long outbox = sql.queryForObject("SELECT (SELECT count(tenant_id) FROM signal_outbox)"
                + " + (SELECT count(tenant_id) FROM skill_card_outbox)", Long.class);
        return new Sample(now, List.copyOf(segments), outbox == null ? 0 : outbox);
    }

    /** Where each segment of {@code processor} has got to (global index; -1 before its first event). */
    public List<Long> positions(String processor) {
        return sql.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (row, n) -> position(row.getBytes("token"), row.getString("token_type")), processor);
    }

    /** The global index a token has handled up to; -1 for a segment that has not started. */
    private long position(byte[] token, String type) {
        if (token == null || type == null) {
            return -1;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? -1 : tracking.position().orElse(-1);
    }

    private double secondsBehind(long position, long head, Instant now) {
        if (position >= head) {
            return 0;
        }
        return sql.queryForList("SELECT time_stamp FROM domain_event_entry WHERE global_index > ? "
                        + "ORDER BY global_index LIMIT 1", String.class, position).stream()
                .mapToDouble(oldest -> Math.max(0, Duration.between(Instant.parse(oldest), now).toMillis() / 1000.0))
                .findFirst().orElse(0);
    }

    private static Tags tags(Segment segment) {
        return Tags.of("processor", segment.processor(), "segment", String.valueOf(segment.segment()));
    }

    @Override
    public synchronized void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "processor-lag");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.lagSampleInterval().toMillis();
        sampler.scheduleWithFixedDelay(() -> {
            try {
                measure();
            } catch (RuntimeException e) {
                // The gauges keep their last values and health says the measurement is failing.
                latest = null;
                log.warn("could not measure processor lag: {}", e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }
}
