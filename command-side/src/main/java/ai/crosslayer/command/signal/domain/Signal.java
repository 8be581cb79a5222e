package ai.crosslayer.command.signal.domain;

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
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A signal's life: raised once, delivered at least once and recorded as dispatched once, or dead-lettered when
 * {@link SignalDeliveryPolicy} gives it up; acknowledged once. It decides and records only: the outbox that delivers it follows its events
 * in the same transaction ({@code SignalOutboxUpdates}).
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
    void handle(RaiseSignalCommand command) {
        if (signalId != null) {
            return; // raised already: the same trigger seen again
        }
        apply(new SignalRaised(command.tenantId(), command.signalId(), command.kind(), command.subject(), command.text(),
                command.channelId(), command.threadTs(), command.at()));
    }

    /**
     * Records one try, and for a failed one decides by {@code policy} whether it is tried again or given up.
     * Answers {@link SignalTryRecorded#SETTLED_ALREADY} when the signal was settled already (delivered by an earlier
     * try whose lease ran out, or given up): nothing is recorded, and the caller drops the outbox row that is no
     * longer owed.
     */
    @CommandHandler
    SignalTryRecorded handle(RecordSignalDeliveryCommand command, SignalDeliveryPolicy policy) {
        if (!tenantId.equals(command.tenantId())) {
            throw new IllegalArgumentException("no such signal");
        }
        if (settled) {
            return SignalTryRecorded.SETTLED_ALREADY;
        }
        if (command.messageTs() != null) {
            apply(new SignalDispatched(tenantId, signalId, command.channelId(), command.messageTs(), command.attempt(),
                    command.at()));
            return new SignalTryRecorded(true, null);
        }
        Instant nextTry = policy.nextTry(command.attempt(), command.at()).orElse(null);
        if (nextTry != null) {
            apply(new SignalDeliveryFailed(tenantId, signalId, command.attempt(), command.reason(), nextTry, command.at()));
        } else {
            apply(new SignalDeadLettered(tenantId, signalId, command.attempt(), command.reason(), command.at()));
        }
        return new SignalTryRecorded(true, nextTry);
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
