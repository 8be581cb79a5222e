package ai.crosslayer.projections.skill;

import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.skill.SkillConfirmed;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillDiscarded;
import ai.crosslayer.kernel.skill.SkillExtracted;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.skill.SkillSourceExpired;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.tenant.MemberPersonalDataErased;
import ai.crosslayer.kernel.tenant.SlackUserPersonalDataErased;
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
import java.util.List;

import static ai.crosslayer.projections.schema.Tables.SKILL_CATALOG;

/**
 * Keeps {@code skill_catalog}. Steps and tags are stored one per line (a step never holds a line break once
 * it is a skill). Every handler is idempotent, so a replay leaves the same rows.
 */
@Component
@ProcessingGroup(SkillCatalogProjection.PROCESSING_GROUP)
public class SkillCatalogProjection {

    public static final String PROCESSING_GROUP = "skill-catalog";

    private final DSLContext sql;
    private final ProjectionWrites writes;

    public SkillCatalogProjection(DSLContext sql, ProjectionWrites writes) {
        this.sql = sql;
        this.writes = writes;
    }

    @EventHandler
    void on(SkillExtracted event) {
        SkillContent skill = event.skill();
        // A source whose data key was destroyed (retention, issue 18) reads as null: its columns say so.
        SkillSource source = event.source() != null ? event.source() : SkillSource.ERASED;
        writes.add(sql.insertInto(SKILL_CATALOG)
                .set(SKILL_CATALOG.TENANT_ID, event.tenantId().value())
                .set(SKILL_CATALOG.SKILL_ID, event.skillId().value())
                .set(SKILL_CATALOG.NAME, skill.name())
                .set(SKILL_CATALOG.DESCRIPTION, skill.description())
                .set(SKILL_CATALOG.WHEN_TO_USE, skill.whenToUse())
                .set(SKILL_CATALOG.STEPS, lines(skill.steps()))
                .set(SKILL_CATALOG.TAGS, lines(skill.tags()))
                .set(SKILL_CATALOG.STATUS, SkillStatus.PROPOSED.wire())
                .set(SKILL_CATALOG.TEAM_ID, source.teamId())
                .set(SKILL_CATALOG.CHANNEL_ID, source.channelId())
                .set(SKILL_CATALOG.MESSAGE_TS, source.messageTs())
                .set(SKILL_CATALOG.THREAD_TS, source.threadTs())
                .set(SKILL_CATALOG.PERMALINK, source.permalink())
                .set(SKILL_CATALOG.TEXT_SHA256, source.textSha256())
                .set(SKILL_CATALOG.MODEL, event.model())
                .set(SKILL_CATALOG.PROMPT_VERSION, event.promptVersion())
                .set(SKILL_CATALOG.EXTRACTED_AT, utc(event.extractedAt()))
                .onConflictDoNothing());
    }

    @EventHandler
    void on(SkillConfirmed event) {
        decided(event.tenantId().value(), event.skillId().value(), SkillStatus.CONFIRMED, event.slackUserId(), event.displayName(),
                event.confirmedAt());
    }

    @EventHandler
    void on(SkillDiscarded event) {
        decided(event.tenantId().value(), event.skillId().value(), SkillStatus.DISCARDED, event.slackUserId(), event.displayName(),
                event.discardedAt());
    }

    /**
     * Issue 18.2: a decision the erased person took from the dashboard (their user id as the decider) names them
     * "erased member" from now on; replayed, its sealed name already reads as erased.
     */
    @EventHandler
    void on(MemberPersonalDataErased event) {
        erasedDecider(event.tenantId().value(), event.userId());
    }

    /** Issue 18: a decision an erased Slack user (not a member) took from a Slack card names them "erased member". */
    @EventHandler
    void on(SlackUserPersonalDataErased event) {
        erasedDecider(event.tenantId().value(), event.slackUserId());
    }

    private void erasedDecider(String tenant, String decidedBy) {
        writes.add(sql.update(SKILL_CATALOG)
                .set(SKILL_CATALOG.DECIDED_BY_NAME, MemberPersonalDataErased.ERASED_MEMBER)
                .where(SKILL_CATALOG.TENANT_ID.eq(tenant))
                .and(SKILL_CATALOG.DECIDED_BY.eq(decidedBy)));
    }

    private void decided(String tenant, String skill, SkillStatus status, String by, String name, Instant at) {
        writes.add(sql.update(SKILL_CATALOG)
                .set(SKILL_CATALOG.STATUS, status.wire())
                .set(SKILL_CATALOG.DECIDED_BY, by)
                .set(SKILL_CATALOG.DECIDED_BY_NAME, name)
                .set(SKILL_CATALOG.DECIDED_AT, utc(at))
                .where(SKILL_CATALOG.TENANT_ID.eq(tenant)).and(SKILL_CATALOG.SKILL_ID.eq(skill)));
    }

    /** Issue 18.5: the source's data key was destroyed with this event; the catalog keeps no copy of the source. */
    @EventHandler
    void on(SkillSourceExpired event) {
        writes.add(sql.update(SKILL_CATALOG)
                .set(SKILL_CATALOG.TEAM_ID, SkillSource.ERASED.teamId())
                .set(SKILL_CATALOG.CHANNEL_ID, SkillSource.ERASED.channelId())
                .set(SKILL_CATALOG.MESSAGE_TS, SkillSource.ERASED.messageTs())
                .set(SKILL_CATALOG.THREAD_TS, SkillSource.ERASED.threadTs())
                .set(SKILL_CATALOG.PERMALINK, SkillSource.ERASED.permalink())
                .set(SKILL_CATALOG.TEXT_SHA256, SkillSource.ERASED.textSha256())
                .where(SKILL_CATALOG.TENANT_ID.eq(event.tenantId().value()))
                .and(SKILL_CATALOG.SKILL_ID.eq(event.skillId().value())));
    }

    /** An offboarded tenant (issue 18) leaves no row here; its later events, if any, find none to change. */
    @EventHandler
    void on(TenantOffboarded event) {
        writes.add(sql.deleteFrom(SKILL_CATALOG).where(SKILL_CATALOG.TENANT_ID.eq(event.tenantId().value())));
    }

    @ResetHandler
    void reset() {
        TenantScope.crossTenant(() -> sql.truncate(SKILL_CATALOG).execute());
    }

    /** One item per line; a line break inside an item becomes a space. */
    public static String lines(List<String> items) {
        return String.join("\n", items.stream().map(item -> item.replace('\n', ' ').replace('\r', ' ')).toList());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
