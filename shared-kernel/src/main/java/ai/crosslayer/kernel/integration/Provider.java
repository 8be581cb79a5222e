package ai.crosslayer.kernel.integration;

/** Whom an integration connects to. Stored in events by name: never rename a constant. */
public enum Provider {
    SLACK,
    GITHUB
}
