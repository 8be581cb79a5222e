package ai.crosslayer.command.tenant.domain;

/** A change of a member (role or removal) that the tenant refuses; nothing was recorded. */
public class MemberChangeRefused extends RuntimeException {

    /** Why, each with the sentence a caller is shown. */
    public enum Reason {
        NOT_AN_ADMIN("Only an admin of this account can change roles or remove members. Ask one of your admins."),
        NO_SUCH_MEMBER("This account has no member with that user id (GET /api/members lists them)."),
        LAST_ADMIN("That would leave this account without an admin. Make someone else an admin first.");

        private final String sentence;

        Reason(String sentence) {
            this.sentence = sentence;
        }
    }

    private final Reason reason;

    public MemberChangeRefused(Reason reason) {
        super(reason.sentence);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
