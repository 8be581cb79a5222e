package ai.crosslayer.kernel.skill;

/**
 * Where a skill came from, without the words themselves (Slack's terms forbid keeping copies of
 * messages, and the audit log can never forget): the workspace, channel, message and thread timestamps,
 * the message's permalink, and the SHA-256 (hex) of the text the model read. A skill learned from a GitHub
 * file also names the file ({@code gitHubFile}, else {@code null}); its permalink is then the file's page.
 */
public record SkillSource(
        String teamId,
        String channelId,
        String messageTs,
        String threadTs,
        String permalink,
        String textSha256,
        GitHubFile gitHubFile) {

    /**
     * How read models show a source whose data key was destroyed (issue 18): {@code erased} where a column needs a
     * value, nothing else. The event itself reads as a {@code null} source then.
     */
    public static final SkillSource ERASED = new SkillSource("erased", "erased", null, null, null, "erased");

    public SkillSource(String teamId, String channelId, String messageTs, String threadTs, String permalink,
                       String textSha256) {
        this(teamId, channelId, messageTs, threadTs, permalink, textSha256, null);
    }

    /** A file of a connected repository, at blob {@code sha}. */
    public record GitHubFile(String repository, String path, String sha) {
    }
}
