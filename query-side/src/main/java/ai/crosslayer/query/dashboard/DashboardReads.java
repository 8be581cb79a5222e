package ai.crosslayer.query.dashboard;

import ai.crosslayer.kernel.skill.SkillStatus;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.projections.schema.Tables.SIGNAL_BOARD;
import static ai.crosslayer.projections.schema.Tables.SKILL_CATALOG;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;

/**
 * The dashboard's reads that no query handler answers: members as a list, counts and weekly figures from
 * the read models. Blocking; run in the request's tenant scope (the guard and row-level security apply).
 */
@Component
class DashboardReads {

    private final DSLContext sql;

    DashboardReads(DSLContext sql) {
        this.sql = sql;
    }

    /** A member as the members page lists them. */
    record Member(String userId, String email, String role, Instant joinedAt, Instant lastSignedInAt) {
    }

    List<Member> members(String tenant) {
        var m = TENANT_DIRECTORY_MEMBER;
        return sql.selectFrom(m).where(m.TENANT_ID.eq(tenant)).orderBy(m.ROLE, m.EMAIL)
                .fetch(r -> new Member(r.getUserId(), r.getEmail(), r.getRole(), r.getJoinedAt().toInstant(),
                        r.getLastSignedInAt() == null ? null : r.getLastSignedInAt().toInstant()));
    }

    Map<String, Integer> skillsByStatus(String tenant) {
        return sql.select(SKILL_CATALOG.STATUS, DSL.count()).from(SKILL_CATALOG)
                .where(SKILL_CATALOG.TENANT_ID.eq(tenant)).groupBy(SKILL_CATALOG.STATUS)
                .fetchMap(SKILL_CATALOG.STATUS, DSL.count());
    }

    Map<String, Integer> signalsByState(String tenant) {
        return sql.select(SIGNAL_BOARD.STATE, DSL.count()).from(SIGNAL_BOARD)
                .where(SIGNAL_BOARD.TENANT_ID.eq(tenant)).groupBy(SIGNAL_BOARD.STATE)
                .fetchMap(SIGNAL_BOARD.STATE, DSL.count());
    }

    /** How many skills were proposed (extracted) and confirmed in each ISO week (its Monday, UTC) since {@code since}. */
    record WeekCount(LocalDate week, long proposed, long confirmed) {
    }

    List<WeekCount> skillsPerWeek(String tenant, Instant since) {
        OffsetDateTime from = since.atOffset(ZoneOffset.UTC);
        Field<java.sql.Date> proposedWeek = week(SKILL_CATALOG.EXTRACTED_AT);
        Field<java.sql.Date> confirmedWeek = week(SKILL_CATALOG.DECIDED_AT);
        Map<LocalDate, Integer> proposed = sql.select(proposedWeek, DSL.count()).from(SKILL_CATALOG)
                .where(SKILL_CATALOG.TENANT_ID.eq(tenant)).and(SKILL_CATALOG.EXTRACTED_AT.ge(from))
                .groupBy(proposedWeek).fetchMap(r -> r.value1().toLocalDate(), r -> r.value2());
        Map<LocalDate, Integer> confirmed = sql.select(confirmedWeek, DSL.count()).from(SKILL_CATALOG)
                .where(SKILL_CATALOG.TENANT_ID.eq(tenant)).and(SKILL_CATALOG.STATUS.eq(SkillStatus.CONFIRMED.wire()))
                .and(SKILL_CATALOG.DECIDED_AT.ge(from))
                .groupBy(confirmedWeek).fetchMap(r -> r.value1().toLocalDate(), r -> r.value2());
        LocalDate first = Charts.monday(since.atOffset(ZoneOffset.UTC).toLocalDate());
        LocalDate last = Charts.monday(LocalDate.now(ZoneOffset.UTC));
        List<WeekCount> weeks = new java.util.ArrayList<>();
        for (LocalDate week = first; !week.isAfter(last); week = week.plusWeeks(1)) {
            weeks.add(new WeekCount(week, proposed.getOrDefault(week, 0), confirmed.getOrDefault(week, 0)));
        }
        return weeks;
    }

    private static Field<java.sql.Date> week(Field<OffsetDateTime> at) {
        return DSL.field("date_trunc('week', {0} at time zone 'UTC')::date", java.sql.Date.class, at);
    }
}
