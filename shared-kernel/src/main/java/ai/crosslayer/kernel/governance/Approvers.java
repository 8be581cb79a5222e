package ai.crosslayer.kernel.governance;

/** Who may approve or discard a proposed skill. Stored in events by name: never rename a constant. */
public enum Approvers {
    /** Anyone in the channel where the card is. */
    ANYONE,
    /** The Slack workspace's admins and owners, and the listed approvers (the default). */
    ADMINS_AND_LISTED,
    /** The listed approvers only. */
    LISTED
}
