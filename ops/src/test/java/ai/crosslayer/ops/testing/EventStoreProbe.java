package ai.crosslayer.ops.testing;

import ai.crosslayer.kernel.testing.TestPostgres;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * What the event store holds, read by a whole-system test as the service itself reads it: a tenant's events as
 * {@code crosslayer_app} inside that tenant's scope ({@code crosslayer.tenant_id} set for the transaction, so
 * row-level security decides what is visible), every tenant's as {@code crosslayer_system}, the role whose policy
 * lets tracking processors read the whole stream. {@link #of} logs in as those roles with
 * {@link RunningService#ROLE_PASSWORD}, which a service started on the test's database (in-process or as a process)
 * gives them: use it once one has started. {@link #asOwner} takes them on ({@code SET LOCAL ROLE}) from a login of
 * the database's owner, for a database whose role passwords the test does not know (a service's own embedded one).
 * <p>
 * The one place whole-system tests read {@code domain_event_entry}. Tests that seed or tamper with the table, test its
 * row-level security or its audit chain, and the benchmarks, write their SQL on it on purpose.
 */
public final class EventStoreProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "SELECT global_index, tenant_id, event_identifier, aggregate_identifier, "
            + "sequence_number, type, time_stamp, payload_type, payload_revision, convert_from(payload, 'UTF8') AS payload, "
            + "convert_from(meta_data, 'UTF8') AS meta_data FROM domain_event_entry";
    private static final RowMapper<StoredEvent> ROW = (row, n) -> new StoredEvent(row.getLong("global_index"),
            row.getString("tenant_id"), row.getString("event_identifier"), row.getString("aggregate_identifier"),
            row.getLong("sequence_number"), row.getString("type"), row.getString("time_stamp"),
            row.getString("payload_type"), row.getString("payload_revision"), row.getString("payload"),
            row.getString("meta_data"));

    /** A login for a role, and whether that login must still take the role on. */
    private final Function<String, DataSource> login;
    private final boolean setRole;

    private EventStoreProbe(Function<String, DataSource> login, boolean setRole) {
        this.login = login;
        this.setRole = setRole;
    }

    /** The probe of the database a test's service runs on, logged in as the service's roles. */
    public static EventStoreProbe of(TestPostgres.Database database) {
        return new EventStoreProbe(role -> {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(database.url());
            dataSource.setUser(role);
            dataSource.setPassword(RunningService.ROLE_PASSWORD);
            return dataSource;
        }, false);
    }

    /** The probe of a database reached as its owner, who takes the service's roles on for each read. */
    public static EventStoreProbe asOwner(DataSource owner) {
        return new EventStoreProbe(role -> owner, true);
    }

    /** One tenant's events, as the service sees them in that tenant's scope. */
    public Events tenant(String tenantId) {
        return new Events("crosslayer_app", tenantId);
    }

    /** Every tenant's events, as the tracking processors read the stream. */
    public Events everyTenant() {
        return new Events("crosslayer_system", null);
    }

    /** The events of a scope, in the order the store gives them (global order; an aggregate's in sequence). */
    public final class Events {
        private final String role;
        private final String tenantId;

        private Events(String role, String tenantId) {
            this.role = role;
            this.tenantId = tenantId;
        }

        /** All of them, in global order. */
        public List<StoredEvent> all() {
            return read("", List.of());
        }

        /** Those whose event class is named {@code type} (the simple name, e.g. {@code SkillExtracted}). */
        public List<StoredEvent> ofType(String type) {
            return read(" WHERE payload_type LIKE ?", List.of("%." + type));
        }

        /** Those of {@code type} whose stored payload (its JSON text) contains {@code text}. */
        public List<StoredEvent> ofType(String type, String mentioning) {
            return ofType(type).stream().filter(event -> event.payload().contains(mentioning)).toList();
        }

        /** One aggregate's events, in its sequence. */
        public List<StoredEvent> ofAggregate(String aggregateId) {
            return read(" WHERE aggregate_identifier = ?", List.of(aggregateId));
        }

        /** One aggregate's events of {@code type}, in its sequence. */
        public List<StoredEvent> ofAggregate(String aggregateId, String type) {
            return read(" WHERE aggregate_identifier = ? AND payload_type LIKE ?", List.of(aggregateId, "%." + type));
        }

        /** The simple type names of one aggregate's events, in its sequence. */
        public List<String> typesOf(String aggregateId) {
            return ofAggregate(aggregateId).stream().map(StoredEvent::type).toList();
        }

        public long count() {
            return all().size();
        }

        public long count(String type) {
            return ofType(type).size();
        }

        public long count(String type, Predicate<StoredEvent> which) {
            return ofType(type).stream().filter(which).count();
        }

        /** The newest event of {@code type}, if there is one. */
        public Optional<StoredEvent> latest(String type) {
            return last(ofType(type));
        }

        /** The newest event of {@code type} whose payload contains {@code mentioning}, if there is one. */
        public Optional<StoredEvent> latest(String type, String mentioning) {
            return last(ofType(type, mentioning));
        }

        /** The only event of {@code type}; fails when there is none or more than one. */
        public StoredEvent only(String type) {
            return single(ofType(type), type);
        }

        /** The only event of {@code type} whose payload contains {@code mentioning}; fails otherwise. */
        public StoredEvent only(String type, String mentioning) {
            return single(ofType(type, mentioning), type + " mentioning " + mentioning);
        }

        /** The only event of {@code type} of one aggregate; fails when there is none or more than one. */
        public StoredEvent onlyOf(String aggregateId, String type) {
            return single(ofAggregate(aggregateId, type), type + " of " + aggregateId);
        }

        /** The highest global index in scope, or {@code 0} when the scope is empty. */
        public long lastGlobalIndex() {
            List<StoredEvent> events = all();
            return events.isEmpty() ? 0 : events.get(events.size() - 1).globalIndex();
        }

        private List<StoredEvent> read(String where, List<Object> arguments) {
            String order = where.contains("aggregate_identifier") ? " ORDER BY sequence_number" : " ORDER BY global_index";
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(login.apply(role));
            TransactionTemplate transaction = new TransactionTemplate(transactions);
            transaction.setReadOnly(true);
            return transaction.execute(status -> {
                JdbcTemplate sql = new JdbcTemplate(transactions.getDataSource());
                if (setRole) {
                    sql.execute("SET LOCAL ROLE " + role);
                }
                if (tenantId != null) {
                    // As TenantTransactionManager binds a tenant: for this transaction alone.
                    sql.queryForObject("SELECT set_config('crosslayer.tenant_id', ?, true)", String.class, tenantId);
                }
                return new ArrayList<>(sql.query(COLUMNS + where + order, ROW, arguments.toArray()));
            });
        }

        private static Optional<StoredEvent> last(List<StoredEvent> events) {
            return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
        }

        private static StoredEvent single(List<StoredEvent> events, String what) {
            if (events.size() != 1) {
                throw new AssertionError("expected exactly one " + what + " in the event store, found " + events.size()
                        + ": " + events.stream().map(StoredEvent::eventId).toList());
            }
            return events.get(0);
        }
    }

    /**
     * One row of {@code domain_event_entry}: {@code payload} and {@code metaData} are the stored bytes read as UTF-8
     * (the JSON text exactly as stored), {@code type} the simple name of {@code payloadType}.
     */
    public record StoredEvent(long globalIndex, String tenantId, String eventId, String aggregateId, long sequenceNumber,
                              String aggregateType, String timestamp, String payloadType, String payloadRevision,
                              String payload, String metaData) {

        public String type() {
            return payloadType.substring(payloadType.lastIndexOf('.') + 1);
        }

        public JsonNode payloadJson() {
            return parse(payload);
        }

        public JsonNode metaDataJson() {
            return parse(metaData);
        }

        /** A top-level field of the payload as text ({@code null} when absent), as {@code payload ->> name} reads. */
        public String payloadField(String name) {
            JsonNode value = payloadJson().get(name);
            return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
        }

        private static JsonNode parse(String text) {
            try {
                return JSON.readTree(text == null ? "null" : text);
            } catch (JsonProcessingException e) {
                throw new AssertionError("a stored event that is not JSON: " + text, e);
            }
        }
    }
}
