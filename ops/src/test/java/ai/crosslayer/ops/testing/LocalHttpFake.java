package ai.crosslayer.ops.testing;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What every local fake of an outside service shares: an HTTP server on a free port that hands each
 * request to {@link #answer}, and the small wire-format helpers (form bodies, JSON answers).
 */
abstract class LocalHttpFake implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();

    LocalHttpFake() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    return answer(request);
                } catch (IOException e) {
                    return json(400, "{\"error\":\"malformed request\"}");
                }
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fake's answer to one request, in the real service's wire format. */
    abstract MockResponse answer(RecordedRequest request) throws IOException;

    /** The base URL, without a trailing slash. */
    public String url() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body);
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body. */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
