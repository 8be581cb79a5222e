package ai.crosslayer.kernel.governance;

import java.time.Instant;

/** The tenant's policy as the dashboard shows it: its revision (for optimistic concurrency) and settings. */
public record GovernanceView(int revision, GovernanceSettings settings, String changedBy, Instant changedAt) {
}
