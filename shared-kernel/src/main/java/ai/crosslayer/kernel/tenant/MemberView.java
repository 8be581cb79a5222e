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
}
