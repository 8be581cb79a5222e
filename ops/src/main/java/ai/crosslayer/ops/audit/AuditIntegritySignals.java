package ai.crosslayer.ops.audit;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.query.audit.AuditChain;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Tells the tenant, not only the operator, that its audit chain failed verification: an
 * {@code AUDIT_INTEGRITY} signal in its signal channel (issue 15.2). One signal per failure (event and
 * reason), however often the signer retries.
 */
@Component
class AuditIntegritySignals implements AuditIntegrity.Alarm {

    private final CommandGateway commands;
    private final Governance governance;
    private final Clock clock;

    AuditIntegritySignals(CommandGateway commands, Governance governance, Clock clock) {
        this.commands = commands;
        this.governance = governance;
        this.clock = clock;
    }

    @Override
    public void raise(TenantId tenant, AuditChain.Failure failure) {
        String subject = "event-" + failure.sequence() + "-" + Integer.toHexString(failure.reason().hashCode());
        TenantScope.run(tenant, () -> commands.sendAndWait(new RaiseSignalCommand(tenant,
                SignalId.of(tenant.value(), SignalKind.AUDIT_INTEGRITY, subject), SignalKind.AUDIT_INTEGRITY, subject,
                ":rotating_light: CrossLayer's audit log of this workspace does not verify at event " + failure.sequence()
                        + ": " + failure.reason() + ". Nothing is signed until an operator has looked into it.",
                governance.of(tenant).signalChannel(), null, clock.instant()),
                AuditContext.of(tenant, AuditContext.SYSTEM, AuditContext.Source.OPS)));
    }
}
