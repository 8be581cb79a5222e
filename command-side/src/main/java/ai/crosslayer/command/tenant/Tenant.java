package ai.crosslayer.command.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.CreateTenantCommand;
import ai.crosslayer.kernel.tenant.MasterKeyRotated;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.RecordMasterKeyRotationCommand;
import ai.crosslayer.kernel.tenant.SignInMemberCommand;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer of CrossLayer and who belongs to it. The founder, whose first sign-in creates the
 * tenant, administers it; everyone placed in it later joins as a member.
 *
 * <p>Its history grows with every sign-in, so it is snapshotted and cached (issue 14): loading it costs the
 * same at 100 events as at 100,000. The {@code @Revision} is the snapshot's: change it with the fields below,
 * and older snapshots are ignored (the tenant is replayed from its events and snapshotted anew).
 */
@Aggregate(snapshotTriggerDefinition = "tenantSnapshotTrigger", cache = "tenantCache")
@Revision("1")
class Tenant {

    @AggregateIdentifier
    private TenantId tenantId;
    private final Set<String> members = new HashSet<>();

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
        VerifiedIdentity identity = command.identity();
        if (!members.contains(identity.userId())) {
            join(tenantId, identity, MemberRole.MEMBER, command.at());
        }
        apply(new MemberSignedIn(tenantId, identity.userId(), identity.method(), identity.organizationId(),
                command.at()));
    }

    /** Recorded by {@code keys rotate}, in the transaction that re-sealed the tokens. */
    @CommandHandler
    void handle(RecordMasterKeyRotationCommand command) {
        apply(new MasterKeyRotated(tenantId, command.previousKeyIds(), command.keyId(), command.tokensResealed(),
                command.at()));
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
        members.add(event.userId());
    }
}
