package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.Bounds;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's policy. The defaults are the safe ones: the bot reads no channel unless mentioned, only
 * workspace admins (and listed approvers) decide on skills, signals go nowhere until a channel is chosen,
 * messages wait at most 24 hours, and GitHub files are not polled.
 *
 * @param passiveCaptureChannels Slack channel ids where plain messages may be read for skills
 * @param approvers              who may approve or discard skills
 * @param approverUserIds        the listed approvers (Slack user ids)
 * @param signalChannel          the Slack channel id that receives signals, or {@code null}
 * @param inboxMaxAge            how long an accepted message may wait in the inbox
 * @param watchGitHubDrift       whether skills from GitHub files are watched for upstream changes
 * @param skillSourceRetentionDays how many days a skill's source is kept after extraction before its data key is
 *                               destroyed, or {@code null} (the default) to keep it until the skill's tenant leaves
 */
public record GovernanceSettings(
        List<String> passiveCaptureChannels,
        Approvers approvers,
        List<String> approverUserIds,
        String signalChannel,
        Duration inboxMaxAge,
        boolean watchGitHubDrift,
        Integer skillSourceRetentionDays) {

    /** The shortest time a policy may let a message wait in the inbox. */
    public static final Duration MIN_INBOX_MAX_AGE = Duration.ofMinutes(1);
    /** The longest time a policy may let a message wait in the inbox. */
    public static final Duration MAX_INBOX_MAX_AGE = Duration.ofDays(7);

    /** The shortest retention of skill sources a policy may set, in days. */
    public static final int MIN_SKILL_SOURCE_RETENTION_DAYS = 1;
    /** The longest retention of skill sources a policy may set, in days (ten years). */
    public static final int MAX_SKILL_SOURCE_RETENTION_DAYS = 3650;

    public static final GovernanceSettings DEFAULTS = new GovernanceSettings(List.of(), Approvers.ADMINS_AND_LISTED,
            List.of(), null, Duration.ofHours(24), false, null);

    public GovernanceSettings {
        passiveCaptureChannels = passiveCaptureChannels == null ? List.of()
                : passiveCaptureChannels.stream().distinct().sorted().toList();
        approvers = approvers == null ? Approvers.ADMINS_AND_LISTED : approvers;
        approverUserIds = approverUserIds == null ? List.of() : approverUserIds.stream().distinct().sorted().toList();
        inboxMaxAge = inboxMaxAge == null ? Duration.ofHours(24) : inboxMaxAge;
    }

    /** Whether a policy may let messages wait {@code age} in the inbox: from {@link #MIN_INBOX_MAX_AGE} to {@link #MAX_INBOX_MAX_AGE}. */
    public static boolean inboxMaxAgeAllowed(Duration age) {
        return age.compareTo(MIN_INBOX_MAX_AGE) >= 0 && age.compareTo(MAX_INBOX_MAX_AGE) <= 0;
    }

    /**
     * At most this many channels and approvers. With ids of at most {@link Bounds#SLACK_ID} characters, a list's
     * text form (comma-separated) stays within what the read model keeps per setting ({@code VARCHAR(4096)}).
     */
    public static final int MAX_LIST_ENTRIES = 100;

    /**
     * These settings, if every list and id fits what the read model stores; else {@link Bounds.Exceeded} naming
     * the setting. Checked by every command that changes the policy (not by the constructor: settings are also
     * rebuilt from stored events, which must stay readable whatever they hold).
     */
    public GovernanceSettings requireWithinBounds() {
        Bounds.eachText("passiveCaptureChannels", Bounds.entries("passiveCaptureChannels", passiveCaptureChannels,
                MAX_LIST_ENTRIES), Bounds.SLACK_ID);
        Bounds.eachText("approverUserIds", Bounds.entries("approverUserIds", approverUserIds, MAX_LIST_ENTRIES),
                Bounds.SLACK_ID);
        // The text form joins ids with commas: an id holding one would come back as two.
        for (String id : passiveCaptureChannels) {
            if (id.isEmpty() || id.contains(",")) {
                throw new Bounds.Exceeded("passiveCaptureChannels", "holds an entry that is not a channel id.");
            }
        }
        for (String id : approverUserIds) {
            if (id.isEmpty() || id.contains(",")) {
                throw new Bounds.Exceeded("approverUserIds", "holds an entry that is not a user id.");
            }
        }
        Bounds.text("signalChannel", signalChannel, Bounds.SLACK_ID);
        if (skillSourceRetentionDays != null && (skillSourceRetentionDays < MIN_SKILL_SOURCE_RETENTION_DAYS
                || skillSourceRetentionDays > MAX_SKILL_SOURCE_RETENTION_DAYS)) {
            throw new Bounds.Exceeded("skillSourceRetentionDays", "must be from " + MIN_SKILL_SOURCE_RETENTION_DAYS
                    + " to " + MAX_SKILL_SOURCE_RETENTION_DAYS + " days, or null to keep sources.");
        }
        return this;
    }

    /** The settings' names, as events and the read model name them. */
    public static final List<String> NAMES = List.of("passiveCaptureChannels", "approvers", "approverUserIds",
            "signalChannel", "inboxMaxAge", "watchGitHubDrift", "skillSourceRetentionDays");

    /**
     * Each setting's text form: lists comma-separated, durations ISO-8601, no channel and no retention as the empty
     * string.
     */
    public Map<String, String> asText() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("passiveCaptureChannels", String.join(",", passiveCaptureChannels));
        text.put("approvers", approvers.name());
        text.put("approverUserIds", String.join(",", approverUserIds));
        text.put("signalChannel", signalChannel == null ? "" : signalChannel);
        text.put("inboxMaxAge", inboxMaxAge.toString());
        text.put("watchGitHubDrift", String.valueOf(watchGitHubDrift));
        text.put("skillSourceRetentionDays", skillSourceRetentionDays == null ? "" : skillSourceRetentionDays.toString());
        return text;
    }

    /** Settings from their text forms; a setting absent from {@code text} keeps its default. */
    public static GovernanceSettings fromText(Map<String, String> text) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS.asText());
        all.putAll(text);
        return new GovernanceSettings(list(all.get("passiveCaptureChannels")), Approvers.valueOf(all.get("approvers")),
                list(all.get("approverUserIds")), all.get("signalChannel").isEmpty() ? null : all.get("signalChannel"),
                Duration.parse(all.get("inboxMaxAge")), Boolean.parseBoolean(all.get("watchGitHubDrift")),
                all.get("skillSourceRetentionDays").isEmpty() ? null : Integer.valueOf(all.get("skillSourceRetentionDays")));
    }

    private static List<String> list(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    /** Whether {@code slackUserId} may decide on skills, given whether Slack calls them a workspace admin. */
    public boolean mayApprove(String slackUserId, boolean workspaceAdmin) {
        return switch (approvers) {
            case ANYONE -> true;
            case ADMINS_AND_LISTED -> workspaceAdmin || approverUserIds.contains(slackUserId);
            case LISTED -> approverUserIds.contains(slackUserId);
        };
    }
}
