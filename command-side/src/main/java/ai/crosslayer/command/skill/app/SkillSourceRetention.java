package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.command.tenant.store.Tenants;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import ai.crosslayer.kernel.skill.ExpireSkillSourceCommand;
import ai.crosslayer.kernel.skill.FindSkillSourcesToExpireQuery;
import ai.crosslayer.kernel.skill.SkillId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Retention of skill sources (issue 18.5). Every {@code crosslayer.skills.source-retention-check} (an hour), for each
 * tenant whose policy sets {@code skillSourceRetentionDays}, each skill extracted longer ago than that has its source
 * expired: the Skill aggregate records {@code SkillSourceExpired} and the {@code skill-source:<skillId>} data key is
 * destroyed, in one transaction. The skill catalog chooses the candidates; the aggregate decides, so a second node
 * running the same pass records nothing twice. {@code crosslayer.skills.source-retention-day} is the length of one
 * retention day (a day; tests shorten it).
 */
@Component
class SkillSourceRetention {

    private static final Logger log = LoggerFactory.getLogger(SkillSourceRetention.class);
    /** Skills expired per tenant and pass; the rest wait for the next pass. */
    private static final int BATCH = 500;

    private final Tenants tenants;
    private final Governance governance;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final PersonalDataKeys keys;
    private final TransactionTemplate transactions;
    private final InboxSettings workers;
    private final Duration day;
    private final Clock clock;

    SkillSourceRetention(Tenants tenants, Governance governance, QueryGateway queries, CommandGateway commands,
                         PersonalDataKeys keys, TransactionTemplate transactions, InboxSettings workers,
                         @Value("${crosslayer.skills.source-retention-day:P1D}") Duration day, Clock clock) {
        this.tenants = tenants;
        this.governance = governance;
        this.queries = queries;
        this.commands = commands;
        this.keys = keys;
        this.transactions = transactions;
        this.workers = workers;
        this.day = day;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.skills.source-retention-check:PT1H}", initialDelayString = "PT5S")
    void expire() {
        if (!workers.workers()) {
            return;
        }
        for (TenantId tenant : tenants.all()) {
            TenantScope.run(tenant, () -> expire(tenant));
        }
    }

    private void expire(TenantId tenant) {
        Integer days = governance.of(tenant).skillSourceRetentionDays();
        if (days == null) {
            return;
        }
        Instant cutoff = clock.instant().minus(day.multipliedBy(days));
        List<SkillId> due = queries.query(new FindSkillSourcesToExpireQuery(tenant, cutoff, BATCH),
                ResponseTypes.multipleInstancesOf(SkillId.class)).join();
        for (SkillId skill : due) {
            try {
                transactions.executeWithoutResult(status -> {
                    commands.sendAndWait(new ExpireSkillSourceCommand(tenant, skill, clock.instant()),
                            AuditContext.of(tenant, AuditContext.SYSTEM, Source.OPS));
                    keys.destroy(tenant, DataSubject.SKILL_SOURCE.name(skill.value()));
                });
            } catch (RuntimeException e) {
                if (ClosedTenant.refused(e)) {
                    log.info("tenant {} was offboarded during its retention pass: nothing more to expire", tenant.value());
                    return;
                }
                // Another node expiring the same skill meanwhile, or the database away: the next pass decides again.
                log.warn("Could not expire the source of skill {} of tenant {}; the next pass retries: {}",
                        skill.value(), tenant.value(), e.toString());
            }
        }
    }
}
