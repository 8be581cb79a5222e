package ai.crosslayer.ops.audit;

import ai.crosslayer.command.offboarding.app.FinalCheckpoint;
import ai.crosslayer.kernel.TenantId;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/** The write side's port to sign an offboarded tenant's final checkpoint, through {@link AuditCheckpoints}. */
@Component
class OffboardingCheckpoint implements FinalCheckpoint {

    private final AuditCheckpoints checkpoints;

    OffboardingCheckpoint(AuditCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public OptionalLong signHead(TenantId tenant) {
        return checkpoints.signHead(tenant).map(c -> OptionalLong.of(c.tenantSequence())).orElse(OptionalLong.empty());
    }
}
