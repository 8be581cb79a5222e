package ai.crosslayer.kernel.signal;

/** What a signal is about. Stored in events by name: never rename a constant. */
public enum SignalKind {
    SKILL_DRIFT,
    CONFLICT,
    WAITING_FOR_REVIEW,
    INTEGRATION_HEALTH,
    /** The checkpoint signer refused to sign the tenant's audit chain: it does not verify (issue 15.2). */
    AUDIT_INTEGRITY
}
