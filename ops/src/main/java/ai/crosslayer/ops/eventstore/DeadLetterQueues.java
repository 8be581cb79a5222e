package ai.crosslayer.ops.eventstore;

import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.TenantScoped;
import ai.crosslayer.ops.tenancy.TenantTransactionManager;
import ai.crosslayer.projections.ProjectionWrites;
import ai.crosslayer.projections.governance.GovernancePolicyProjection;
import ai.crosslayer.projections.integration.IntegrationCatalogProjection;
import ai.crosslayer.projections.signal.SignalBoardProjection;
import ai.crosslayer.projections.skill.SkillCatalogProjection;
import ai.crosslayer.projections.tenant.TenantDirectoryProjection;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Failures contained to their sequence (issue 11): every event processor parks an event its handlers cannot
 * apply in Axon's sequenced dead-letter queue ({@code dead_letter_entry}, owned by Flyway), together with the
 * later events of the same sequence, and goes on with every other sequence — so one tenant's poison event
 * never stops another tenant's projection. Kept apart from the processors' own settings (type, batch size,
 * segments) so that those can change without touching this.
 *
 * <p>Which events form one sequence is a choice per processor ({@link #SEQUENCING}): by tenant where a
 * tenant's events must apply in order across aggregates, else by aggregate (Axon's default), which parks as
 * little as possible.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterQueues {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueues.class);

    /** How each processor's events are sequenced; a processor not named here is sequenced by aggregate. */
    static final Map<String, Sequencing> SEQUENCING = Map.of(
            // A policy's revisions apply in order, and the safety decisions read them: a tenant is one sequence.
            GovernancePolicyProjection.PROCESSING_GROUP, Sequencing.TENANT,
            // Members reference their tenant's row; keeping a tenant's directory events together keeps them so.
            TenantDirectoryProjection.PROCESSING_GROUP, Sequencing.TENANT,
            // An offboarded tenant's rows are deleted at TenantOffboarded (issue 18): only in the tenant's order
            // have all its earlier events (of other aggregates) been applied by then, so none is written after.
            IntegrationCatalogProjection.PROCESSING_GROUP, Sequencing.TENANT,
            SkillCatalogProjection.PROCESSING_GROUP, Sequencing.TENANT,
            SignalBoardProjection.PROCESSING_GROUP, Sequencing.TENANT);

    /**
     * Subscribing processors write in the very transaction that appends their event (the sign-in keys, whose
     * unique key decides which tenant a domain joins; the signal outbox; the deletion of a revoked token): their
     * failure must refuse the command, not park the event. They get no queue; {@code DeadLettersIT} fails when a
     * subscribing processor is missing here.
     */
    static final Set<String> TRANSACTIONAL_WITH_THEIR_COMMAND = Set.of("tenant-sign-in-keys", "signal-outbox",
            "integration-token-revocation");

    enum Sequencing {
        TENANT(new TenantSequencingPolicy()),
        AGGREGATE(SequentialPerAggregatePolicy.instance());

        final SequencingPolicy<? super EventMessage<?>> policy;

        Sequencing(SequencingPolicy<? super EventMessage<?>> policy) {
            this.policy = policy;
        }
    }

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /**
     * A dead-letter queue for every processing group, and each processor's sequencing policy. Applied after
     * every other module: Axon's Spring Boot auto-configuration registers a queue provider of its own (queues
     * only where {@code axon.eventhandling.processors.<name>.dlq.enabled}), which this one replaces.
     */
    @Bean
    ConfigurerModule deadLetterQueuesForEveryProcessor(ConnectionProvider connections, DeadLetterSchema schema,
                                                       DataSource dataSource, TenantTransactionManager tenantTransactions) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                EventProcessingConfigurer processing = configurer.eventProcessing();
                processing.registerDeadLetterQueueProvider(group -> {
                    if (TRANSACTIONAL_WITH_THEIR_COMMAND.contains(group)) {
                        return null;
                    }
                    // A replay (reset) empties the group's queue first: its events are handled again from the
                    // start, and a letter left behind would make the replayed ones park behind it twice.
                    processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                            (config, invoker) -> invoker.allowReset(true));
                    return config -> new TenantDeadLetterQueue(JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                            .processingGroup(group)
                            .connectionProvider(connections)
                            .transactionManager(config.getComponent(TransactionManager.class))
                            .schema(schema)
                            .genericSerializer(config.serializer())
                            .eventSerializer(config.eventSerializer()),
                            group, dataSource, tenantTransactions, connections);
                });
                SEQUENCING.forEach((group, sequencing) -> processing.registerSequencingPolicy(group, c -> sequencing.policy));
                processing.registerDefaultSequencingPolicy(c -> Sequencing.AGGREGATE.policy);
                processing.registerDefaultDeadLetterPolicy(c -> DeadLetterQueues::parkAndSaySo);
            }

            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }

    /**
     * Every failure parks its event (Axon's default), and says so once, naming what an operator needs to find
     * it (the processor is the logging thread's name) — never the payload. Except a refusal because the event's
     * tenant was offboarded meanwhile (a command or a row the handler would write for it, issue 18.3): that is final,
     * not a poison event, so the event is let go; a retry would only be refused again.
     */
    static EnqueueDecision<EventMessage<?>> parkAndSaySo(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        EventMessage<?> event = letter.message();
        if (ClosedTenant.refused(cause)) {
            log.info("event {} ({}) of tenant {} let go: the tenant was offboarded", event.getIdentifier(),
                    event.getPayloadType().getSimpleName(),
                    event.getPayload() instanceof TenantScoped scoped ? scoped.tenantId() : "unknown");
            return Decisions.doNotEnqueue();
        }
        log.warn("parked event {} ({}) of tenant {} in the dead-letter queue: {}. Other sequences go on; "
                        + "see dead-letters list, and retry after a fix.", event.getIdentifier(),
                event.getPayloadType().getSimpleName(),
                event.getPayload() instanceof TenantScoped scoped ? scoped.tenantId() : "unknown", cause.toString());
        return Decisions.enqueue(cause);
    }

    /**
     * Each event handler runs behind a savepoint of the processor's transaction. When a handler fails (a
     * value its table cannot hold, a broken constraint), PostgreSQL has aborted the transaction; rolling back
     * to the savepoint undoes that handler's partial writes and makes the transaction usable again, so that
     * the event can be parked in the same transaction as the token moves past it. Without it, the dead-letter
     * insert itself fails and the processor stops, as before. Event-sourcing handlers (aggregates) are left alone.
     * A handler of a projection that writes through {@link ProjectionWrites} takes no savepoint while its writes
     * are batched: it touches no table while handling (its statements are sent when the batch commits), which
     * saves two round trips per event. After a failed batch, when its statements run one by one inside it, it
     * takes one again, so that a handler whose second statement fails leaves nothing of its first.
     */
    @Bean
    HandlerEnhancerDefinition savepointPerEventHandler(ObjectProvider<TenantTransactionManager> transactions,
                                                       ObjectProvider<ProjectionWrites> projectionWrites) {
        return new HandlerEnhancerDefinition() {
            @Override
            public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                if (!original.canHandleMessageType(EventMessage.class) || original.hasAnnotation(EventSourcingHandler.class)) {
                    return original;
                }
                return new SavepointHandler<>(original, transactions,
                        ProjectionWrites.isUsedBy(original.declaringClass()) ? projectionWrites : null);
            }
        };
    }

    private static final class SavepointHandler<T> extends WrappedMessageHandlingMember<T> {

        private static final TransactionDefinition NESTED =
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
        private final ObjectProvider<TenantTransactionManager> transactions;
        /** The batched writes the handler writes through, or {@code null} when it runs its own statements. */
        private final ObjectProvider<ProjectionWrites> writesThrough;

        SavepointHandler(MessageHandlingMember<T> delegate, ObjectProvider<TenantTransactionManager> transactions,
                         ObjectProvider<ProjectionWrites> writesThrough) {
            super(delegate);
            this.transactions = transactions;
            this.writesThrough = writesThrough;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (!TransactionSynchronizationManager.isActualTransactionActive()
                    || writesThrough != null && writesThrough.getObject().batching()) {
                return super.handle(message, target);
            }
            TenantTransactionManager manager = transactions.getObject();
            // Bound before the savepoint: a rolled-back handler must not undo its transaction's tenant.
            TenantScope.current().ifPresent(manager::bind);
            TransactionStatus savepoint = manager.getTransaction(NESTED);
            Object result;
            try {
                result = super.handle(message, target);
            } catch (Exception | Error e) {
                manager.rollback(savepoint);
                throw e;
            }
            manager.commit(savepoint);
            return result;
        }
    }

    /** A tenant's events, in order, form one sequence. */
    static final class TenantSequencingPolicy implements SequencingPolicy<EventMessage<?>> {
        @Override
        public Object getSequenceIdentifierFor(EventMessage<?> event) {
            return event.getPayload() instanceof TenantScoped scoped && scoped.tenantId() != null
                    ? scoped.tenantId().value() : null;
        }
    }

    /**
     * Axon's JDBC queue, with its one whole-group operation made tenant-aware. Every other operation runs in
     * the tenant's own transaction (a handler's, or an operator's retry), where row-level security shows that
     * tenant's dead letters only. {@link #clear()} (a processor reset) must empty the group for every tenant:
     * it learns which tenants have dead letters there on the read-only cross-tenant role, then deletes each
     * tenant's in the reset's transaction, bound to that tenant in turn.
     */
    static final class TenantDeadLetterQueue extends JdbcSequencedDeadLetterQueue<EventMessage<?>> {

        private final String group;
        private final DataSource dataSource;
        private final TenantTransactionManager tenantTransactions;
        private final ConnectionProvider connections;
        private final String parkedKey;

        TenantDeadLetterQueue(Builder<EventMessage<?>> builder, String group, DataSource dataSource,
                              TenantTransactionManager tenantTransactions, ConnectionProvider connections) {
            super(builder);
            this.connections = connections;
            this.group = group;
            this.dataSource = dataSource;
            this.tenantTransactions = tenantTransactions;
            this.parkedKey = TenantDeadLetterQueue.class.getName() + ".parked." + group;
        }

        @Override
        public void clear() {
            forgetParked();
            for (TenantId tenant : tenantsWithDeadLetters()) {
                tenantTransactions.bind(tenant);
                super.clear();
            }
        }

        /**
         * Whether the current tenant's {@code sequenceIdentifier} has dead letters, asked before every event a
         * processor handles. Inside a processor's batch the answer comes from the tenant's parked sequences, read
         * in the batch's transaction (so under row-level security, as the query per event was) at the tenant's
         * first event of the batch: one query per tenant and batch instead of one per event. The list is kept
         * up to date with what the batch parks itself; anything else that changes the queue in the batch drops
         * it, to be read again. Another transaction that parks or releases a sequence while the batch runs is
         * seen by the next batch, as a query per event would have seen it a few events earlier.
         */
        @Override
        public boolean contains(Object sequenceIdentifier) {
            Optional<TenantId> tenant = TenantScope.current();
            if (!CurrentUnitOfWork.isStarted() || tenant.isEmpty() || !(sequenceIdentifier instanceof String sequence)) {
                tenant.ifPresent(this::bindIfInTransaction);
                return super.contains(sequenceIdentifier);
            }
            Map<TenantId, Set<String>> parked = CurrentUnitOfWork.get().root()
                    .getOrComputeResource(parkedKey, key -> new HashMap<>());
            // Bound only when it reads: binding at every event would be the round trip per event this saves.
            return parked.computeIfAbsent(tenant.get(), t -> {
                bindIfInTransaction(t);
                return parkedSequences();
            }).contains(sequence);
        }

        @Override
        public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
            Optional<TenantId> tenant = TenantScope.current();
            tenant.ifPresent(this::bindIfInTransaction);
            super.enqueue(sequenceIdentifier, letter);
            Map<TenantId, Set<String>> parked = CurrentUnitOfWork.isStarted()
                    ? CurrentUnitOfWork.get().root().getResource(parkedKey) : null;
            Set<String> tenantParked = parked == null || tenant.isEmpty() ? null : parked.get(tenant.get());
            if (tenantParked != null && sequenceIdentifier instanceof String sequence) {
                tenantParked.add(sequence);
            } else {
                forgetParked();
            }
        }

        @Override
        public void evict(DeadLetter<? extends EventMessage<?>> letter) {
            forgetParked();
            super.evict(letter);
        }

        @Override
        public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                               Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
            forgetParked();
            return super.process(sequenceFilter, processingTask);
        }

        /** The letters are rows under row-level security: the transaction reads and writes the event's tenant's. */
        private void bindIfInTransaction(TenantId tenant) {
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                tenantTransactions.bind(tenant);
            }
        }

        private void forgetParked() {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().resources().remove(parkedKey);
            }
        }

        /** The current tenant's parked sequences of this group, read in the transaction in progress. */
        private Set<String> parkedSequences() {
            try (Connection connection = connections.getConnection();
                 PreparedStatement statement = connection.prepareStatement(
                         "SELECT DISTINCT sequence_identifier FROM dead_letter_entry WHERE processing_group = ?")) {
                statement.setString(1, group);
                Set<String> parked = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        parked.add(rows.getString(1));
                    }
                }
                return parked;
            } catch (SQLException e) {
                throw new IllegalStateException("could not list the parked sequences of " + group, e);
            }
        }

        private List<TenantId> tenantsWithDeadLetters() {
            // A connection of its own (not the reset's transaction's): taken cross-tenant, it is the system role's.
            return TenantScope.crossTenant(() -> {
                try (Connection connection = dataSource.getConnection();
                     PreparedStatement statement = connection.prepareStatement(
                             "SELECT DISTINCT tenant_id FROM dead_letter_entry WHERE processing_group = ?")) {
                    statement.setString(1, group);
                    List<TenantId> tenants = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            tenants.add(new TenantId(rows.getString(1)));
                        }
                    }
                    return tenants;
                } catch (SQLException e) {
                    throw new IllegalStateException("could not list the tenants with dead letters in " + group, e);
                }
            });
        }
    }
}
