package ai.crosslayer.ops.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A session's CSRF token: {@code base64url(HMAC-SHA256(CROSSLAYER_SESSION_KEY, "crosslayer-csrf/1:" + cookie))}
 * over the session cookie's value, which holds the session's random id. It is bound to that one session (a new
 * sign-in is a new token), needs no storage, and cannot be made without the key or read without the page: a
 * page of another site sees neither the cookie nor our pages. The prefix keeps it apart from the cookie's own
 * MAC under the same key.
 */
public final class CsrfTokens {

    private static final byte[] DOMAIN = "crosslayer-csrf/1:".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    /** @param sessionKey the base64 of {@code CROSSLAYER_SESSION_KEY} */
    public CsrfTokens(String sessionKey) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "HmacSHA256");
    }

    /** The token of the session whose cookie value is {@code cookie}. */
    public String of(String cookie) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(DOMAIN);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(cookie.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code sent} is exactly the token of {@code cookie}, compared in constant time. */
    boolean matches(String cookie, String sent) {
        return sent != null && MessageDigest.isEqual(of(cookie).getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
    }
}
