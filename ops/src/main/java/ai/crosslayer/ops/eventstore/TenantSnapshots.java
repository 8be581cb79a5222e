package ai.crosslayer.ops.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How aggregate snapshots are stored. A snapshot is derived data (issue 14): it lives in
 * {@code snapshot_event_entry}, outside the hash chain and the export, and carries the tenant of the event
 * it summarises — read from that event itself, so a snapshot can only ever belong to its aggregate's tenant.
 */
final class TenantSnapshots {

    private TenantSnapshots() {
    }

    /** Axon's snapshot insert plus {@code tenant_id}, taken from the stored event at the snapshot's sequence. */
    static PreparedStatement append(Connection connection, EventSchema schema, Class<?> dataType,
                                    DomainEventMessage<?> snapshot, Serializer serializer,
                                    TimestampWriter timestampWriter) throws SQLException {
        String sql = "INSERT INTO " + schema.snapshotTable() + " (" + schema.domainEventFields() + ", tenant_id) "
                + "VALUES (?,?,?,?,?,?,?,?,?, (SELECT tenant_id FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND " + schema.sequenceNumberColumn() + " = ?))";
        PreparedStatement statement = connection.prepareStatement(sql);
        SerializedObject<?> payload = snapshot.serializePayload(serializer, dataType);
        SerializedObject<?> metaData = snapshot.serializeMetaData(serializer, dataType);
        statement.setString(1, snapshot.getIdentifier());
        statement.setString(2, snapshot.getAggregateIdentifier());
        statement.setLong(3, snapshot.getSequenceNumber());
        statement.setString(4, snapshot.getType());
        timestampWriter.writeTimestamp(statement, 5, snapshot.getTimestamp());
        statement.setString(6, payload.getType().getName());
        statement.setString(7, payload.getType().getRevision());
        statement.setObject(8, payload.getData());
        statement.setObject(9, metaData.getData());
        statement.setString(10, snapshot.getAggregateIdentifier());
        statement.setLong(11, snapshot.getSequenceNumber());
        return statement;
    }

    /**
     * Snapshots are aggregates, not records: their JSON is their fields, whatever their visibility, and no
     * getter. A mapper of its own, so the stored form of events (public API) never depends on it. A snapshot
     * whose revision is not the aggregate's {@code @Revision} is ignored and the aggregate replayed instead.
     */
    static Serializer serializer(RevisionResolver revisions) {
        JsonMapper json = JsonMapper.builder()
                .findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
                .build();
        return JacksonSerializer.builder().objectMapper(json).revisionResolver(revisions).build();
    }
}
