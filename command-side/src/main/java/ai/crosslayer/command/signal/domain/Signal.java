package ai.crosslayer.command.signal.domain;

import ai.crosslayer.command.signal.store.SignalOutbox;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.signal.AcknowledgeSignalCommand;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.RecordSignalDeliveryCommand;
import ai.crosslayer.kernel.signal.SignalAcknowledged;
import ai.crosslayer.kernel.signal.SignalDeadLettered;
import ai.crosslayer.kernel.signal.SignalDeliveryFailed;
import ai.crosslayer.kernel.signal.SignalDispatched;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalRaised;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A signal's life: raised once (and queued in the outbox in the same transaction), delivered at least once
 * and recorded as dispatched once, or dead-lettered after bounded tries; acknowledged once.
 */
@Aggregate
class Signal {

    @AggregateIdentifier
    private SignalId signalId;
    private TenantId tenantId;
    private boolean settled;
    private boolean acknowledged;

    Signal() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RaiseSignalCommand command, SignalOutbox outbox) {
        if (signalId != null) {
            return; // raised already: the same trigger seen again
        }
        apply(new SignalRaised(command.tenantId(), command.signalId(), command.kind(), command.subject(), command.text(),
                command.channelId(), command.threadTs(), command.at()));
        if (command.channelId() != null) {
            // After the event is appended, in the same transaction: the append locks the tenant's row (its chain
            // head) FOR UPDATE, and the outbox's foreign key check share-locks it; taken first, they deadlock.
            CurrentUnitOfWork.get().onPrepareCommit(unitOfWork -> outbox.queue(command.tenantId(), command.signalId(),
                    command.channelId(), command.threadTs(), command.text()));
        }
    }

    @CommandHandler
    void handle(RecordSignalDeliveryCommand command, SignalOutbox outbox) {
        if (!tenantId.equals(command.tenantId())) {
            throw new IllegalArgumentException("no such signal");
        }
        if (settled) {
            outbox.remove(tenantId, signalId); // delivered (or given up) already: nothing more to do
            return;
        }
        if (command.messageTs() != null) {
            apply(new SignalDispatched(tenantId, signalId, command.channelId(), command.messageTs(), command.attempt(),
                    command.at()));
            outbox.remove(tenantId, signalId);
        } else if (command.retryAt() != null) {
            apply(new SignalDeliveryFailed(tenantId, signalId, command.attempt(), command.reason(), command.retryAt(),
                    command.at()));
            outbox.retryAt(tenantId, signalId, command.retryAt());
        } else {
            apply(new SignalDeadLettered(tenantId, signalId, command.attempt(), command.reason(), command.at()));
            outbox.remove(tenantId, signalId);
        }
    }

    @CommandHandler
    boolean handle(AcknowledgeSignalCommand command) {
        if (!tenantId.equals(command.tenantId())) {
            throw new IllegalArgumentException("no such signal");
        }
        if (acknowledged) {
            return false;
        }
        apply(new SignalAcknowledged(tenantId, signalId, command.slackUserId(), command.at()));
        return true;
    }

    @EventSourcingHandler
    void on(SignalRaised event) {
        signalId = event.signalId();
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(SignalDispatched event) {
        settled = true;
    }

    @EventSourcingHandler
    void on(SignalDeadLettered event) {
        settled = true;
    }

    @EventSourcingHandler
    void on(SignalAcknowledged event) {
        acknowledged = true;
    }
}
