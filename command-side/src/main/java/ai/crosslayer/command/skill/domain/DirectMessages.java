package ai.crosslayer.command.skill.domain;

/**
 * CrossLayer reads public conversations only: it has no DM or private-channel scope, and nothing said in a
 * direct or group message becomes a skill. Checked where Slack's events come in and again before a waiting
 * inbox row is sent to the model. Issue 12, item 8.
 */
public final class DirectMessages {

    private DirectMessages() {
    }

    /**
     * Whether an event comes from a direct or group message: by {@code channel_type} ({@code im}, {@code mpim})
     * when Slack sends one, and by the channel id's prefix ({@code D} for a DM, {@code G} for a group DM or a
     * legacy private channel) in every case — an {@code app_mention} carries no {@code channel_type}. Either
     * sign alone drops the event.
     */
    public static boolean isDirect(String channelType, String channelId) {
        return "im".equals(channelType) || "mpim".equals(channelType)
                || channelId.startsWith("D") || channelId.startsWith("G");
    }
}
