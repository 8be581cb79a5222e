package ai.crosslayer.kernel.skill;

/**
 * Where a skill came from, without the words themselves (Slack's terms forbid keeping copies of
 * messages, and the audit log can never forget): the workspace, channel, message and thread timestamps,
 * the message's permalink, and the SHA-256 (hex) of the text the model read.
 */
public record SkillSource(
        String teamId,
        String channelId,
        String messageTs,
        String threadTs,
        String permalink,
        String textSha256) {
}
