package ai.crosslayer.kernel.tenant;

/**
 * How a member proved who they are. {@code LOCAL_DEV} exists only in the local profile, so an auditor
 * can tell a laptop sign-in from a real one.
 */
public enum SignInMethod {
    WORKOS,
    LOCAL_DEV
}
