package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an operator (and health, and the gauge) sees of the dead-letter queues, and what they do after a fix.
 * Overviews are cross-tenant by nature and read on the system role, which may see who, where and why of a
 * dead letter but never its payload. Retrying and evicting happen sequence by sequence in the tenant's own
 * scope and transaction, so that row-level security and the handlers' tenant checks hold as for any event.
 */
@Component("deadLetterOperations") // "deadLetters" is the health component's name
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** One parked event. {@code index} orders the events of a sequence; the first is the one that failed. */
    public record Letter(String id, String processor, String tenantId, String sequence, long index, String eventId,
                         String eventType, String aggregateId, Long aggregateSequence, String enqueuedAt,
                         String lastTouched, String cause) {
    }

    /** A parked sequence: the tenant it belongs to and its identifier. */
    record Sequence(TenantId tenant, String id) {
    }

    /** What a retry did: sequences that applied and left the queue, and those that failed again. */
    public record Retried(int cleared, int stillParked) {
    }

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate sql;
    private final TransactionTemplate transactions;

    DeadLetters(EventProcessingConfiguration processing, DataSource dataSource, PlatformTransactionManager transactions) {
        this.processing = processing;
        this.sql = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactions);
    }

    /** The processors that have a dead-letter queue (every streaming processor), in name order. */
    public List<String> processors() {
        return processing.eventProcessors().keySet().stream()
                .filter(name -> processing.deadLetterQueue(name).isPresent())
                .sorted().toList();
    }

    /** Dead letters per processor, every processor with a queue named (zero included). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        processors().forEach(name -> counts.put(name, 0L));
        TenantScope.crossTenant(() -> sql.query("SELECT processing_group, count(*) FROM dead_letter_entry GROUP BY processing_group",
                (row, n) -> counts.put(row.getString(1), row.getLong(2))));
        return counts;
    }

    /** How many dead letters {@code processor} has. */
    public long count(String processor) {
        return TenantScope.crossTenant(() -> sql.queryForObject(
                "SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?", Long.class, processor));
    }

    /** Every dead letter of {@code processor} (or of every processor, for {@code null}), oldest sequence first. */
    public List<Letter> list(String processor) {
        return TenantScope.crossTenant(() -> sql.query("""
                        SELECT dead_letter_id, processing_group, tenant_id, sequence_identifier, sequence_index,
                               event_identifier, payload_type, aggregate_identifier, sequence_number, enqueued_at,
                               last_touched, cause_type, cause_message
                          FROM dead_letter_entry
                         WHERE (CAST(? AS VARCHAR) IS NULL OR processing_group = ?)
                         ORDER BY processing_group, enqueued_at, sequence_identifier, sequence_index""",
                (row, n) -> new Letter(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getLong(5), row.getString(6), row.getString(7), row.getString(8),
                        (Long) row.getObject(9), row.getString(10), row.getString(11),
                        cause(row.getString(12), row.getString(13))),
                processor, processor));
    }

    /**
     * Offers each parked sequence of {@code processor} (or only {@code sequence}) to its handlers again, from
     * its first event on. A sequence whose events all apply leaves the queue; one that fails again stays, with
     * the new cause.
     */
    public Retried retry(String processor, String sequence) {
        SequencedDeadLetterProcessor<EventMessage<?>> retrier = processing.sequencedDeadLetterProcessor(processor)
                .orElseThrow(() -> new UnknownProcessor(processor));
        int cleared = 0;
        int stillParked = 0;
        for (Sequence parked : sequences(processor, sequence)) {
            try {
                TenantScope.call(parked.tenant(), () -> retrier.process(letter -> sequenceOf(letter).equals(parked.id())));
            } catch (RuntimeException failedAtCommit) {
                // Projections send their writes as the batch commits (ProjectionWrites): a write that fails then
                // rolls the whole retry back, the letters untouched, rather than failing in its handler.
                log.warn("retrying {} sequence {} failed again: {}", processor, parked.id(), rootCause(failedAtCommit));
            }
            if (stillParked(processor, parked)) {
                stillParked++;
            } else {
                cleared++;
            }
        }
        return new Retried(cleared, stillParked);
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * Removes dead letters for good: the handlers of {@code processor} will never see those events. One
     * letter ({@code letterId}), or every letter of {@code sequence}. Answers how many were removed.
     */
    public int evict(String processor, String sequence, String letterId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(processor)
                .orElseThrow(() -> new UnknownProcessor(processor));
        int evicted = 0;
        for (Sequence parked : sequences(processor, sequence)) {
            evicted += TenantScope.call(parked.tenant(), () -> Objects.requireNonNull(transactions.execute(status -> {
                int count = 0;
                for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(parked.id())) {
                    if (letterId == null || letterId.equals(idOf(letter))) {
                        queue.evict(letter);
                        count++;
                    }
                }
                return count;
            })));
        }
        return evicted;
    }

    private List<Sequence> sequences(String processor, String sequence) {
        if (processing.deadLetterQueue(processor).isEmpty()) {
            throw new UnknownProcessor(processor);
        }
        return TenantScope.crossTenant(() -> sql.query("""
                        SELECT DISTINCT tenant_id, sequence_identifier FROM dead_letter_entry
                         WHERE processing_group = ? AND (CAST(? AS VARCHAR) IS NULL OR sequence_identifier = ?)""",
                (row, n) -> new Sequence(new TenantId(row.getString(1)), row.getString(2)),
                processor, sequence, sequence));
    }

    private boolean stillParked(String processor, Sequence parked) {
        return TenantScope.crossTenant(() -> sql.queryForObject("SELECT count(*) FROM dead_letter_entry "
                + "WHERE processing_group = ? AND tenant_id = ? AND sequence_identifier = ?", Long.class,
                processor, parked.tenant().value(), parked.id())) > 0;
    }

    private static String sequenceOf(DeadLetter<?> letter) {
        if (letter instanceof JdbcDeadLetter<?> stored) {
            return stored.getSequenceIdentifier();
        }
        throw new IllegalStateException("not a letter of the JDBC dead-letter queue: " + letter);
    }

    private static String idOf(DeadLetter<?> letter) {
        if (letter instanceof JdbcDeadLetter<?> stored) {
            return stored.getIdentifier();
        }
        throw new IllegalStateException("not a letter of the JDBC dead-letter queue: " + letter);
    }

    private static String cause(String type, String message) {
        if (type == null) {
            return null;
        }
        return message == null ? type : type + ": " + message;
    }

    /** A processor name that has no dead-letter queue here. */
    public static final class UnknownProcessor extends RuntimeException {
        UnknownProcessor(String processor) {
            super(processor);
        }
    }
}
