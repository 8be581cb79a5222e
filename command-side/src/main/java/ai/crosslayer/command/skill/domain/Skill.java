package ai.crosslayer.command.skill.domain;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.ExpireSkillSourceCommand;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.RecordSkillCardCommand;
import ai.crosslayer.kernel.skill.RefuseSkillDecisionCommand;
import ai.crosslayer.kernel.skill.SkillCardPosted;
import ai.crosslayer.kernel.skill.SkillConfirmed;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillDecision;
import ai.crosslayer.kernel.skill.SkillDecisionRefused;
import ai.crosslayer.kernel.skill.SkillDiscarded;
import ai.crosslayer.kernel.skill.SkillExtracted;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSourceExpired;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
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
    private SkillContent skill;
    private boolean cardPosted;
    private Boolean confirmed;
    private String decidedBy;
    private String decidedByName;
    private boolean sourceExpired;

    Skill() {
        // for Axon: rebuilt from events
    }

    /**
     * Recording the same extraction twice (a retried inbox row) finds the skill there and changes nothing. The
     * card is queued, and the inbox row deleted, in the transaction that records the skill (issue 19): the model
     * is not asked again for a skill already recorded, and posting the card is retried on its own.
     * Answers whether its card still has to be posted.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordExtractedSkillCommand command, SkillFollowUps followUps) {
        if (skillId != null) {
            requireTenant(command.tenantId());
            inboxRowDone(command, followUps);
            return !cardPosted;
        }
        command.skill().problem().ifPresent(problem -> {
            throw new IllegalArgumentException("not a valid skill: " + problem);
        });
        apply(new SkillExtracted(command.tenantId(), command.skillId(), command.skill(), command.source(),
                command.model(), command.promptVersion(), command.at()));
        String channel = command.source().channelId();
        // After the event is appended, in the same transaction: the append locks the tenant's row (its chain head)
        // FOR UPDATE, and the outbox's foreign key check share-locks that row; taken first, two extractions of one
        // tenant would deadlock.
        CurrentUnitOfWork.get().onPrepareCommit(unitOfWork -> {
            if (channel != null && !channel.isBlank()) {
                followUps.cardOwed(command.tenantId(), command.skillId(), channel, command.source().threadTs(),
                        command.skill());
            }
            inboxRowDone(command, followUps);
        });
        return true;
    }

    private static void inboxRowDone(RecordExtractedSkillCommand command, SkillFollowUps followUps) {
        if (command.inboxEventId() != null) {
            followUps.inboxRowDone(command.tenantId(), command.inboxEventId());
        }
    }

    /** The card is in Slack: recorded once, and owed no more (its outbox row goes in the same transaction). */
    @CommandHandler
    void handle(RecordSkillCardCommand command, SkillFollowUps followUps) {
        requireTenant(command.tenantId());
        if (!cardPosted) {
            apply(new SkillCardPosted(tenantId, skillId, command.channelId(), command.messageTs(), command.at()));
        }
        followUps.cardSettled(tenantId, skillId);
    }

    @CommandHandler
    SkillDecision handle(DecideSkillCommand command) {
        requireTenant(command.tenantId());
        if (confirmed != null) {
            return new SkillDecision(confirmed, decidedBy, decidedByName, false, skill);
        }
        if (command.approve()) {
            apply(new SkillConfirmed(tenantId, skillId, command.slackUserId(), command.displayName(), command.at()));
        } else {
            apply(new SkillDiscarded(tenantId, skillId, command.slackUserId(), command.displayName(), command.at()));
        }
        return new SkillDecision(command.approve(), command.slackUserId(), command.displayName(), true, skill);
    }

    /** A press by someone the policy does not let decide: recorded, nothing decided. */
    @CommandHandler
    void handle(RefuseSkillDecisionCommand command) {
        requireTenant(command.tenantId());
        apply(new SkillDecisionRefused(tenantId, skillId, command.slackUserId(), command.approve(), command.reason(),
                command.at()));
    }

    /**
     * The tenant's retention of skill sources ran out for this skill (issue 18.5): recorded once; a second run of the
     * retention job (another node, a retry) records nothing. The caller destroys the source's data key in the
     * transaction that sends this.
     */
    @CommandHandler
    boolean handle(ExpireSkillSourceCommand command) {
        requireTenant(command.tenantId());
        if (sourceExpired) {
            return false;
        }
        apply(new SkillSourceExpired(tenantId, skillId, command.at()));
        return true;
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
        skill = event.skill();
    }

    @EventSourcingHandler
    void on(SkillSourceExpired event) {
        sourceExpired = true;
    }

    @EventSourcingHandler
    void on(SkillCardPosted event) {
        cardPosted = true;
    }

    @EventSourcingHandler
    void on(SkillConfirmed event) {
        confirmed = true;
        decidedBy = event.slackUserId();
        decidedByName = event.displayName();
    }

    @EventSourcingHandler
    void on(SkillDiscarded event) {
        confirmed = false;
        decidedBy = event.slackUserId();
        decidedByName = event.displayName();
    }
}
