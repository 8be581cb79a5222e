package ai.crosslayer.command.tenant.signin;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.SignedInMember;
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
 * The session cookie: {@code v1.<tenant>.<user>.<expiry>.<HMAC-SHA256>}, signed with the session key.
 * It carries no secret, only who the caller is and until when; anything altered fails the MAC.
 * Outside the local profile it is {@code Secure} and {@code __Host-} prefixed (so no subdomain can
 * set or read it); always {@code HttpOnly} and {@code SameSite=Lax}.
 */
@Component
public class SessionCookies {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

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

    ResponseCookie issue(SignedInMember member) {
        Instant expiry = clock.instant().plus(settings.sessionTtl());
        String body = String.join(".", "v1", member.tenantId().value(),
                B64.encodeToString(member.userId().getBytes(StandardCharsets.UTF_8)),
                Long.toString(expiry.getEpochSecond()));
        return cookie(body + "." + B64.encodeToString(mac(body))).maxAge(settings.sessionTtl()).build();
    }

    ResponseCookie clear() {
        return cookie("").maxAge(0).build();
    }

    /** The member a cookie proves, or empty if it is absent, forged, malformed or expired. */
    public Optional<SignedInMember> verify(HttpCookie cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        String value = cookie.getValue();
        int lastDot = value.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String body = value.substring(0, lastDot);
        try {
            byte[] claimed = B64D.decode(value.substring(lastDot + 1));
            if (!MessageDigest.isEqual(claimed, mac(body))) {
                return Optional.empty();
            }
            String[] parts = body.split("\\.");
            if (parts.length != 4 || !"v1".equals(parts[0])) {
                return Optional.empty();
            }
            if (clock.instant().isAfter(Instant.ofEpochSecond(Long.parseLong(parts[3])))) {
                return Optional.empty();
            }
            return Optional.of(new SignedInMember(new TenantId(parts[1]),
                    new String(B64D.decode(parts[2]), StandardCharsets.UTF_8)));
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
