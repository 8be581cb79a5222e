package ai.crosslayer.kernel.personal;

import ai.crosslayer.kernel.TenantId;

import java.util.Map;

/**
 * The data keys personal fields are sealed under, one per subject and tenant, kept outside the event store
 * and themselves sealed under the master key. Destroying a key is erasure: it cannot be undone, and every
 * field sealed under it (in the store, in exports, in backups made afterwards) reads as erased from then on.
 */
public interface PersonalDataKeys {

    /**
     * Destroys the data key of {@code subject} (a {@link DataSubject#name(String)}) in the tenant.
     *
     * @return whether there was a key to destroy
     */
    boolean destroy(TenantId tenantId, String subject);

    /**
     * Whether {@code subject} ever had a data key in the tenant, live or destroyed: someone the tenant once held
     * personal data about (a former member can still be erased).
     */
    boolean isKnown(TenantId tenantId, String subject);

    /** Destroys every data key of the tenant (offboarding). @return how many were destroyed */
    int destroyAllOf(TenantId tenantId);

    /**
     * Every data key the tenant has had, live or destroyed, by key id, in one read: an audit export names each
     * sealed field's subject and state from it without a query per event. It holds no key material; its size
     * grows with the tenant's subjects, not with its events.
     */
    Map<String, KeyState> keyStates(TenantId tenantId);

    /** A data key as an export shows it: whose it is ({@code member:…}), and whether it was destroyed. */
    record KeyState(String subject, boolean destroyed) {
    }
}
