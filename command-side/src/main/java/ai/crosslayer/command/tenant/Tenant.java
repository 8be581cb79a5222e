package ai.crosslayer.command.tenant;

import ai.crosslayer.command.tenant.domain.LastAdminPolicy;
import ai.crosslayer.command.tenant.domain.MemberChangeRefused;
import ai.crosslayer.command.tenant.domain.MemberChangeRefused.Reason;
import ai.crosslayer.command.tenant.domain.TenantClosed;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.ChangeMemberRoleCommand;
import ai.crosslayer.kernel.tenant.CreateTenantCommand;
import ai.crosslayer.kernel.tenant.EraseMemberPersonalDataCommand;
import ai.crosslayer.kernel.tenant.EraseSlackUserPersonalDataCommand;
import ai.crosslayer.kernel.tenant.MasterKeyRotated;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberPersonalDataErased;
import ai.crosslayer.kernel.tenant.SlackUserPersonalDataErased;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberRoleChanged;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.OffboardTenantCommand;
import ai.crosslayer.kernel.tenant.RecordMasterKeyRotationCommand;
import ai.crosslayer.kernel.tenant.RemoveMemberCommand;
import ai.crosslayer.kernel.tenant.SignInMemberCommand;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer of CrossLayer and who belongs to it. The founder, whose first sign-in creates the
 * tenant, administers it; everyone placed in it later joins as a member. Its admins change members' roles
 * and remove members; the tenant always keeps an admin ({@link LastAdminPolicy}).
 *
 * <p>Its history grows with every sign-in, so it is snapshotted and cached (issue 14): loading it costs the
 * same at 100 events as at 100,000. The {@code @Revision} is the snapshot's: change it with the fields below,
 * and older snapshots are ignored (the tenant is replayed from its events and snapshotted anew).
 *
 * <p>An offboarded tenant (issue 18) takes no command any more: nobody signs in to it, and nothing changes in it.
 */
@Aggregate(snapshotTriggerDefinition = "tenantSnapshotTrigger", cache = "tenantCache")
@Revision("3")
class Tenant {

    @AggregateIdentifier
    private TenantId tenantId;
    /** Each current member's role (snapshot revision 2; revision 1 held the user ids only). */
    private final Map<String, MemberRole> members = new HashMap<>();
    /** Whether it was offboarded (snapshot revision 3). */
    private boolean offboarded;

    Tenant() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Tenant(CreateTenantCommand command) {
        VerifiedIdentity founder = command.founder();
        apply(new TenantCreated(command.tenantId(), command.name(), command.workosOrganizationId(),
                command.emailDomain(), command.at()));
        join(command.tenantId(), founder, MemberRole.ADMIN, command.at());
        apply(new MemberSignedIn(command.tenantId(), founder.userId(), founder.method(), founder.organizationId(),
                command.at()));
    }

    @CommandHandler
    void handle(SignInMemberCommand command) {
        refuseIfClosed();
        VerifiedIdentity identity = command.identity();
        if (!members.containsKey(identity.userId())) {
            join(tenantId, identity, MemberRole.MEMBER, command.at());
        }
        apply(new MemberSignedIn(tenantId, identity.userId(), identity.method(), identity.organizationId(),
                command.at()));
    }

    /** Recorded by {@code keys rotate}, in the transaction that re-sealed the tokens. */
    @CommandHandler
    void handle(RecordMasterKeyRotationCommand command) {
        refuseIfClosed();
        apply(new MasterKeyRotated(tenantId, command.previousKeyIds(), command.keyId(), command.tokensResealed(),
                command.at()));
    }

    /** An admin gives a member another role; the same role again records nothing. */
    @CommandHandler
    void handle(ChangeMemberRoleCommand command) {
        refuseIfClosed();
        MemberRole current = changeableMember(command.byUserId(), command.userId());
        if (current == command.role()) {
            return;
        }
        LastAdminPolicy.check(members, command.userId(), command.role());
        apply(new MemberRoleChanged(tenantId, command.userId(), current, command.role(), command.at()));
    }

