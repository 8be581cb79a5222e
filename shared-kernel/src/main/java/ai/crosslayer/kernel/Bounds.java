package ai.crosslayer.kernel;

import java.util.List;

/**
 * What the read models can hold, enforced where a command is built: a command that passes these checks is one
 * every projection can store (issue 11, item 2). A value that does not fit is refused here, named, so that it never
 * becomes an event a projection cannot apply — one such event used to stop a processor that serves every tenant.
 *
 * <p>Lengths are counted in Unicode code points, as PostgreSQL's {@code VARCHAR(n)} counts characters. NUL is
 * refused in every text: PostgreSQL's text types cannot store it at all.
 */
public final class Bounds {

    /** Slack ids (team, channel, user) and message timestamps: {@code VARCHAR(32)} in the read models. */
    public static final int SLACK_ID = 32;
    /** Who did something ({@code connected_by}, {@code changed_by}, …) and display names: {@code VARCHAR(255)}. */
    public static final int NAME = 255;
    /** Short machine words and ids: {@code VARCHAR(64)} ({@code decided_by}, {@code account_id}, fingerprints). */
    public static final int SHORT = 64;
    /** Failure reasons, permalinks and scope lists: {@code VARCHAR(1024)}. */
    public static final int LONG = 1024;

    /** A value that does not fit where it would be stored. The message names the field and its limit. */
    public static final class Exceeded extends IllegalArgumentException {

        private final String field;

        public Exceeded(String field, String detail) {
            super("'" + field + "' " + detail);
            this.field = field;
        }

        /** The field's name as the caller sent it (a JSON field, a form field). */
        public String field() {
            return field;
        }
    }

    private Bounds() {
    }

    /** {@code value} (which may be {@code null}) if it has at most {@code max} characters and no NUL. */
    public static String text(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('\0') >= 0) {
            throw new Exceeded(field, "must not contain a NUL character.");
        }
        if (value.length() > max && value.codePointCount(0, value.length()) > max) {
            throw new Exceeded(field, "is longer than " + max + " characters.");
        }
        return value;
    }

    /** Like {@link #text}, and not {@code null} or blank. */
    public static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new Exceeded(field, "is required.");
        }
        return text(field, value, max);
    }

    /**
     * {@code text} (which may be {@code null}) without NUL and cut to at most {@code max} characters: for what an
     * outside service says (a failure, a display name), which is reported as well as it fits rather than refused.
     */
    public static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.replace("\0", "");
        if (clean.codePointCount(0, clean.length()) <= max) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** {@code list} (which may be {@code null}) if it has at most {@code max} entries. */
    public static <T> List<T> entries(String field, List<T> list, int max) {
        if (list != null && list.size() > max) {
            throw new Exceeded(field, "holds at most " + max + " entries, not " + list.size() + ".");
        }
        return list;
    }

    /** Every entry of {@code list} (which may be {@code null}) is text of at most {@code max} characters. */
    public static List<String> eachText(String field, List<String> list, int max) {
        if (list != null) {
            for (String entry : list) {
                text(field, entry, max);
            }
        }
        return list;
    }
}
