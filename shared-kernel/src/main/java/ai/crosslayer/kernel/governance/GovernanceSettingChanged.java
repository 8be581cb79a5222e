package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * One setting of the tenant's policy changed from {@code oldValue} to {@code newValue} (their text forms),
 * by {@code changedBy} (a CrossLayer member or a Slack user id). {@code revision} is the policy's revision
 * after the change that included this setting (several settings may change in one revision).
 */
@Revision("1")
public record GovernanceSettingChanged(
        TenantId tenantId,
        String setting,
        String oldValue,
        String newValue,
        int revision,
        @NotPersonalData("an opaque user id or Slack user id") String changedBy,
        Instant changedAt) implements GovernanceEvent {
}
