package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.query.audit.AuditChain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit-integrity signal (issue 15.2). {@code /actuator/health} component {@code auditIntegrity}:
 * {@code DOWN} while a tenant's chain failed verification before signing — the service would otherwise
 * go on vouching for a log that was tampered with, and an operator must look now —; {@code DEGRADED}
 * while the witness did not take the last checkpoint offered (nothing is signed until it does);
 * {@code UP} otherwise. Each refusal also counts in {@code crosslayer_audit_integrity_failures_total}
 * and is logged and signalled to the tenant ({@code AUDIT_INTEGRITY}) once per tenant and failure, with
 * the event and reason (never event content).
 */
@Component("auditIntegrity")
public class AuditIntegrity implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(AuditIntegrity.class);
    private static final Status DEGRADED = new Status("DEGRADED");

    private final Map<String, AuditChain.Failure> broken = new ConcurrentHashMap<>();
    private final AtomicReference<String> witnessProblem = new AtomicReference<>();
    private final Counter failures;
    private final AuditWitness witness;

    /** Who else hears of a refusal: the tenant, through a signal. */
    @FunctionalInterface
    interface Alarm {
        void raise(TenantId tenant, AuditChain.Failure failure);
    }

    private final Alarm alarm;

    AuditIntegrity(MeterRegistry meters, AuditWitness witness, Alarm alarm) {
        this.failures = Counter.builder("crosslayer.audit.integrity.failures")
                .description("chains the signer refused to sign because they did not verify").register(meters);
        this.witness = witness;
        this.alarm = alarm;
    }

    void broken(TenantId tenant, AuditChain.Failure failure) {
        failures.increment();
        if (!failure.equals(broken.put(tenant.value(), failure))) {
            log.error("AUDIT INTEGRITY: the chain of tenant {} does not verify at event {}: {}. No checkpoint is "
                    + "signed for it until this is resolved.", tenant, failure.sequence(), failure.reason());
            try {
                alarm.raise(tenant, failure);
            } catch (RuntimeException e) {
                // The refusal stands and health says DOWN whether or not the tenant could be told.
                log.warn("could not raise the audit-integrity signal of tenant {}: {}", tenant, e.toString());
            }
        }
    }

    void verified(TenantId tenant) {
        if (broken.remove(tenant.value()) != null) {
            log.warn("the audit chain of tenant {} verifies again", tenant);
        }
    }

    void witnessFailed(AuditWitness.Unreachable problem) {
        if (witnessProblem.getAndSet(problem.getMessage()) == null) {
            log.warn("{}: checkpoints are not signed until it takes them", problem.getMessage());
        }
    }

    void witnessed() {
        witnessProblem.set(null);
    }

    @Override
    public Health health() {
        Health.Builder health = !broken.isEmpty() ? Health.down()
                : witnessProblem.get() != null ? Health.status(DEGRADED) : Health.up();
        health.withDetail("witness", witness.describe());
        if (!broken.isEmpty()) {
            health.withDetail("tenantsRefused", broken.size());
        }
        if (witnessProblem.get() != null) {
            health.withDetail("witnessProblem", witnessProblem.get());
        }
        return health.build();
    }
}
