package ai.crosslayer.kernel.tenant;

/**
 * What a member may do: the founder of a tenant administers it; everyone who joins later is a member; an admin
 * may make someone an auditor, who may read everything of the tenant (the audit log above all) and change nothing.
 */
public enum MemberRole {
    ADMIN,
    MEMBER,
    AUDITOR;

    /** Whether this role may change anything of its tenant (an auditor reads only). */
    public boolean mayChange() {
        return this != AUDITOR;
    }
}
