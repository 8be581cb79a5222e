package ai.crosslayer.kernel.governance;

/** The policy changed since the caller read it: read it again, then change it. */
public class StalePolicyRevision extends RuntimeException {

    public StalePolicyRevision(int expected, int actual) {
        super("The policy is at revision " + actual + ", not " + expected + ": someone changed it since you read it. "
                + "Read it again (GET /api/governance) and apply your change to that.");
    }
}
