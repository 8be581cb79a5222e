package ai.crosslayer.command.tenant.app;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import ai.crosslayer.kernel.tenant.EraseMemberPersonalDataCommand;
import ai.crosslayer.kernel.tenant.EraseSlackUserPersonalDataCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;

/**
 * Erasing a person (issue 18.2), from the dashboard or the {@code members erase} operator command: in one
 * transaction, the Tenant aggregate records {@code MemberPersonalDataErased} (removing a current member first, which
 * ends their sessions), and the person's data keys are destroyed: {@code member:<id>}, and {@code slack-user:<id>},
 * under which a decision taken from the dashboard sealed the decider's name. Every field sealed under them reads as
 * erased from then on, in the store, in exports and in backups made afterwards. A Slack user who is not a member
 * (a decision taken from a Slack card) is erased alike, by their Slack user id ({@link #eraseSlackUser}).
 */
@Component
public class MemberErasure {

    private final PersonalDataKeys keys;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MemberErasure(PersonalDataKeys keys, CommandGateway commands, TransactionTemplate transactions, Clock clock) {
        this.keys = keys;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Erases {@code userId} from the tenant; {@code byUserId} is the admin, or {@link EraseMemberPersonalDataCommand#OPERATOR}. */
    public void erase(TenantId tenant, String userId, String byUserId, Source source) {
        List<String> subjects = List.of(DataSubject.MEMBER.name(userId), DataSubject.SLACK_USER.name(userId));
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> {
            boolean formerMember = subjects.stream().anyMatch(subject -> keys.isKnown(tenant, subject));
            commands.sendAndWait(new EraseMemberPersonalDataCommand(tenant, userId, byUserId, formerMember, clock.instant()),
                    AuditContext.of(tenant, byUserId, source));
            subjects.forEach(subject -> keys.destroy(tenant, subject));
        }));
    }

    /**
     * Erases Slack user {@code slackUserId} (not a member) from the tenant: records {@code SlackUserPersonalDataErased}
     * and destroys the data key {@code slack-user:<slackUserId>}, in one transaction.
     *
     * @return false, with nothing recorded, when the tenant holds no live data key for that Slack user (never held
     *         one, or it was erased already: a second erasure records nothing)
     */
    public boolean eraseSlackUser(TenantId tenant, String slackUserId, String byUserId, Source source) {
        String subject = DataSubject.SLACK_USER.name(slackUserId);
        return Boolean.TRUE.equals(TenantScope.call(tenant, () -> transactions.execute(status -> {
            if (!keys.destroy(tenant, subject)) {
                return false;
            }
            // Rolled back with the key's destruction if the aggregate refuses it.
            commands.sendAndWait(new EraseSlackUserPersonalDataCommand(tenant, slackUserId, byUserId, clock.instant()),
                    AuditContext.of(tenant, byUserId, source));
            return true;
        })));
    }
}
