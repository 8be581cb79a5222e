package ai.crosslayer.command.integration.store;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.SecretToken;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The {@code integration_token} table: one sealed token per integration, bound to its tenant (row-level
 * security and the guard) and to the master key id that sealed it. Callers run inside the tenant's scope,
 * and inside the transaction that records what they do (an Axon command), so a token row and the event
 * about it commit or roll back together.
 */
@Component
public class TokenVault {

    static final Table<Record> TOKENS = table(name("integration_token"));
    static final Field<String> TENANT = field(name("tenant_id"), String.class);
    static final Field<String> INTEGRATION = field(name("integration_id"), String.class);
    static final Field<String> PROVIDER = field(name("provider"), String.class);
    static final Field<String> ACCOUNT = field(name("account_id"), String.class);
    static final Field<String> KEY_ID = field(name("key_id"), String.class);
    static final Field<byte[]> SEALED = field(name("sealed_token"), byte[].class);
    static final Field<OffsetDateTime> SEALED_AT = field(name("sealed_at"), OffsetDateTime.class);
    /** The unique index that gives one Slack workspace to one tenant (see the migration). */
    static final String ONE_TENANT_PER_SLACK_TEAM = "integration_token_one_tenant_per_slack_team";

    /** Who holds a Slack workspace: the answer of a cross-tenant lookup by team id. */
    public record SlackTeamHolder(TenantId tenantId, IntegrationId integrationId) {
    }

    private final DSLContext sql;
    private final MasterKeys keys;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public TokenVault(DSLContext sql, MasterKeys keys, Clock clock, TransactionTemplate transactions) {
        this.sql = sql;
        this.keys = keys;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Seals {@code token} under the current master key and keeps it as the integration's token, replacing
     * the one it had. A Slack workspace already held by another tenant is {@link SlackWorkspaceTaken}.
     */
    public void store(TenantId tenant, IntegrationId integration, Provider provider, String accountId, SecretToken token) {
        byte[] sealed = keys.seal(token.reveal().getBytes(StandardCharsets.UTF_8));
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            int replaced = sql.update(TOKENS)
                    .set(KEY_ID, keys.currentKeyId()).set(SEALED, sealed).set(SEALED_AT, now).set(ACCOUNT, accountId)
                    .where(TENANT.eq(tenant.value())).and(INTEGRATION.eq(integration.value()))
                    .execute();
            if (replaced == 0) {
                sql.insertInto(TOKENS, TENANT, INTEGRATION, PROVIDER, ACCOUNT, KEY_ID, SEALED, SEALED_AT)
                        .values(tenant.value(), integration.value(), provider.name(), accountId, keys.currentKeyId(),
                                sealed, now)
                        .execute();
            }
        } catch (DuplicateKeyException e) {
            if (String.valueOf(e.getMessage()).contains(ONE_TENANT_PER_SLACK_TEAM)) {
                throw new SlackWorkspaceTaken();
            }
            throw e;
        }
    }

    /**
     * The integration's token in the clear, for the one call about to use it; empty when it has none.
     * Runs in the caller's transaction, or a read-only one of its own.
     */
    public Optional<SecretToken> open(TenantId tenant, IntegrationId integration) {
        return inTransaction(() -> sql.select(KEY_ID, SEALED).from(TOKENS)
                .where(TENANT.eq(tenant.value())).and(INTEGRATION.eq(integration.value()))
                .fetchOptional()
                .map(row -> new SecretToken(new String(keys.open(row.value1(), row.value2()), StandardCharsets.UTF_8))));
    }

    /** Deletes the integration's token; {@code false} when there was none (already deleted). */
    public boolean delete(TenantId tenant, IntegrationId integration) {
        return sql.deleteFrom(TOKENS)
                .where(TENANT.eq(tenant.value())).and(INTEGRATION.eq(integration.value()))
                .execute() > 0;
    }

    /** The tenant's connected integration with {@code provider}'s account {@code accountId}, if any. */
    public Optional<IntegrationId> integrationOf(TenantId tenant, Provider provider, String accountId) {
        return inTransaction(() -> sql.select(INTEGRATION).from(TOKENS)
                .where(TENANT.eq(tenant.value())).and(PROVIDER.eq(provider.name())).and(ACCOUNT.eq(accountId))
                .fetchOptional(INTEGRATION)
                .map(IntegrationId::new));
    }

