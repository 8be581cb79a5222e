package ai.crosslayer.ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A local GitHub speaking GitHub's wire formats: the web host's OAuth code exchange
 * ({@code POST /login/oauth/access_token}, single-use codes, errors as 200 with {@code error}), and the
 * REST API's {@code GET /user}, {@code GET /user/repos}, {@code GET /repos/{owner}/{repo}},
 * {@code GET /repos/{owner}/{repo}/contents/{path}} and {@code DELETE /applications/{client_id}/token}.
 * One server plays both hosts (CROSSLAYER_GITHUB_WEB_URL and CROSSLAYER_GITHUB_API_URL).
 */
public final class GitHubFake extends LocalHttpFake {

    public static final String CLIENT_ID = "Iv1.testclient";
    public static final String CLIENT_SECRET = "github-test-client-secret";

    /** A GitHub user a code authorizes, and the repositories (full names) they can see. */
    public record User(long id, String login, List<String> repositories) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, User> codes = new ConcurrentHashMap<>();
    private final Map<String, User> liveTokens = new ConcurrentHashMap<>();
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final List<String> deletedTokens = new CopyOnWriteArrayList<>();
    private final List<String> fileReads = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger deleteFailuresLeft = new AtomicInteger();

    public void willAuthorize(String code, User user) {
        codes.put(code, user);
    }

    /** {@code fullName}'s file {@code path} holds {@code text}. */
    public void file(String fullName, String path, String text) {
        files.put(fullName + ":" + path, text);
    }

    /** The next {@code count} token deletions answer HTTP 500; -1 for every one from now on. */
    public void failDeletes(int count) {
        deleteFailuresLeft.set(count);
    }

    public List<String> issuedTokens() {
        return issuedTokens;
    }

    public List<String> deletedTokens() {
        return deletedTokens;
    }

    /** How many conditional contents requests were answered 304 Not Modified. */
    public int notModified() {
        return notModified.get();
    }

    /** Every contents read, as "owner/name:path". */
    public List<String> fileReads() {
        return fileReads;
    }

    /** Every request's path as it arrived (still percent-encoded), in order. */
    public List<String> requests() {
        return requests;
    }

    @Override
    MockResponse answer(RecordedRequest request) throws IOException {
        String path = String.valueOf(request.getPath());
        requests.add(path);
        String route = path.replaceFirst("\\?.*", "");
        String method = request.getMethod();
        if ("POST".equals(method) && route.equals("/login/oauth/access_token")) {
            Map<String, String> form = form(request.getBody().readUtf8());
            if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
                return json(200, "{\"error\":\"incorrect_client_credentials\"}");
            }
            User user = codes.remove(String.valueOf(form.get("code")));
            if (user == null) {
                return json(200, "{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect or expired.\"}");
            }
            String token = "ghu_test" + UUID.randomUUID().toString().replace("-", "");
            issuedTokens.add(token);
            liveTokens.put(token, user);
            return json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"\"}");
        }
        if ("DELETE".equals(method) && route.equals("/applications/" + CLIENT_ID + "/token")) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(request.getHeader("Authorization"))) {
                return json(401, "{\"message\":\"Bad credentials\"}");
            }
            int left = deleteFailuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : n);
            if (left != 0) {
                return json(500, "{\"message\":\"Server Error\"}");
            }
            JsonNode body = json.readTree(request.getBody().readUtf8());
            String token = body.path("access_token").asText();
            if (liveTokens.remove(token) == null) {
                return json(404, "{\"message\":\"Not Found\"}");
            }
            deletedTokens.add(token);
            return new MockResponse().setResponseCode(204);
        }
        String authorization = String.valueOf(request.getHeader("Authorization"));
        User user = liveTokens.get(authorization.replaceFirst("^(token|Bearer) ", ""));
        if (user == null) {
            return json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
        }
        if ("GET".equals(method) && route.equals("/user")) {
            return json(200, """
                    {"login":"%s","id":%d,"type":"User","url":"%s/users/%s","html_url":"https://github.test/%s"}"""
                    .formatted(user.login(), user.id(), url(), user.login(), user.login()));
        }
        if ("GET".equals(method) && route.equals("/user/repos")) {
            return json(200, user.repositories().stream().map(this::repository).collect(Collectors.joining(",", "[", "]")));
        }
        if ("GET".equals(method) && route.startsWith("/repos/")) {
            String[] parts = route.substring("/repos/".length()).split("/", 4);
            String fullName = parts[0] + "/" + parts[1];
            if (!user.repositories().contains(fullName)) {
                return json(404, "{\"message\":\"Not Found\"}");
            }
            if (parts.length == 2) {
                return json(200, repository(fullName));
            }
            if (parts.length == 4 && parts[2].equals("contents")) {
                String file = UriUtils.decode(parts[3], StandardCharsets.UTF_8); // GitHub decodes each segment
                fileReads.add(fullName + ":" + file);
                String text = files.get(fullName + ":" + file);
                if (text == null) {
                    return json(404, "{\"message\":\"Not Found\"}");
                }
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                String sha = sha1(bytes);
                String etag = "W/\"" + sha + "\"";
                if (etag.equals(request.getHeader("If-None-Match"))) {
                    notModified.incrementAndGet();
                    return new MockResponse().setResponseCode(304).setHeader("ETag", etag);
                }
                return json(200, """
                        {"type":"file","encoding":"base64","size":%d,"name":"%s","path":"%s","sha":"%s",\
                        "content":"%s","url":"%s/repos/%s/contents/%s","html_url":"https://github.test/%s/blob/main/%s"}"""
                        .formatted(bytes.length, file.replaceFirst(".*/", ""), file, sha,
                                Base64.getMimeEncoder().encodeToString(bytes).replace("\r\n", "\\n"), url(), fullName, file,
                                fullName, file))
                        .setHeader("ETag", etag).setHeader("X-RateLimit-Remaining", "4999");
            }
        }
        return json(404, "{\"message\":\"Not Found\"}");
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String repository(String fullName) {
        long id = Math.abs((long) fullName.hashCode());
        String[] parts = fullName.split("/");
        return """
                {"id":%d,"name":"%s","full_name":"%s","private":true,"owner":{"login":"%s","id":1,"type":"User"},\
                "url":"%s/repos/%s","html_url":"https://github.test/%s","default_branch":"main"}"""
                .formatted(id, parts[1], fullName, parts[0], url(), fullName, fullName);
    }
}
