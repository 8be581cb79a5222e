package ai.crosslayer.command.provider.slack;

/**
 * Text the bot posts where Slack reads markup ({@code mrkdwn} blocks, a message's {@code text}, ephemeral replies).
 * Anything in it that came from a person or from the model — a skill's name, description and steps, a path, a search
 * — is escaped as Slack documents: {@code &} → {@code &amp;}, {@code <} → {@code &lt;}, {@code >} → {@code &gt;}.
 * Slack then shows {@code <!channel>}, {@code <!here>}, {@code <@U…>} and {@code <https://evil|click>} as the
 * characters they are instead of notifying a channel, mentioning someone or hiding a link behind other words.
 * Issue 12, item 7.
 */
public final class SlackText {

    private SlackText() {
    }

    /** {@code text} with {@code &}, {@code <} and {@code >} escaped; {@code null} stays {@code null}. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