    /** Every integration of the tenant that still has a token: what offboarding revokes (issue 18). */
    public List<IntegrationId> integrationsOf(TenantId tenant) {
        return inTransaction(() -> sql.select(INTEGRATION).from(TOKENS).where(TENANT.eq(tenant.value()))
                .orderBy(SEALED_AT).fetch(INTEGRATION)).stream().map(IntegrationId::new).toList();
    }

    /** The tenant's connected Slack workspace (the first, when it has several), for the bot's own posts. */
    public Optional<IntegrationId> slackWorkspaceOf(TenantId tenant) {
        return inTransaction(() -> sql.select(INTEGRATION).from(TOKENS)
                .where(TENANT.eq(tenant.value())).and(PROVIDER.eq(Provider.SLACK.name()))
                .orderBy(SEALED_AT)
                .limit(1)
                .fetchOptional(INTEGRATION)
                .map(IntegrationId::new));
    }

    /**
     * Which tenant holds the Slack workspace {@code teamId}, if any. Cross-tenant by nature: a Slack
     * install or a Slack event does not know its tenant until this answers. The system role may read only
     * the Slack rows' ids, never a sealed token (see the migration's grants).
     */
    public Optional<SlackTeamHolder> holderOfSlackTeam(String teamId) {
        return TenantScope.crossTenant(() -> sql.select(TENANT, INTEGRATION).from(TOKENS)
                .where(PROVIDER.eq(Provider.SLACK.name())).and(ACCOUNT.eq(teamId))
                .fetchOptional(row -> new SlackTeamHolder(new TenantId(row.value1()), new IntegrationId(row.value2()))));
    }

    /**
     * The bot token of the Slack workspace {@code teamId} when {@code tenant} holds it; empty when no tenant, or
     * another tenant, does. The one way from a Slack team to its token (issue 13, item 4); opened in the tenant's scope.
     */
    public Optional<SecretToken> openSlackTeam(TenantId tenant, String teamId) {
        return holderOfSlackTeam(teamId).filter(holder -> holder.tenantId().equals(tenant))
                .flatMap(holder -> TenantScope.call(tenant, () -> open(tenant, holder.integrationId())));
    }

    /**
     * Re-seals up to {@code batch} of the tenant's tokens that are under an older key this process holds,
     * skipping rows another transaction holds (a concurrent reinstall or revoke wins; a later batch or run
     * picks up the rest). Returns the key ids the re-sealed tokens were under, one entry per token.
     */
    public List<String> resealBatch(TenantId tenant, int batch) {
        var rows = sql.select(INTEGRATION, KEY_ID, SEALED).from(TOKENS)
                .where(TENANT.eq(tenant.value())).and(KEY_ID.ne(keys.currentKeyId())).and(KEY_ID.in(keys.keyIds()))
                .orderBy(INTEGRATION)
                .limit(batch)
                .forUpdate().skipLocked()
                .fetch();
        OffsetDateTime now = OffsetDateTime.now(clock);
        return rows.map(row -> {
            byte[] plaintext = keys.open(row.value2(), row.value3());
            try {
                sql.update(TOKENS)
                        .set(KEY_ID, keys.currentKeyId()).set(SEALED, keys.seal(plaintext)).set(SEALED_AT, now)
                        .where(TENANT.eq(tenant.value())).and(INTEGRATION.eq(row.value1()))
                        .execute();
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
            return row.value2();
        });
    }

    /** How many of the tenant's tokens each key id other than the current one still seals. */
    public Map<String, Integer> notUnderCurrentKey(TenantId tenant) {
        return inTransaction(() -> sql.select(KEY_ID, count()).from(TOKENS)
                .where(TENANT.eq(tenant.value())).and(KEY_ID.ne(keys.currentKeyId()))
                .groupBy(KEY_ID)
                .fetchMap(KEY_ID, count()));
    }

    /** Row-level security sees a tenant's rows only in a transaction bound to it: join one, or begin one. */
    private <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    public String currentKeyId() {
        return keys.currentKeyId();
    }
}
