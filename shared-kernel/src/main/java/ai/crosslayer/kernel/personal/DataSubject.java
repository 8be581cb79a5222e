package ai.crosslayer.kernel.personal;

/**
 * Whom (or what) a personal field is about: each subject has one data key per tenant, named
 * {@code <kind>:<id>} ({@link #name(String)}), for example {@code member:u_01H…} or {@code slack-user:U012AB}.
 */
public enum DataSubject {
    /** A CrossLayer member, by their opaque user id. */
    MEMBER("member"),
    /** A person in a connected Slack workspace, by their Slack user id. */
    SLACK_USER("slack-user"),
    /** Where a skill came from (permalink, text hash), by the skill's id: kept as long as the tenant's retention says. */
    SKILL_SOURCE("skill-source");

    private final String prefix;

    DataSubject(String prefix) {
        this.prefix = prefix;
    }

    /** The key name of the subject with this {@code id}. */
    public String name(String id) {
        return prefix + ":" + id;
    }

    public String prefix() {
        return prefix;
    }
}
