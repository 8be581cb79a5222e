package ai.crosslayer.command.integration.store;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.personal.PersonalDataKeys;
import com.goterl.lazysodium.interfaces.AEAD;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

/**
 * The {@code personal_data_key} table (issue 18): the data keys personal fields of events are sealed under, one
 * per subject and tenant, kept beside the token vault and, like its tokens, sealed under the master key (so
 * {@code keys rotate} re-seals them too). Key material never leaves this class: it seals and opens fields
 * (XChaCha20-Poly1305, a fresh nonce per field, the caller's associated data binding the ciphertext to its
 * tenant, subject and field). A subject's key is made on first use, in the transaction that appends the event
 * needing it. Destroying a key clears it for good; what was sealed under it opens as nothing from then on.
 *
 * <p>Opened keys are kept in memory for {@link #CACHE_TTL_NANOS} at most, so that replaying a stream does not
 * read the table once per event. A key destroyed on this node is forgotten at once; another node forgets it
 * within that time.
 */
@Component
public class DataKeyVault implements PersonalDataKeys {

    static final Table<Record> KEYS = table(name("personal_data_key"));
    static final Field<String> TENANT = field(name("tenant_id"), String.class);
    static final Field<String> KEY_ID = field(name("key_id"), String.class);
    static final Field<String> SUBJECT = field(name("subject"), String.class);
    static final Field<String> MASTER_KEY_ID = field(name("master_key_id"), String.class);
    static final Field<byte[]> SEALED_KEY = field(name("sealed_key"), byte[].class);
    static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> DESTROYED_AT = field(name("destroyed_at"), OffsetDateTime.class);

    static final long CACHE_TTL_NANOS = 30_000_000_000L;
    private static final int CACHE_LIMIT = 10_000;
    private static final String SETTING = "crosslayer.tenant_id";

    /** A field sealed under data key {@code keyId}. */
    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    private record Cached(String keyId, byte[] key, long loadedAt) {
        boolean fresh() {
            return System.nanoTime() - loadedAt < CACHE_TTL_NANOS;
        }
    }

    private final DSLContext sql;
    private final MasterKeys masterKeys;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransactions;
    /** Opened keys by key id; a destroyed key is kept as an entry without a key. */
    private final Map<String, Cached> byKeyId = new ConcurrentHashMap<>();
    /** The live key of each tenant's subject, by {@code tenant|subject}. */
    private final Map<String, Cached> bySubject = new ConcurrentHashMap<>();

    public DataKeyVault(DSLContext sql, MasterKeys masterKeys, Clock clock, TransactionTemplate transactions) {
        this.sql = sql;
        this.masterKeys = masterKeys;
        this.clock = clock;
        this.transactions = transactions;
        this.ownTransactions = new TransactionTemplate(transactions.getTransactionManager());
        this.ownTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Seals {@code plaintext} under the data key of {@code subject} in the tenant, making that key if the subject
     * has none yet (in the caller's transaction: the key and the event sealed under it commit or roll back
     * together).
     */
    public Sealed seal(TenantId tenant, String subject, byte[] associatedData, byte[] plaintext) {
        Cached key = liveKey(tenant, subject);
        byte[] nonce = MasterKeys.SODIUM.randomBytesBuf(AEAD.XCHACHA20POLY1305_IETF_NPUBBYTES);
        byte[] ciphertext = new byte[plaintext.length + AEAD.XCHACHA20POLY1305_IETF_ABYTES];
        if (!MasterKeys.SODIUM.cryptoAeadXChaCha20Poly1305IetfEncrypt(ciphertext, null, plaintext, plaintext.length,
                associatedData, associatedData.length, null, nonce, key.key())) {
            throw new IllegalStateException("libsodium could not seal a personal field");
        }
        return new Sealed(key.keyId(), nonce, ciphertext);
    }

    /**
     * Opens a sealed field; empty when its data key was destroyed (the field is erased). A key that opens but a
     * ciphertext that does not (altered, or moved to another tenant, subject or field) is an error, never erasure.
     */
    public Optional<byte[]> open(TenantId tenant, Sealed sealed, byte[] associatedData) {
        Optional<byte[]> key = keyById(tenant, sealed.keyId());
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] ciphertext = sealed.ciphertext();
        if (ciphertext.length < AEAD.XCHACHA20POLY1305_IETF_ABYTES) {
            throw new IllegalStateException("a sealed personal field under data key " + sealed.keyId() + " is too short");
        }
        byte[] plaintext = new byte[ciphertext.length - AEAD.XCHACHA20POLY1305_IETF_ABYTES];
        if (!MasterKeys.SODIUM.cryptoAeadXChaCha20Poly1305IetfDecrypt(plaintext, null, null, ciphertext,
                ciphertext.length, associatedData, associatedData.length, sealed.nonce(), key.get())) {
            throw new IllegalStateException("a sealed personal field under data key " + sealed.keyId()
                    + " does not open: it was altered, or copied from another tenant, subject or field");
        }
        return Optional.of(plaintext);
    }

