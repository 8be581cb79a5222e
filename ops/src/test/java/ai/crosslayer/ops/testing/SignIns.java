package ai.crosslayer.ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in through HTTP, as a browser does, for the whole-system tests. */
public final class SignIns {

    private SignIns() {
    }

    /** The local profile's dev sign-in; answers the session cookie's value. */
    public static String devLogin(WebTestClient http, String email) {
        return sessionOf(http.post().uri("/auth/dev-login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", email)).exchange());
    }

    /** A successful sign-in's answer: 303 to who-am-I, with an HttpOnly, SameSite=Lax session cookie. */
    public static String sessionOf(WebTestClient.ResponseSpec response) {
        EntityExchangeResult<Void> result = response.expectStatus().isSeeOther()
                .expectHeader().location("/api/me")
                .expectBody().isEmpty();
        ResponseCookie session = result.getResponseCookies().getFirst("crosslayer_session");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        return session.getValue();
    }

    /**
     * A client that sends every request as the member of {@code session}, as their browser would: the one place
     * a whole-system test attaches a session (and whatever a signed-in browser's request must carry with it).
     */
    public static WebTestClient as(WebTestClient http, String session) {
        return http.mutate().defaultCookie("crosslayer_session", session).build();
    }

    public static JsonNode me(WebTestClient http, String session) {
        return http.get().uri("/api/me").cookie("crosslayer_session", session).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
