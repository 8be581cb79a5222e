package ai.crosslayer.projections.signal;

import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.SignalAcknowledged;
import ai.crosslayer.kernel.signal.SignalDeadLettered;
import ai.crosslayer.kernel.signal.SignalDeliveryFailed;
import ai.crosslayer.kernel.signal.SignalDispatched;
import ai.crosslayer.kernel.signal.SignalRaised;
import ai.crosslayer.kernel.signal.SignalState;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static ai.crosslayer.projections.schema.Tables.SIGNAL_BOARD;

/** Keeps {@code signal_board}; idempotent, so a replay leaves the same rows. */
@Component
@ProcessingGroup(SignalBoardProjection.PROCESSING_GROUP)
public class SignalBoardProjection {

    public static final String PROCESSING_GROUP = "signal-board";

    private final DSLContext sql;
    private final ProjectionWrites writes;

    public SignalBoardProjection(DSLContext sql, ProjectionWrites writes) {
        this.sql = sql;
        this.writes = writes;
    }

    @EventHandler
    void on(SignalRaised event) {
        writes.add(sql.insertInto(SIGNAL_BOARD)
                .set(SIGNAL_BOARD.TENANT_ID, event.tenantId().value())
                .set(SIGNAL_BOARD.SIGNAL_ID, event.signalId().value())
                .set(SIGNAL_BOARD.KIND, event.kind().name())
                .set(SIGNAL_BOARD.SUBJECT, event.subject())
                .set(SIGNAL_BOARD.TEXT, event.text())
                .set(SIGNAL_BOARD.STATE, (event.channelId() == null ? SignalState.NO_CHANNEL : SignalState.PENDING).wire())
                .set(SIGNAL_BOARD.CHANNEL_ID, event.channelId())
                .set(SIGNAL_BOARD.ATTEMPTS, 0)
                .set(SIGNAL_BOARD.RAISED_AT, utc(event.raisedAt()))
                .onConflictDoNothing());
    }

    @EventHandler
    void on(SignalDispatched event) {
        writes.add(sql.update(SIGNAL_BOARD)
                .set(SIGNAL_BOARD.STATE, SignalState.DISPATCHED.wire())
                .set(SIGNAL_BOARD.MESSAGE_TS, event.messageTs())
                .set(SIGNAL_BOARD.ATTEMPTS, event.attempts())
                .set(SIGNAL_BOARD.DISPATCHED_AT, utc(event.dispatchedAt()))
                .where(SIGNAL_BOARD.TENANT_ID.eq(event.tenantId().value()))
                .and(SIGNAL_BOARD.SIGNAL_ID.eq(event.signalId().value()))
                .and(SIGNAL_BOARD.STATE.ne(SignalState.ACKNOWLEDGED.wire())));
    }

    @EventHandler
    void on(SignalDeliveryFailed event) {
        writes.add(sql.update(SIGNAL_BOARD)
                .set(SIGNAL_BOARD.ATTEMPTS, event.attempt())
                .set(SIGNAL_BOARD.LAST_FAILURE, event.reason())
                .where(SIGNAL_BOARD.TENANT_ID.eq(event.tenantId().value()))
                .and(SIGNAL_BOARD.SIGNAL_ID.eq(event.signalId().value())));
    }

    @EventHandler
    void on(SignalDeadLettered event) {
        writes.add(sql.update(SIGNAL_BOARD)
                .set(SIGNAL_BOARD.STATE, SignalState.DEAD_LETTER.wire())
                .set(SIGNAL_BOARD.ATTEMPTS, event.attempts())
                .set(SIGNAL_BOARD.LAST_FAILURE, event.reason())
                .where(SIGNAL_BOARD.TENANT_ID.eq(event.tenantId().value()))
                .and(SIGNAL_BOARD.SIGNAL_ID.eq(event.signalId().value())));
    }

    @EventHandler
    void on(SignalAcknowledged event) {
        writes.add(sql.update(SIGNAL_BOARD)
                .set(SIGNAL_BOARD.STATE, SignalState.ACKNOWLEDGED.wire())
                .set(SIGNAL_BOARD.ACKNOWLEDGED_BY, event.slackUserId())
                .set(SIGNAL_BOARD.ACKNOWLEDGED_AT, utc(event.acknowledgedAt()))
                .where(SIGNAL_BOARD.TENANT_ID.eq(event.tenantId().value()))
                .and(SIGNAL_BOARD.SIGNAL_ID.eq(event.signalId().value())));
    }

    /** An offboarded tenant (issue 18) leaves no row here; its later events, if any, find none to change. */
    @EventHandler
    void on(TenantOffboarded event) {
        writes.add(sql.deleteFrom(SIGNAL_BOARD).where(SIGNAL_BOARD.TENANT_ID.eq(event.tenantId().value())));
    }

    @ResetHandler
    void reset() {
        TenantScope.crossTenant(() -> sql.truncate(SIGNAL_BOARD).execute());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
