package ai.crosslayer.command.tenant.domain;

import ai.crosslayer.command.tenant.domain.MemberChangeRefused.Reason;
import ai.crosslayer.kernel.tenant.MemberRole;

import java.util.Map;

/**
 * A tenant always keeps an admin: without one, nobody could change a role, remove a member, connect an
 * integration or change the policy again. So the last admin can be neither demoted nor removed; make
 * someone else an admin first.
 */
public final class LastAdminPolicy {

    private LastAdminPolicy() {
    }

    /**
     * Refuses giving {@code userId} the role {@code next} ({@code null}: removing them) when they are the tenant's
     * only admin.
     */
    public static void check(Map<String, MemberRole> members, String userId, MemberRole next) {
        boolean losesAdmin = members.get(userId) == MemberRole.ADMIN && next != MemberRole.ADMIN;
        if (losesAdmin && members.values().stream().filter(MemberRole.ADMIN::equals).count() == 1) {
            throw new MemberChangeRefused(Reason.LAST_ADMIN);
        }
    }
}
