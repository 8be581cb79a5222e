package ai.crosslayer.command.integration.app;

import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.tenant.store.Tenants;
import ai.crosslayer.command.integration.store.DataKeyVault;
import ai.crosslayer.command.integration.store.MasterKeys;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.RecordMasterKeyRotationCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code keys rotate}: every token, and every personal data key, sealed under an older master key is sealed
 * again under the current one, tenant by tenant, in batches. Each batch is one transaction that re-seals its tokens and records
 * {@code MasterKeyRotated} for the tenant, so the log and the vault never disagree. It runs beside a live
 * service (rows a request holds are skipped and left for the next run) and is resumable: a second run
 * re-seals only what is left.
 */
@Component
public class MasterKeyRotation {

    /** What a run did, and what it could not do. */
    public record Report(String keyId, int tokensResealed, int tenantsTouched,
                         Map<String, Integer> leftBehind, TreeSet<String> retirable, int dataKeysResealed) {

        /** Whether every token is now under the current key. */
        public boolean complete() {
            return leftBehind.isEmpty();
        }
    }

    private final Tenants tenants;
    private final TokenVault vault;
    private final DataKeyVault dataKeys;
    private final MasterKeys keys;
    private final TransactionTemplate transactions;
    private final CommandGateway commands;
    private final Clock clock;

    MasterKeyRotation(Tenants tenants, TokenVault vault, DataKeyVault dataKeys, MasterKeys keys, TransactionTemplate transactions,
                      CommandGateway commands, Clock clock) {
        this.tenants = tenants;
        this.vault = vault;
        this.dataKeys = dataKeys;
        this.keys = keys;
        this.transactions = transactions;
        this.commands = commands;
        this.clock = clock;
    }

    public Report rotate(int batchSize, Consumer<String> progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one token");
        }
        int resealed = 0;
        int touched = 0;
        int dataKeysResealed = 0;
        Map<String, Integer> leftBehind = new TreeMap<>();
        for (TenantId tenant : tenants.all()) {
            int before = resealed;
            List<String> batch;
            do {
                batch = TenantScope.call(tenant, () -> transactions.execute(status -> {
                    List<String> from = vault.resealBatch(tenant, batchSize);
                    if (!from.isEmpty()) {
                        commands.sendAndWait(new RecordMasterKeyRotationCommand(tenant,
                                List.copyOf(new TreeSet<>(from)), keys.currentKeyId(), from.size(), clock.instant()),
                                AuditContext.of(tenant, AuditContext.SYSTEM, Source.OPS));
                    }
                    return from;
                }));
                resealed += batch.size();
            } while (batch.size() == batchSize);
            if (resealed > before) {
                touched++;
                progress.accept("re-sealed " + (resealed - before) + " token(s) of tenant " + tenant);
            }
            TenantScope.call(tenant, () -> vault.notUnderCurrentKey(tenant))
                    .forEach((keyId, count) -> leftBehind.merge(keyId, count, Integer::sum));
            // The personal data keys (issue 18) are sealed under the same master key. No event records their
            // re-sealing: the stored events do not change, and a data key is never named in an event but by id.
            int resealedKeys;
            do {
                resealedKeys = TenantScope.call(tenant, () -> transactions.execute(status ->
                        dataKeys.resealBatch(tenant, batchSize).size()));
                dataKeysResealed += resealedKeys;
            } while (resealedKeys == batchSize);
            TenantScope.call(tenant, () -> dataKeys.notUnderCurrentKey(tenant))
                    .forEach((keyId, count) -> leftBehind.merge(keyId, count, Integer::sum));
        }
        TreeSet<String> retirable = new TreeSet<>(keys.keyIds());
        retirable.remove(keys.currentKeyId());
        retirable.removeAll(leftBehind.keySet());
        return new Report(keys.currentKeyId(), resealed, touched, leftBehind, retirable, dataKeysResealed);
    }
}
