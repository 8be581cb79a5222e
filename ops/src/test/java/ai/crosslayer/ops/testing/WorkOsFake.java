package ai.crosslayer.ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local WorkOS that speaks AuthKit's code exchange ({@code POST /user_management/authenticate}) as
 * WorkOS documents it: it checks the client id and API key, answers a known code with the user (and
 * organization), and an unknown code with {@code 400 invalid_grant}.
 */
public final class WorkOsFake extends LocalHttpFake {

    public static final String CLIENT_ID = "client_test_crosslayer";
    public static final String API_KEY = "workos-test-api-key";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final List<String> exchangedCodes = new CopyOnWriteArrayList<>();

    /** The next exchange of {@code code} signs in this user, through this organization (may be null). */
    public void willAuthenticate(String code, String userId, String email, boolean verified, String organizationId) {
        String organization = organizationId == null ? "null" : "\"" + organizationId + "\"";
        codes.put(code, """
                {"user":{"object":"user","id":"%s","email":"%s","email_verified":%s,"first_name":"Test",
                "last_name":"User","profile_picture_url":null,"created_at":"2026-11-01T09:00:00.000Z",
                "updated_at":"2026-11-01T09:00:00.000Z"},
                "organization_id":%s,"access_token":"eyJ.test.access","refresh_token":"test-refresh",
                "authentication_method":"GoogleOAuth"}""".formatted(userId, email, verified, organization));
    }

    public List<String> exchangedCodes() {
        return exchangedCodes;
    }

    @Override
    MockResponse answer(RecordedRequest request) {
        if (!"POST".equals(request.getMethod()) || !"/user_management/authenticate".equals(request.getPath())) {
            return new MockResponse().setResponseCode(404);
        }
        try {
            JsonNode body = json.readTree(request.getBody().readUtf8());
            if (!CLIENT_ID.equals(body.path("client_id").asText()) || !API_KEY.equals(body.path("client_secret").asText())
                    || !"authorization_code".equals(body.path("grant_type").asText())) {
                return error(401, "invalid_client", "Invalid client secret.");
            }
            String code = body.path("code").asText();
            exchangedCodes.add(code);
            String user = codes.remove(code);
            return user == null
                    ? error(400, "invalid_grant", "The code '" + code + "' has expired or is invalid.")
                    : new MockResponse().setHeader("Content-Type", "application/json").setBody(user);
        } catch (IOException e) {
            return error(400, "invalid_request", "Malformed JSON.");
        }
    }

    private static MockResponse error(int status, String error, String description) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }
}
