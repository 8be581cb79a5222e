package ai.crosslayer.command.tenant.app;

import ai.crosslayer.command.support.SignInSettings;
import ai.crosslayer.kernel.TenantId;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The session cookie: {@code v2.<tenant>.<user>.<expiry>.<session id>.<HMAC-SHA256>}, signed with the
 * session key. It says who the caller is, until when, and which sign-in this is; anything altered fails
 * the MAC. The signature alone does not make a session count: {@link MemberSessions} also needs the
 * session's row, which signing out deletes. Outside the local profile it is {@code Secure} and
 * {@code __Host-} prefixed (so no subdomain can set or read it); always {@code HttpOnly} and
 * {@code SameSite=Lax}.
 */
@Component
public class SessionCookies {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** v1 cookies (no session id) are refused: they cannot be signed out, so their holders sign in again. */
    private static final String VERSION = "v2";

    private final SecretKeySpec key;
    private final SignInSettings settings;
    private final Clock clock;
    private final String name;

    SessionCookies(SignInSettings settings, Clock clock) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(settings.sessionKey()), "HmacSHA256");
        this.settings = settings;
        this.clock = clock;
        this.name = settings.localProfile() ? "crosslayer_session" : "__Host-crosslayer_session";
    }

    public String name() {
        return name;
    }

    /**
     * What a valid cookie proves: who the member is, in which tenant, and which of their sessions it belongs to. Not
     * their role: that is the command side's, read with the session ({@link MemberSessions}).
     */
    public record Claim(TenantId tenantId, String userId, String sessionId) {
    }

    /** When a session that starts now ends. */
    Instant expiryFromNow() {
        return Instant.ofEpochSecond(clock.instant().plus(settings.sessionTtl()).getEpochSecond());
    }

    ResponseCookie issue(TenantId tenant, String userId, String sessionId, Instant expiry) {
        String body = String.join(".", VERSION, tenant.value(),
                B64.encodeToString(userId.getBytes(StandardCharsets.UTF_8)),
                Long.toString(expiry.getEpochSecond()), sessionId);
        return cookie(body + "." + B64.encodeToString(mac(body))).maxAge(settings.sessionTtl()).build();
    }

    public ResponseCookie clear() {
        return cookie("").maxAge(0).build();
    }

    /**
     * What a cookie claims, or empty if it is absent, forged, malformed or expired. Whether the session
     * is still signed in is {@link MemberSessions}' question.
     */
    public Optional<Claim> verify(HttpCookie cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        String value = cookie.getValue();
        int lastDot = value.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String body = value.substring(0, lastDot);
        // The MAC is compared as the exact text this class writes (unpadded base64url), not as decoded
        // bytes: a decoder forgives padding and stray low bits, so one MAC would have several spellings.
        byte[] claimed = value.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(claimed, B64.encodeToString(mac(body)).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            String[] parts = body.split("\\.", -1);
            if (parts.length != 5 || !VERSION.equals(parts[0]) || parts[4].isEmpty()) {
                return Optional.empty();
            }
            if (clock.instant().isAfter(Instant.ofEpochSecond(Long.parseLong(parts[3])))) {
                return Optional.empty();
            }
            return Optional.of(new Claim(new TenantId(parts[1]),
                    new String(B64D.decode(parts[2]), StandardCharsets.UTF_8), parts[4]));
        } catch (IllegalArgumentException malformed) {
            // Base64, number or tenant id that does not parse: not a cookie we issued.
            return Optional.empty();
        }
    }

    private ResponseCookie.ResponseCookieBuilder cookie(String value) {
        return ResponseCookie.from(name, value)
                .httpOnly(true)
                .secure(!settings.localProfile())
                .sameSite("Lax")
                .path("/");
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
