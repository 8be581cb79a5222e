package ai.crosslayer.command.skill.domain;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The cheap test a plain channel message must pass before it may cost a model call: long enough to hold a
 * procedure, and shaped like one (a list, a code block, or the words people use to give steps). Small talk
 * ("lunch?", "thanks!", "lgtm") never reaches the model. Explicit captures (a mention) skip this test.
 */
public final class PreFilter {

    static final int MIN_LENGTH = 120;
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*(?:\\d+[.)]|[-*•])\\s+\\S");
    private static final List<String> CUES = List.of("first", "then", "next", "finally", "step", "run ", "deploy",
            "restart", "rollback", "roll back", "make sure", "how to", "to fix", "command", "install", "configure",
            "rotate", "migrate", "before you", "after that");

    private PreFilter() {
    }

    public static boolean worthAsking(String text) {
        if (text == null || text.length() < MIN_LENGTH) {
            return false;
        }
        if (text.contains("```") || LIST_ITEM.matcher(text).results().count() >= 2) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return CUES.stream().filter(lower::contains).count() >= 2;
    }
}
