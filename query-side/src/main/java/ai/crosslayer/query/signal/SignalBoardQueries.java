package ai.crosslayer.query.signal;

import ai.crosslayer.kernel.signal.FindSignalsQuery;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.signal.SignalState;
import ai.crosslayer.kernel.signal.SignalView;
import ai.crosslayer.projections.schema.tables.records.SignalBoardRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static ai.crosslayer.projections.schema.Tables.SIGNAL_BOARD;

/** Answers what signals a tenant has, from the signal board. */
@Component
class SignalBoardQueries {

    static final int MAX_LIMIT = 500;

    private final DSLContext sql;

    SignalBoardQueries(DSLContext sql) {
        this.sql = sql;
    }

    @QueryHandler
    List<SignalView> handle(FindSignalsQuery query) {
        Condition condition = SIGNAL_BOARD.TENANT_ID.eq(query.tenantId().value());
        if (query.kind() != null) {
            condition = condition.and(SIGNAL_BOARD.KIND.eq(query.kind().name()));
        }
        if (query.state() != null) {
            condition = condition.and(SIGNAL_BOARD.STATE.eq(query.state().wire()));
        }
        if (query.since() != null) {
            condition = condition.and(SIGNAL_BOARD.RAISED_AT.ge(query.since().atOffset(ZoneOffset.UTC)));
        }
        if (query.until() != null) {
            condition = condition.and(SIGNAL_BOARD.RAISED_AT.lt(query.until().atOffset(ZoneOffset.UTC)));
        }
        return sql.selectFrom(SIGNAL_BOARD).where(condition)
                .orderBy(SIGNAL_BOARD.RAISED_AT.desc(), SIGNAL_BOARD.SIGNAL_ID)
                .limit(query.limit() <= 0 ? 100 : Math.min(query.limit(), MAX_LIMIT))
                .fetch(SignalBoardQueries::view);
    }

    private static SignalView view(SignalBoardRecord row) {
        return new SignalView(new SignalId(row.getSignalId()), SignalKind.valueOf(row.getKind()), row.getSubject(),
                row.getText(), state(row.getState()), row.getChannelId(), row.getMessageTs(), row.getAttempts(),
                row.getLastFailure(), row.getRaisedAt().toInstant(),
                Optional.ofNullable(row.getDispatchedAt()).map(OffsetDateTime::toInstant).orElse(null),
                row.getAcknowledgedBy(),
                Optional.ofNullable(row.getAcknowledgedAt()).map(OffsetDateTime::toInstant).orElse(null));
    }

    private static SignalState state(String word) {
        return SignalState.fromWire(word).orElseThrow(() -> new IllegalStateException("the signal board holds an unknown state"));
    }
}
