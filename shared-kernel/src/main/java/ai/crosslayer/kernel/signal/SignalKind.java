package ai.crosslayer.kernel.signal;

/** What a signal is about. Stored in events by name: never rename a constant. */
public enum SignalKind {
    SKILL_DRIFT,
    CONFLICT,
    WAITING_FOR_REVIEW,
    INTEGRATION_HEALTH
}
