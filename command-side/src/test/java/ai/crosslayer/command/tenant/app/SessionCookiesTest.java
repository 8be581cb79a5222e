package ai.crosslayer.command.tenant.app;

import ai.crosslayer.command.support.SignInSettings;
import ai.crosslayer.kernel.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCookiesTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another key of thirty-two bytes!".getBytes());
    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    private static final String SESSION_ID = "c2Vzc2lvbi1pZC1vZi1hZGEtd2hpY2gtaXMtcmFuZG9tLWluLXRoZS1zZXJ2aWNl";
    private static final SessionCookies.Claim ADA =
            new SessionCookies.Claim(new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f"), "user_ada", SESSION_ID);

    @Test
    void aCookieItIssuedProvesTheMemberAndTheSession() {
        SessionCookies sessions = sessions(KEY, false, NOW);
        assertThat(sessions.verify(asRequestCookie(issue(sessions, ADA))))
                .contains(ADA);
    }

    @Test
    void theMacIsAcceptedInExactlyOneEncoding() {
        // Issue 12 item 4: padding, standard base64 or altered unused low bits spell the same MAC bytes.
        SessionCookies sessions = sessions(KEY, false, NOW);
        String value = issue(sessions, ADA).getValue();
        int lastDot = value.lastIndexOf('.');
        String body = value.substring(0, lastDot);
        String mac = value.substring(lastDot + 1);
        assertThat(mac).hasSize(43);
        // The last of 43 characters carries 4 bits of the MAC and 2 unused bits a decoder ignores.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(mac.charAt(42));
        String[] respellings = {
                body + "." + mac + "=",
                body + "." + mac.replace('-', '+').replace('_', '/'),
                body + "." + mac.substring(0, 42) + alphabet.charAt(last ^ 1),
                body + "." + mac.substring(0, 42) + alphabet.charAt(last ^ 2),
                body + "." + " " + mac,
        };
        for (String respelled : respellings) {
            if (!respelled.equals(value)) {
                assertThat(sessions.verify(new HttpCookie(sessions.name(), respelled))).as(respelled).isEmpty();
            }
        }
        assertThat(sessions.verify(new HttpCookie(sessions.name(), value))).isPresent();
    }

    @Test
    void aCookieOfTheFirstFormatWithoutASessionIdIsRefusedEvenWhenCorrectlySigned() throws Exception {
        SessionCookies sessions = sessions(KEY, false, NOW);
        String body = "v1." + ADA.tenantId().value() + ".dXNlcl9hZGE." + NOW.plusSeconds(600).getEpochSecond();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(KEY), "HmacSHA256"));
        String v1 = body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes()));
        assertThat(sessions.verify(new HttpCookie(sessions.name(), v1))).isEmpty();
    }

    @Test
    void outsideTheLocalProfileTheCookieIsSecureHostOnlyHttpOnlyAndLax() {
        ResponseCookie cookie = issue(sessions(KEY, false, NOW), ADA);
        assertThat(cookie.getName()).isEqualTo("__Host-crosslayer_session");
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getDomain()).isNull();
    }

    @Test
    void theLocalProfileDropsSecureSoThatPlainHttpOnALaptopWorks() {
        ResponseCookie cookie = issue(sessions(KEY, true, NOW), ADA);
        assertThat(cookie.isSecure()).isFalse();
        assertThat(cookie.isHttpOnly()).isTrue();
    }

    @Test
    void aCookieSignedWithAnotherKeyIsRefused() {
        ResponseCookie forged = issue(sessions(OTHER_KEY, false, NOW), ADA);
        assertThat(sessions(KEY, false, NOW).verify(asRequestCookie(forged))).isEmpty();
    }

    @Test
    void aCookieWhoseTenantWasChangedIsRefused() {
        SessionCookies sessions = sessions(KEY, false, NOW);
        String value = issue(sessions, ADA).getValue()
                .replace("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f", "00000000-0000-4000-8000-000000000000");
        assertThat(sessions.verify(new HttpCookie(sessions.name(), value))).isEmpty();
    }

    @Test
    void anExpiredCookieIsRefused() {
        ResponseCookie cookie = issue(sessions(KEY, false, NOW), ADA);
        SessionCookies later = sessions(KEY, false, NOW.plus(Duration.ofHours(12)).plusSeconds(1));
        assertThat(later.verify(asRequestCookie(cookie))).isEmpty();
    }

    @Test
    void garbageIsRefusedWithoutAnError() {
        SessionCookies sessions = sessions(KEY, false, NOW);
        for (String garbage : new String[]{"", ".", "v1", "v1.x.y.z.w", "a.b.c.d.!!!", "v1.not-a-tenant.dXNlcg.99.AAAA",
                "v2.not-a-tenant.dXNlcg.99.sid.AAAA", "v2....."}) {
            assertThat(sessions.verify(new HttpCookie(sessions.name(), garbage))).as(garbage).isEmpty();
        }
        assertThat(sessions.verify(null)).isEmpty();
    }

    private static ResponseCookie issue(SessionCookies sessions, SessionCookies.Claim claim) {
        return sessions.issue(claim.tenantId(), claim.userId(), claim.sessionId(), sessions.expiryFromNow());
    }

    private static HttpCookie asRequestCookie(ResponseCookie cookie) {
        return new HttpCookie(cookie.getName(), cookie.getValue());
    }

    private static SessionCookies sessions(String key, boolean local, Instant now) {
        SignInSettings settings = new SignInSettings(URI.create("https://crosslayer.test"), key,
                Duration.ofHours(12), local, null);
        return new SessionCookies(settings, Clock.fixed(now, ZoneOffset.UTC));
    }
}
