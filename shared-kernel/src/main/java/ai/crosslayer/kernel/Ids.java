package ai.crosslayer.kernel;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one form of every id CrossLayer mints (tenants, integrations, skills): a lowercase UUID; and the form of the
 * Slack user ids it is given.
 */
public final class Ids {

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** A Slack user id as Slack writes them: {@code U} (or {@code W}, Enterprise Grid), then capitals and digits. */
    private static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{1,31}");
    /** What a Slack user id looks like, for a refusal to say. */
    public static final String SLACK_USER_ID_FORM =
            "A Slack user id is U (or W) followed by capital letters and digits, as Slack shows it, e.g. U012AB3CD.";

    private Ids() {
    }

    /** Whether {@code text} is a lowercase UUID (a path segment that is not one names nothing). */
    public static boolean isUuid(String text) {
        return text != null && UUID_FORM.matcher(text).matches();
    }

    /** {@code value}, when it is a lowercase UUID; else the error names {@code what}. */
    public static String requireUuid(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!isUuid(value)) {
            throw new IllegalArgumentException("a " + what + " is a lowercase UUID");
        }
        return value;
    }

    /** Whether {@code text} is a Slack user id ({@code U012AB3CD}, {@code W0ENTERPRISE1}). */
    public static boolean isSlackUserId(String text) {
        return text != null && SLACK_USER_ID.matcher(text).matches();
    }
}
