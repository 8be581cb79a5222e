package ai.crosslayer.ops.eventstore;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import ai.crosslayer.command.integration.store.DataKeyVault;
import ai.crosslayer.ops.processing.ProjectionSettings;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon on PostgreSQL through JDBC. The schema belongs to Flyway ({@code db/eventstore}); this class
 * only names its snake_case tables and columns for Axon, and adds what Axon lacks: a tenant on every
 * stored event, and projections that stop on a failing handler instead of skipping the event.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /** Audit context copied from each command's metadata onto the events it causes. */
    static final String[] AUDIT_CONTEXT = {"tenantId", "actor", "source"};

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema,
                                          RevisionResolver revisionResolver,
                                          ProjectionSettings projections) {
        return new TenantStreamStorageEngine(JdbcEventStorageEngine.builder()
                // Processors read the stream a batch at a time; Axon's 100 would starve four segments of a batch
                // each (a commit, so a disk flush, per handful of events).
                .batchSize(projections.batchSize())
                .snapshotSerializer(TenantSnapshots.serializer(revisionResolver))
                .appendSnapshot(TenantSnapshots::append)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .appendEvents(TenantStampedAppend::build));
    }

    /**
     * Events are JSON from a mapper of their own, so that no HTTP-facing Jackson setting can change
     * the stored form (which is public API). Instants are ISO-8601 strings.
     */
    @Bean
    @Primary
    Serializer serializer(RevisionResolver revisionResolver, DataKeyVault dataKeys) {
        return JacksonSerializer.builder()
                .objectMapper(eventJson(PersonalFieldSealing.Cipher.of(dataKeys)))
                .revisionResolver(revisionResolver)
                .build();
    }

    /**
     * The JSON form of stored events, personal fields sealed under their subjects' data keys
     * ({@link PersonalFieldSealing}). Changing it changes stored bytes: the golden fixtures will say so.
     */
    static JsonMapper eventJson(PersonalFieldSealing.Cipher personalFields) {
        JsonMapper plain = eventJson();
        return plain.rebuild().addModule(PersonalFieldSealing.module(personalFields, plain)).build();
    }

    /** The JSON form of stored events as it was before sealing: every field in the clear. */
    static JsonMapper eventJson() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    /** The default error handler logs and moves on, silently skipping events; this one stops and retries. */
    @Bean
    ConfigurerModule projectionsStopOnErrors() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider auditContext() {
        return new SimpleCorrelationDataProvider(AUDIT_CONTEXT);
    }
}
