package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.signal.store.SignalOutbox;
import ai.crosslayer.kernel.signal.SignalDeadLettered;
import ai.crosslayer.kernel.signal.SignalDeliveryFailed;
import ai.crosslayer.kernel.signal.SignalDispatched;
import ai.crosslayer.kernel.signal.SignalRaised;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the signal outbox in step with the Signal aggregate's events, in the very transaction that appends them
 * (a subscribing processor, like the sign-in keys): a signal raised into a channel is a post owed; a post recorded
 * or given up is owed no more; a failed try is due again at its retry time. The aggregate touches no table (issue
 * 13, item 2). This runs after the append, as it must: the append locks the tenant's row (its chain head) FOR
 * UPDATE and the outbox's foreign key check share-locks that row; taken the other way round, two signals of one
 * tenant would deadlock. A failure here refuses the command, so no signal is recorded without its outbox row.
 */
@Component
@ProcessingGroup(SignalOutboxUpdates.PROCESSING_GROUP)
class SignalOutboxUpdates {

    static final String PROCESSING_GROUP = "signal-outbox";

    private final SignalOutbox outbox;

    SignalOutboxUpdates(SignalOutbox outbox) {
        this.outbox = outbox;
    }

    @Autowired
    void keepTheOutboxInTheCommandTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(PROCESSING_GROUP);
    }

    @EventHandler
    void on(SignalRaised event) {
        if (event.channelId() != null) {
            outbox.queue(event.tenantId(), event.signalId(), event.channelId(), event.threadTs(), event.text());
        }
    }

    @EventHandler
    void on(SignalDispatched event) {
        outbox.remove(event.tenantId(), event.signalId());
    }

    @EventHandler
    void on(SignalDeliveryFailed event) {
        outbox.retryAt(event.tenantId(), event.signalId(), event.retryAt());
    }

    @EventHandler
    void on(SignalDeadLettered event) {
        outbox.remove(event.tenantId(), event.signalId());
    }
}
