package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.Bounds;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who the identity provider says is signing in. Only a provider's verified answer (or the local
 * profile's dev sign-in) becomes one of these.
 *
 * @param userId               the provider's stable user id
 * @param email                the user's email, lowercased
 * @param emailVerified        whether the provider verified the email; only then may its domain
 *                             place the user in a tenant
 * @param organizationId       the WorkOS organization the user signed in through, or {@code null}
 * @param method               how the identity was proved
 */
public record VerifiedIdentity(
        String userId,
        String email,
        boolean emailVerified,
        String organizationId,
        SignInMethod method) {

    // Deliberately plain: one @, a non-empty local part, a dotted domain, no whitespace.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+");

    public VerifiedIdentity {
        Objects.requireNonNull(method, "method");
        if (userId == null || userId.isBlank() || userId.length() > 255) {
            throw new IllegalArgumentException("the identity provider gave no usable user id");
        }
        if (!isWellFormedEmail(email)) {
            throw new IllegalArgumentException("'" + (email == null ? "" : email) + "' is not an email address");
        }
        Bounds.text("userId", userId, Bounds.NAME); // no NUL: the tenant directory could not store it
        email = email.toLowerCase(Locale.ROOT);
        if (organizationId != null && organizationId.isBlank()) {
            organizationId = null;
        }
        Bounds.text("organizationId", organizationId, Bounds.NAME);
    }

    public static boolean isWellFormedEmail(String email) {
        // No control character (NUL above all, which the tenant directory could not store): issue 11, item 2.
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches()
                && email.chars().noneMatch(Character::isISOControl);
    }

    public String emailDomain() {
        return email.substring(email.indexOf('@') + 1);
    }
}