    @Override
    public boolean destroy(TenantId tenant, String subject) {
        return !destroyLive(tenant, SUBJECT.eq(subject)).isEmpty();
    }

    @Override
    public boolean isKnown(TenantId tenant, String subject) {
        return inTenant(tenant, false, () -> sql.fetchExists(sql.selectOne().from(KEYS)
                .where(TENANT.eq(tenant.value())).and(SUBJECT.eq(subject))));
    }

    @Override
    public int destroyAllOf(TenantId tenant) {
        return destroyLive(tenant, DSL.noCondition()).size();
    }

    @Override
    public Map<String, KeyState> keyStates(TenantId tenant) {
        return inTenant(tenant, true, () -> sql.select(KEY_ID, SUBJECT, DESTROYED_AT).from(KEYS)
                .where(TENANT.eq(tenant.value()))
                .fetchMap(KEY_ID, row -> new KeyState(row.get(SUBJECT), row.get(DESTROYED_AT) != null)));
    }

    /** Clears the tenant's live keys that {@code which} selects, keeping each row as a tombstone; their key ids. */
    private List<String> destroyLive(TenantId tenant, Condition which) {
        return inTenant(tenant, false, () -> {
            List<String> destroyed = sql.update(KEYS)
                    .set(SEALED_KEY, (byte[]) null).set(MASTER_KEY_ID, (String) null)
                    .set(DESTROYED_AT, OffsetDateTime.now(clock))
                    .where(TENANT.eq(tenant.value())).and(which).and(DESTROYED_AT.isNull())
                    .returning(KEY_ID)
                    .fetch(KEY_ID);
            forget(tenant, destroyed);
            return destroyed;
        });
    }

    /**
     * Re-seals up to {@code batch} of the tenant's live data keys that are under an older master key this process
     * holds, in the caller's transaction (see {@code MasterKeyRotation}); returns the master key ids they were under.
     */
    public List<String> resealBatch(TenantId tenant, int batch) {
        var rows = sql.select(KEY_ID, MASTER_KEY_ID, SEALED_KEY).from(KEYS)
                .where(TENANT.eq(tenant.value())).and(DESTROYED_AT.isNull())
                .and(MASTER_KEY_ID.ne(masterKeys.currentKeyId())).and(MASTER_KEY_ID.in(masterKeys.keyIds()))
                .orderBy(KEY_ID)
                .limit(batch)
                .forUpdate().skipLocked()
                .fetch();
        return rows.map(row -> {
            byte[] key = masterKeys.open(row.value2(), row.value3());
            try {
                sql.update(KEYS)
                        .set(MASTER_KEY_ID, masterKeys.currentKeyId()).set(SEALED_KEY, masterKeys.seal(key))
                        .where(TENANT.eq(tenant.value())).and(KEY_ID.eq(row.value1())).and(DESTROYED_AT.isNull())
                        .execute();
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            return row.value2();
        });
    }

    /** How many of the tenant's live data keys each master key id other than the current one still seals. */
    public Map<String, Integer> notUnderCurrentKey(TenantId tenant) {
        return inTenant(tenant, false, () -> sql.select(MASTER_KEY_ID, count()).from(KEYS)
                .where(TENANT.eq(tenant.value())).and(DESTROYED_AT.isNull())
                .and(MASTER_KEY_ID.ne(masterKeys.currentKeyId()))
                .groupBy(MASTER_KEY_ID)
                .fetchMap(MASTER_KEY_ID, count()));
    }

    private Cached liveKey(TenantId tenant, String subject) {
        String cacheKey = tenant.value() + "|" + subject;
        Cached cached = bySubject.get(cacheKey);
        if (cached != null && cached.fresh()) {
            return cached;
        }
        return inTenant(tenant, false, () -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            byte[] fresh = MasterKeys.SODIUM.randomBytesBuf(AEAD.XCHACHA20POLY1305_IETF_KEYBYTES);
            try {
                // A concurrent first use of the same subject waits on the unique index, then finds the other's key.
                sql.insertInto(KEYS, TENANT, KEY_ID, SUBJECT, MASTER_KEY_ID, SEALED_KEY, CREATED_AT)
                        .values(tenant.value(), UUID.randomUUID().toString(), subject, masterKeys.currentKeyId(),
                                masterKeys.seal(fresh), now)
                        .onConflict(TENANT, SUBJECT).where(DESTROYED_AT.isNull()).doNothing()
                        .execute();
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
            var row = sql.select(KEY_ID, MASTER_KEY_ID, SEALED_KEY).from(KEYS)
                    .where(TENANT.eq(tenant.value())).and(SUBJECT.eq(subject)).and(DESTROYED_AT.isNull())
                    .fetchSingle();
            Cached key = new Cached(row.value1(), openDataKey(row.value1(), row.value2(), row.value3()), System.nanoTime());
            // Remembered only once committed: a key of a rolled-back append must not seal the next one.
            afterCommit(() -> {
                bySubject.put(cacheKey, key);
                byKeyId.put(key.keyId(), key);
                trim();
            });
            return key;
        });
    }

    private Optional<byte[]> keyById(TenantId tenant, String keyId) {
        Cached cached = byKeyId.get(keyId);
        if (cached == null || !cached.fresh()) {
            var row = inTenant(tenant, true, () -> sql.select(MASTER_KEY_ID, SEALED_KEY).from(KEYS)
                    .where(TENANT.eq(tenant.value())).and(KEY_ID.eq(keyId))
                    .fetchOptional());
            if (row.isEmpty()) {
                // No such key in this tenant (never made, or the tenant's keys are gone): nothing can open the
                // field, so it reads as erased. Not remembered: the key may be one still being committed.
                return Optional.empty();
            }
            byte[] sealedKey = row.get().value2();
            cached = new Cached(keyId, sealedKey == null ? null : openDataKey(keyId, row.get().value1(), sealedKey),
                    System.nanoTime());
            byKeyId.put(keyId, cached);
            trim();
        }
        return Optional.ofNullable(cached.key());
    }

    /**
     * A live data key under a master key this process does not hold is an error, never erasure: reading its fields
     * as erased would let a lost master key rebuild read models without them.
     */
    private byte[] openDataKey(String keyId, String masterKeyId, byte[] sealedKey) {
        try {
            return masterKeys.open(masterKeyId, sealedKey);
        } catch (MasterKeyRetired e) {
            throw new IllegalStateException("Personal data key " + keyId + " is sealed under master key " + masterKeyId
                    + ", which this process does not hold: put that key in CROSSLAYER_MASTER_KEY_PREVIOUS and run "
                    + "'keys rotate'. Its fields cannot be read until then (they are not erased).", e);
        }
    }

    private void forget(TenantId tenant, List<String> keyIds) {
        Runnable forget = () -> {
            keyIds.forEach(byKeyId::remove);
            bySubject.entrySet().removeIf(e -> e.getKey().startsWith(tenant.value() + "|")
                    && keyIds.contains(e.getValue().keyId()));
        };
        forget.run();
        // Read again in the transaction before it commits, a key would be cached anew: forget it once more after.
        afterCommit(forget);
    }

    private void trim() {
        if (byKeyId.size() > CACHE_LIMIT) {
            byKeyId.clear();
        }
        if (bySubject.size() > CACHE_LIMIT) {
            bySubject.clear();
        }
    }

    private static void afterCommit(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        } else {
            work.run();
        }
    }

