package ai.crosslayer.kernel.tenant;

/** What a member may do: the founder of a tenant administers it; everyone who joins later is a member. */
public enum MemberRole {
    ADMIN,
    MEMBER
}
