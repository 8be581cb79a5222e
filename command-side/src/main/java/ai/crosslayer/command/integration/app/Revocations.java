package ai.crosslayer.command.integration.app;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.integration.domain.IntegrationNotFound;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.integration.RevokeIntegrationCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Revoking an integration, from whichever side asks (an admin's disconnect, Slack's uninstall or
 * token-revoked events): idempotent, and safe when two revocations of one integration race.
 */
@Component
public class Revocations {

    private final CommandGateway commands;
    private final Clock clock;

    Revocations(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * Deletes the integration's token and records why; blocking until both are committed. Answers
     * {@code false} when it was already revoked. Another tenant's integration is {@link IntegrationNotFound}.
     */
    public boolean revoke(TenantId tenant, IntegrationId integration, RevocationReason reason, String actor,
                          Source source) {
        RevokeIntegrationCommand command = new RevokeIntegrationCommand(tenant, integration, reason, actor, clock.instant());
        MetaData context = AuditContext.of(tenant, actor, source);
        try {
            return send(command, context);
        } catch (ConcurrencyException concurrentRevoke) {
            // Another revocation of this integration committed first (the store refused our event's
            // sequence number); asking again finds it revoked.
            return send(command, context);
        }
    }

    private boolean send(RevokeIntegrationCommand command, MetaData context) {
        return TenantScope.call(command.tenantId(), () -> Boolean.TRUE.equals(commands.sendAndWait(command, context)));
    }
}
