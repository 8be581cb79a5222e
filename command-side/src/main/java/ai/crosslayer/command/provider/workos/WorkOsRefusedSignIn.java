package ai.crosslayer.command.provider.workos;

/**
 * WorkOS did not sign someone in. The message says what to do and never carries a code, a key or a response
 * body; {@link #blame()} tells the route whether the sign-in itself was bad (a used or expired code, an account
 * WorkOS describes badly) or WorkOS failed to answer.
 */
public class WorkOsRefusedSignIn extends RuntimeException {

    /** Whose fault the refusal is: the sign-in's (start again) or WorkOS's (try again shortly). */
    public enum Blame { SIGN_IN, WORKOS }

    private final Blame blame;

    public WorkOsRefusedSignIn(Blame blame, String message) {
        super(message);
        this.blame = blame;
    }

    public Blame blame() {
        return blame;
    }
}
