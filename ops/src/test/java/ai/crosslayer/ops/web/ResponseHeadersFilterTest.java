package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 item 6. */
class ResponseHeadersFilterTest {

    private final ResponseHeadersFilter filter = new ResponseHeadersFilter();

    @Test
    void everyResponseForbidsSniffingAndApiResponsesAreNotStored() {
        HttpHeaders api = respond("/api/skills", MediaType.APPLICATION_JSON);
        assertThat(api.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.getCacheControl()).isEqualTo("no-store");
        HttpHeaders signIn = respond("/auth/logout", null);
        assertThat(signIn.getCacheControl()).isEqualTo("no-store");
        HttpHeaders probe = respond("/actuator/health/liveness", MediaType.APPLICATION_JSON);
        assertThat(probe.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(probe.getCacheControl()).isNull();
    }

    @Test
    void htmlGetsAStrictContentSecurityPolicyWithoutInlineScript() {
        String policy = respond("/dashboard", MediaType.parseMediaType("text/html;charset=UTF-8"))
                .getFirst("Content-Security-Policy");
        assertThat(policy).isEqualTo(ResponseHeadersFilter.HTML_POLICY)
                .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void anythingElseMayNotRunOrLoadAnythingInAPage() {
        assertThat(respond("/api/skills/x/skill.md", MediaType.parseMediaType("text/markdown;charset=UTF-8"))
                .getFirst("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'; sandbox");
    }

    private HttpHeaders respond(String path, MediaType type) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("https://crosslayer.test" + path));
        filter.filter(exchange, e -> {
            if (type != null) {
                e.getResponse().getHeaders().setContentType(type);
            }
            return e.getResponse().writeWith(Mono.just(e.getResponse().bufferFactory()
                    .wrap("body".getBytes(StandardCharsets.UTF_8))));
        }).block();
        return exchange.getResponse().getHeaders();
    }
}
