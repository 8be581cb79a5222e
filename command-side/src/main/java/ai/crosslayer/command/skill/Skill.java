package ai.crosslayer.command.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.SkillConfirmed;
import ai.crosslayer.kernel.skill.SkillDecision;
import ai.crosslayer.kernel.skill.SkillDiscarded;
import ai.crosslayer.kernel.skill.SkillExtracted;
import ai.crosslayer.kernel.skill.SkillId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A skill, from its extraction to the channel's decision. The first decision stands: a second press of
 * either button answers what was decided, and by whom, without recording anything.
 */
@Aggregate
class Skill {

    @AggregateIdentifier
    private SkillId skillId;
    private TenantId tenantId;
    private Boolean confirmed;
    private String decidedBy;

    Skill() {
        // for Axon: rebuilt from events
    }

    /** Recording the same extraction twice (a retried inbox row) finds the skill there and changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordExtractedSkillCommand command) {
        if (skillId != null) {
            requireTenant(command.tenantId());
            return;
        }
        command.skill().problem().ifPresent(problem -> {
            throw new IllegalArgumentException("not a valid skill: " + problem);
        });
        apply(new SkillExtracted(command.tenantId(), command.skillId(), command.skill(), command.source(),
                command.model(), command.promptVersion(), command.at()));
    }

    @CommandHandler
    SkillDecision handle(DecideSkillCommand command) {
        requireTenant(command.tenantId());
        if (confirmed != null) {
            return new SkillDecision(confirmed, decidedBy, false);
        }
        if (command.approve()) {
            apply(new SkillConfirmed(tenantId, skillId, command.slackUserId(), command.at()));
        } else {
            apply(new SkillDiscarded(tenantId, skillId, command.slackUserId(), command.at()));
        }
        return new SkillDecision(command.approve(), command.slackUserId(), true);
    }

    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw new SkillNotFound();
        }
    }

    @EventSourcingHandler
    void on(SkillExtracted event) {
        skillId = event.skillId();
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(SkillConfirmed event) {
        confirmed = true;
        decidedBy = event.slackUserId();
    }

    @EventSourcingHandler
    void on(SkillDiscarded event) {
        confirmed = false;
        decidedBy = event.slackUserId();
    }
}
