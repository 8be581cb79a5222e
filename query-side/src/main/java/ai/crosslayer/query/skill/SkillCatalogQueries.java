package ai.crosslayer.query.skill;

import ai.crosslayer.kernel.skill.FindSkillQuery;
import ai.crosslayer.kernel.skill.FindSkillSourcesToExpireQuery;
import ai.crosslayer.kernel.skill.FindSkillsQuery;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.skill.SkillView;
import ai.crosslayer.projections.schema.tables.records.SkillCatalogRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static ai.crosslayer.projections.schema.Tables.SKILL_CATALOG;

/** Answers questions about a tenant's skills from the skill catalog. */
@Component
class SkillCatalogQueries {

    static final int MAX_LIMIT = 500;

    private final DSLContext sql;

    SkillCatalogQueries(DSLContext sql) {
        this.sql = sql;
    }

    /** Skills past the retention whose source the catalog does not show as erased yet, oldest first. */
    @QueryHandler
    List<SkillId> handle(FindSkillSourcesToExpireQuery query) {
        return sql.select(SKILL_CATALOG.SKILL_ID).from(SKILL_CATALOG)
                .where(SKILL_CATALOG.TENANT_ID.eq(query.tenantId().value()))
                .and(SKILL_CATALOG.EXTRACTED_AT.lt(query.extractedBefore().atOffset(ZoneOffset.UTC)))
                .and(SKILL_CATALOG.TEXT_SHA256.isDistinctFrom(SkillSource.ERASED.textSha256()))
                .orderBy(SKILL_CATALOG.EXTRACTED_AT, SKILL_CATALOG.SKILL_ID)
                .limit(Math.min(Math.max(query.limit(), 1), MAX_LIMIT))
                .fetch(row -> new SkillId(row.value1()));
    }

    @QueryHandler
    Optional<SkillView> handle(FindSkillQuery query) {
        return sql.selectFrom(SKILL_CATALOG)
                .where(SKILL_CATALOG.TENANT_ID.eq(query.tenantId().value()))
                .and(SKILL_CATALOG.SKILL_ID.eq(query.skillId().value()))
                .fetchOptional(SkillCatalogQueries::view);
    }

    @QueryHandler
    List<SkillView> handle(FindSkillsQuery query) {
        Condition condition = SKILL_CATALOG.TENANT_ID.eq(query.tenantId().value());
        if (query.status() != null) {
            condition = condition.and(SKILL_CATALOG.STATUS.eq(query.status().wire()));
        }
        if (query.words() != null) {
            for (String word : query.words().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!word.isBlank()) {
                    String like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                    condition = condition.and(SKILL_CATALOG.NAME.likeIgnoreCase(like, '\\')
                            .or(SKILL_CATALOG.DESCRIPTION.likeIgnoreCase(like, '\\'))
                            .or(SKILL_CATALOG.TAGS.likeIgnoreCase(like, '\\')));
                }
            }
        }
        int limit = query.limit() <= 0 ? 100 : Math.min(query.limit(), MAX_LIMIT);
        return sql.selectFrom(SKILL_CATALOG).where(condition)
                .orderBy(SKILL_CATALOG.EXTRACTED_AT.desc(), SKILL_CATALOG.SKILL_ID)
                .limit(limit)
                .fetch(SkillCatalogQueries::view);
    }

    private static SkillView view(SkillCatalogRecord row) {
        return new SkillView(
                new SkillId(row.getSkillId()),
                new SkillContent(row.getName(), row.getDescription(), row.getWhenToUse(), lines(row.getSteps()),
                        lines(row.getTags())),
                SkillStatus.fromWire(row.getStatus())
                        .orElseThrow(() -> new IllegalStateException("the skill catalog holds an unknown status")),
                new SkillSource(row.getTeamId(), row.getChannelId(), row.getMessageTs(), row.getThreadTs(),
                        row.getPermalink(), row.getTextSha256()),
                row.getModel(),
                row.getPromptVersion(),
                row.getExtractedAt().toInstant(),
                row.getDecidedBy(),
                row.getDecidedByName(),
                Optional.ofNullable(row.getDecidedAt()).map(OffsetDateTime::toInstant).orElse(null));
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}