    /**
     * An admin removes a member. Their sessions and sign-in key go in the transaction that records it, by the
     * handlers of {@code MemberRemoved} that run with this command ({@code MemberSessions}, {@code SignInKeys}).
     */
    @CommandHandler
    void handle(RemoveMemberCommand command) {
        refuseIfClosed();
        MemberRole current = changeableMember(command.byUserId(), command.userId());
        LastAdminPolicy.check(members, command.userId(), null);
        apply(new MemberRemoved(tenantId, command.userId(), current, command.at()));
    }

    /**
     * An admin, or an operator, erases a person's personal data (issue 18.2). A current member is removed first,
     * so that their sessions and sign-in key go with them; the last-admin rule does not hold an erasure back (a
     * person's right to erasure outweighs the tenant's convenience; an operator can make someone admin again).
     * The data keys are destroyed by the caller in this command's transaction.
     */
    @CommandHandler
    void handle(EraseMemberPersonalDataCommand command) {
        refuseIfClosed();
        refuseUnlessAdminOrOperator(command.byUserId());
        MemberRole current = members.get(command.userId());
        if (current == null && !command.formerMember()) {
            throw new MemberChangeRefused(Reason.NO_SUCH_MEMBER);
        }
        if (current != null) {
            apply(new MemberRemoved(tenantId, command.userId(), current, command.at()));
        }
        apply(new MemberPersonalDataErased(tenantId, command.userId(), command.byUserId(), command.at()));
    }

    /**
     * An admin, or an operator, erases a Slack user who is not a member (issue 18): only the tenant's admins may,
     * decided from this aggregate's members. The data key is destroyed by the caller in this command's transaction.
     */
    @CommandHandler
    void handle(EraseSlackUserPersonalDataCommand command) {
        refuseIfClosed();
        refuseUnlessAdminOrOperator(command.byUserId());
        apply(new SlackUserPersonalDataErased(tenantId, command.slackUserId(), command.byUserId(), command.at()));
    }

    /** An erasure is asked by an admin of this tenant, or by an operator ({@code system}); anyone else is refused. */
    private void refuseUnlessAdminOrOperator(String byUserId) {
        if (!EraseMemberPersonalDataCommand.OPERATOR.equals(byUserId) && members.get(byUserId) != MemberRole.ADMIN) {
            throw new MemberChangeRefused(Reason.NOT_AN_ADMIN);
        }
    }

    /**
     * Closes the tenant for good. Its sessions, sign-in keys, inbox, outboxes and data keys go in this command's
     * transaction, by the handlers of {@code TenantOffboarded} that run with it; the read models drop its rows.
     */
    @CommandHandler
    void handle(OffboardTenantCommand command) {
        refuseIfClosed();
        apply(new TenantOffboarded(tenantId, command.integrationsRevoked(), command.at()));
    }

    private void refuseIfClosed() {
        if (offboarded) {
            throw new TenantClosed(tenantId);
        }
    }

    /** The role of {@code userId}, whom {@code byUserId} may change: refused unless an admin asks, about a member. */
    private MemberRole changeableMember(String byUserId, String userId) {
        if (members.get(byUserId) != MemberRole.ADMIN) {
            throw new MemberChangeRefused(Reason.NOT_AN_ADMIN);
        }
        MemberRole current = members.get(userId);
        if (current == null) {
            throw new MemberChangeRefused(Reason.NO_SUCH_MEMBER);
        }
        return current;
    }

    private static void join(TenantId tenant, VerifiedIdentity who, MemberRole role, Instant at) {
        apply(new MemberJoined(tenant, who.userId(), who.email(), role, at));
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(MemberJoined event) {
        members.put(event.userId(), event.role());
    }

    @EventSourcingHandler
    void on(MemberRoleChanged event) {
        members.put(event.userId(), event.role());
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.userId());
    }

    @EventSourcingHandler
    void on(TenantOffboarded event) {
        offboarded = true;
        members.clear();
    }
}