    /**
     * Runs {@code work} in the tenant's scope and in a transaction that row-level security binds to the tenant:
     * the caller's (an append, an erasure), with {@code crosslayer.tenant_id} set for the statement and put back
     * after (a projection's batch may be bound to the tenant of the event before); or one of its own where the
     * caller's cannot serve (cross-tenant work runs as a role that cannot read these keys).
     */
    private <T> T inTenant(TenantId tenant, boolean readOnly, Supplier<T> work) {
        TenantScope.Snapshot outer = TenantScope.capture();
        boolean foreignScope = TenantScope.isCrossTenant()
                || TenantScope.current().filter(scope -> !scope.equals(tenant)).isPresent();
        if (foreignScope && !readOnly) {
            throw new IllegalStateException("a data key of tenant " + tenant + " is changed only in its own scope");
        }
        if (foreignScope) {
            TenantScope.restore(null);
        }
        try {
            TransactionTemplate template = foreignScope ? ownTransactions : transactions;
            return TenantScope.call(tenant, () -> template.execute(status -> {
                String bound = sql.fetchValue(field("current_setting('" + SETTING + "', true)", String.class));
                boolean rebind = !tenant.value().equals(bound);
                if (rebind) {
                    bind(tenant.value());
                }
                try {
                    return work.get();
                } finally {
                    if (rebind) {
                        bind(bound == null ? "" : bound);
                    }
                }
            }));
        } finally {
            TenantScope.restore(outer);
        }
    }

    private void bind(String tenant) {
        sql.fetchValue(field("set_config('" + SETTING + "', {0}, true)", String.class, val(tenant)));
    }

    /** What a field's associated data is made of, in one place for sealing and opening. */
    public static byte[] associatedData(TenantId tenant, String subject, String field) {
        return ("crosslayer-personal-v1\n" + tenant.value() + "\n" + subject + "\n" + field)
                .getBytes(StandardCharsets.UTF_8);
    }
}
