package ai.crosslayer.kernel;

/**
 * A message that belongs to exactly one tenant. Every event and command implements it, with the
 * tenant as its first component; the event store writes it into the event table's
 * {@code tenant_id} column and refuses an event that does not carry one.
 */
public interface TenantScoped {

    TenantId tenantId();
}
