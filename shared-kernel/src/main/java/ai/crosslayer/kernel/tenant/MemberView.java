package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;

import java.time.Instant;

/** A member as the tenant directory knows them: the answer of {@code GET /api/me}. */
public record MemberView(
        TenantId tenantId,
        String tenantName,
        String userId,
        String email,
        MemberRole role,
        Instant joinedAt,
        Instant lastSignedInAt) {

    /**
     * This view with {@code role} instead of the directory's: the role a session carries (the command side's, which
     * the directory trails), so that what a page or {@code GET /api/me} shows is what the permission checks ask.
     */
    public MemberView withRole(MemberRole role) {
        return new MemberView(tenantId, tenantName, userId, email, role, joinedAt, lastSignedInAt);
    }
}
