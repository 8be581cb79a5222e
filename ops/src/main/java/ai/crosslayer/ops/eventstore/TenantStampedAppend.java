package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Axon's append statement plus the {@code tenant_id} column, taken from the event itself. An event
 * that is not {@link TenantScoped} is refused: nothing enters the audit log without a tenant.
 */
final class TenantStampedAppend {

    private TenantStampedAppend() {
    }

    static PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        String sql = "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields()
                + ", tenant_id) VALUES (?,?,?,?,?,?,?,?,?,?)";
        PreparedStatement statement = connection.prepareStatement(sql);
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = asDomainEvent(message);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, metaData.getData());
            statement.setString(10, tenantOf(event));
            statement.addBatch();
        }
        return statement;
    }

    static String tenantOf(EventMessage<?> event) {
        if (event.getPayload() instanceof TenantScoped scoped && scoped.tenantId() != null) {
            return scoped.tenantId().value();
        }
        throw new IllegalArgumentException("refusing to store " + event.getPayloadType().getName()
                + ": every event must be TenantScoped and name its tenant");
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
