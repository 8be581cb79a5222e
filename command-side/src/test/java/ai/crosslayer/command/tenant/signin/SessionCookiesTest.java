package ai.crosslayer.command.tenant.signin;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.SignedInMember;
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
    private static final SignedInMember ADA =
            new SignedInMember(new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f"), "user_ada");

    @Test
    void aCookieItIssuedProvesTheMember() {
        SessionCookies sessions = sessions(KEY, false, NOW);
        assertThat(sessions.verify(asRequestCookie(sessions.issue(ADA)))).contains(ADA);
    }

    @Test
    void outsideTheLocalProfileTheCookieIsSecureHostOnlyHttpOnlyAndLax() {
        ResponseCookie cookie = sessions(KEY, false, NOW).issue(ADA);
        assertThat(cookie.getName()).isEqualTo("__Host-crosslayer_session");
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getDomain()).isNull();
    }

    @Test
    void theLocalProfileDropsSecureSoThatPlainHttpOnALaptopWorks() {
        ResponseCookie cookie = sessions(KEY, true, NOW).issue(ADA);
        assertThat(cookie.isSecure()).isFalse();
        assertThat(cookie.isHttpOnly()).isTrue();
    }

    @Test
    void aCookieSignedWithAnotherKeyIsRefused() {
        ResponseCookie forged = sessions(OTHER_KEY, false, NOW).issue(ADA);
        assertThat(sessions(KEY, false, NOW).verify(asRequestCookie(forged))).isEmpty();
    }

    @Test
    void aCookieWhoseTenantWasChangedIsRefused() {
        SessionCookies sessions = sessions(KEY, false, NOW);
        String value = sessions.issue(ADA).getValue()
                .replace("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f", "00000000-0000-4000-8000-000000000000");
        assertThat(sessions.verify(new HttpCookie(sessions.name(), value))).isEmpty();
    }

    @Test
    void anExpiredCookieIsRefused() {
        ResponseCookie cookie = sessions(KEY, false, NOW).issue(ADA);
        SessionCookies later = sessions(KEY, false, NOW.plus(Duration.ofHours(12)).plusSeconds(1));
        assertThat(later.verify(asRequestCookie(cookie))).isEmpty();
    }

    @Test
    void garbageIsRefusedWithoutAnError() {
        SessionCookies sessions = sessions(KEY, false, NOW);
        for (String garbage : new String[]{"", ".", "v1", "v1.x.y.z.w", "a.b.c.d.!!!", "v1.not-a-tenant.dXNlcg.99.AAAA"}) {
            assertThat(sessions.verify(new HttpCookie(sessions.name(), garbage))).as(garbage).isEmpty();
        }
        assertThat(sessions.verify(null)).isEmpty();
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
