package ai.crosslayer.ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Anthropic Messages API ({@code POST /v1/messages}) in Anthropic's wire format: it checks the
 * API key and the {@code anthropic-version} header, records every request body, and answers from a
 * script — a {@code tool_use} of {@code record_skill} with the given input, or an error such as 429 with
 * {@code retry-after} or 529 {@code overloaded_error}. Scripts are kept per conversation (by a marker
 * its text contains), so tests do not depend on each other's order; with nothing scripted for a
 * conversation it answers {@code found=false}.
 */
public final class AnthropicFake extends LocalHttpFake {

    public static final String API_KEY = "anthropic-test-api-key";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ConcurrentLinkedQueue<MockResponse>> scripts = new ConcurrentHashMap<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile MockResponse outage;

    /** Scripts the answers to conversations that contain {@code marker}, in order. */
    public Script on(String marker) {
        return new Script(scripts.computeIfAbsent(marker, m -> new ConcurrentLinkedQueue<>()));
    }

    /** The answers to one conversation, in the order they are given. */
    public final class Script {
        private final ConcurrentLinkedQueue<MockResponse> script;

        private Script(ConcurrentLinkedQueue<MockResponse> script) {
            this.script = script;
        }

    /** The next answer: the model calls record_skill with {@code input}. */
    public Script answers(Map<String, Object> input) {
        try {
            script.add(message(json.writeValueAsString(Map.of("type", "tool_use", "id", "toolu_test_" + counter.incrementAndGet(),
                    "name", "record_skill", "input", input))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The next answer, as {@link #answers}, but only after {@code delay}: a slow model. */
    public Script answersAfter(Duration delay, Map<String, Object> input) {
        answers(input);
        MockResponse last = null;
        for (MockResponse response : script) {
            last = response;
        }
        last.setHeadersDelay(delay.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The next answer: the model writes text instead of calling the tool. */
    public Script answersText(String text) {
        try {
            script.add(message(json.writeValueAsString(Map.of("type", "text", "text", text))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The next answer: an API error, as Anthropic sends them. */
    public Script fails(int status, String errorType, String retryAfterSeconds) {
        MockResponse response = json(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + errorType
                + "\",\"message\":\"test " + errorType + "\"}}");
        if (retryAfterSeconds != null) {
            response.setHeader("retry-after", retryAfterSeconds);
        }
        script.add(response);
        return this;
    }
    }

    /** Every request answers 500 until {@link #recover()}: Anthropic is down. */
    public void goDown() {
        outage = json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}");
    }

    public void recover() {
        outage = null;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    @Override
    MockResponse answer(RecordedRequest request) throws IOException {
        if (!"POST".equals(request.getMethod()) || !"/v1/messages".equals(request.getPath())) {
            return json(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no such route\"}}");
        }
        // The key comes as x-api-key, or (what SDK 3.14 sends) as a bearer token.
        boolean authorized = API_KEY.equals(request.getHeader("x-api-key"))
                || ("Bearer " + API_KEY).equals(request.getHeader("Authorization"));
        if (!authorized || request.getHeader("anthropic-version") == null) {
            return json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
        }
        JsonNode body = json.readTree(request.getBody().readUtf8());
        requests.add(body);
        MockResponse down = outage;
        if (down != null) {
            return down;
        }
        String conversation = body.path("messages").toString();
        for (Map.Entry<String, ConcurrentLinkedQueue<MockResponse>> script : scripts.entrySet()) {
            if (conversation.contains(script.getKey())) {
                MockResponse next = script.getValue().poll();
                if (next != null) {
                    return next;
                }
            }
        }
        return message("{\"type\":\"tool_use\",\"id\":\"toolu_default\",\"name\":\"record_skill\",\"input\":{\"found\":false}}");
    }

    private static MockResponse message(String contentBlock) {
        return json(200, """
                {"id":"msg_test","type":"message","role":"assistant","model":"claude-sonnet-4-5",\
                "content":[%s],"stop_reason":"tool_use","stop_sequence":null,\
                "usage":{"input_tokens":120,"output_tokens":60}}""".formatted(contentBlock));
    }
}
