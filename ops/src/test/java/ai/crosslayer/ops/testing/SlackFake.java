package ai.crosslayer.ops.testing;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Slack Web API speaking Slack's wire format (form-encoded requests under {@code /api/},
 * {@code {"ok": ...}} JSON answers, bearer tokens): {@code oauth.v2.access} (single-use codes),
 * {@code auth.test} and {@code auth.revoke}; posting with message metadata, and reading it back with
 * {@code conversations.history} and {@code .replies}. The service's Slack SDK is pointed here with
 * {@code CROSSLAYER_SLACK_API_URL}. Tokens it hands out are random, so tests can search for them.
 */
public final class SlackFake extends LocalHttpFake {

    public static final String CLIENT_ID = "slack-test-client";
    public static final String CLIENT_SECRET = "slack-test-client-secret";
    public static final String SIGNING_SECRET = "slack-test-signing-secret";

    /** A workspace a code installs into. */
    public record Team(String id, String name, String botUserId) {
    }

    private final Map<String, Team> codes = new ConcurrentHashMap<>();
    private final Map<String, Team> liveTokens = new ConcurrentHashMap<>();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final List<String> revokedTokens = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger revokeFailuresLeft = new AtomicInteger();
    private final Map<String, List<String>> threads = new ConcurrentHashMap<>();
    private final Map<String, String> people = new ConcurrentHashMap<>();
    private final Set<String> admins = ConcurrentHashMap.newKeySet();
    private final List<Post> whispers = new CopyOnWriteArrayList<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<Post> updates = new CopyOnWriteArrayList<>();
    private final AtomicInteger postRateLimitsLeft = new AtomicInteger();
    private final AtomicInteger postFailuresLeft = new AtomicInteger();
    /** The channel the scripted 429s and failures apply to ({@code null}: any). */
    private volatile String troubledChannel;
    private final AtomicInteger nextTs = new AtomicInteger(100);
    private final Map<String, Instant> rateLimitedUntil = new ConcurrentHashMap<>();
    private volatile Duration postAnswerDelay = Duration.ZERO;
    private volatile String lastCode;

    /**
     * A message the bot posted (chat.postMessage) or replaced (chat.update); {@code metadata} is the message
     * metadata it was posted with (JSON, as sent), or null.
     */
    public record Post(String channel, String ts, String threadTs, String text, String blocks, String metadata) {
        public Post(String channel, String ts, String threadTs, String text, String blocks) {
            this(channel, ts, threadTs, text, blocks, null);
        }
    }

    /** chat.postMessage in {@code channel} answers 429 until {@code until}, with the seconds left as Retry-After. */
    public void rateLimitPostsIn(String channel, Instant until) {
        rateLimitedUntil.put(channel, until);
    }

    /**
     * chat.postMessage takes the message (it is in the channel) but answers only after {@code delay}: longer than
     * the client waits, the poster cannot know it was posted.
     */
    public void answerPostsAfter(Duration delay) {
        postAnswerDelay = delay;
    }

    /** The Web API base, as CROSSLAYER_SLACK_API_URL. */
    public String apiUrl() {
        return url() + "/api/";
    }

    /** The next exchange of {@code code} installs the app into {@code team}, with a new bot token. */
    public void willInstall(String code, Team team) {
        codes.put(code, team);
        lastCode = code;
    }

    /**
     * Slack's authorize page, for a browser (set as {@code crosslayer.slack.authorize-url}): it approves at once,
     * redirecting to the {@code redirect_uri} with the last code given to {@link #willInstall} and the {@code state}.
     */
    public String authorizeUrl() {
        return url() + "/oauth/v2/authorize";
    }

    /**
     * The thread {@code threadTs} of {@code channel}, as conversations.replies returns it: each message a JSON
     * object such as {@code {"user":"U1","text":"…","ts":"…"}} (a bot's carries {@code bot_id}).
     */
    public void thread(String channel, String threadTs, List<String> messages) {
        threads.put(channel + "/" + threadTs, messages);
    }

    /** users.info answers this display name for {@code userId}. */
    public void person(String userId, String displayName) {
        people.put(userId, displayName);
    }

    /** users.info calls {@code userId} a workspace admin. */
    public void admin(String userId, String displayName) {
        people.put(userId, displayName);
        admins.add(userId);
    }

    /** Ephemeral messages (chat.postEphemeral), each with the one user who sees it in place of a thread ts. */
    public List<Post> whispers() {
        return whispers;
    }

    /** The next {@code count} calls of chat.postMessage answer 429 with {@code Retry-After: 1}. */
    public void rateLimitPosts(int count) {
        postRateLimitsLeft.set(count);
    }

    /** The next {@code count} calls of chat.postMessage answer HTTP 500 (-1: every one until set to 0). */
    public void failPosts(int count) {
        postFailuresLeft.set(count);
    }

    /** Scripted 429s and failures of chat.postMessage apply to {@code channel} only from now on ({@code null}: any). */
    public void troubleOnlyIn(String channel) {
        troubledChannel = channel;
    }

    public List<Post> posts() {
        return posts;
    }

    public List<Post> updates() {
        return updates;
    }

    /** The next {@code count} calls of auth.revoke answer HTTP 500. */
    public void failRevokes(int count) {
        revokeFailuresLeft.set(count);
    }

    public List<String> issuedTokens() {
        return issuedTokens;
    }

    public List<String> revokedTokens() {
        return revokedTokens;
    }

    /** Every Web API method called, in order ("auth.revoke", ...). */
    public List<String> calls() {
        return calls;
    }

    @Override
    MockResponse answer(RecordedRequest request) {
        if (request.getPath() != null && request.getPath().startsWith("/oauth/v2/authorize?")) {
            var query = request.getRequestUrl();
            return new MockResponse().setResponseCode(302).setHeader("Location", query.queryParameter("redirect_uri")
                    + "?code=" + lastCode + "&state=" + java.net.URLEncoder.encode(query.queryParameter("state"),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        String method = request.getPath() == null ? "" : request.getPath().replaceFirst("^/api/", "").replaceFirst("\\?.*", "");
        calls.add(method);
        Map<String, String> form = form(request.getBody().readUtf8());
        String bearer = String.valueOf(request.getHeader("Authorization")).replaceFirst("^Bearer ", "");
        return switch (method) {
            case "oauth.v2.access" -> {
                // Slack takes the client's credentials as HTTP Basic auth (what the SDK sends) or as form fields.
                String basic = "Basic " + Base64.getEncoder().encodeToString(
                        (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
                boolean client = basic.equals(request.getHeader("Authorization"))
                        || (CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret")));
                if (!client) {
                    yield ok(false, "\"error\":\"invalid_client_id\"");
                }
                Team team = codes.remove(String.valueOf(form.get("code")));
                if (team == null) {
                    yield ok(false, "\"error\":\"invalid_code\"");
                }
                String token = "xoxb-test-" + UUID.randomUUID();
                issuedTokens.add(token);
                liveTokens.put(token, team);
                yield ok(true, """
                        "access_token":"%s","token_type":"bot",\
                        "scope":"app_mentions:read,channels:history,chat:write,commands,users:read",\
                        "bot_user_id":"%s","app_id":"A0TESTAPP","team":{"name":"%s","id":"%s"},\
                        "enterprise":null,"authed_user":{"id":"U0INSTALLER"},"is_enterprise_install":false"""
                        .formatted(token, team.botUserId(), team.name(), team.id()));
            }
            case "auth.test" -> {
                Team team = liveTokens.get(bearer);
                yield team == null ? ok(false, "\"error\":\"invalid_auth\"") : ok(true, """
                        "url":"https://%s.slack.test/","team":"%s","user":"crosslayer","team_id":"%s",\
                        "user_id":"%s","bot_id":"B0TESTBOT","is_enterprise_install":false"""
                        .formatted(team.id().toLowerCase(), team.name(), team.id(), team.botUserId()));
            }
            case "auth.revoke" -> {
                if (revokeFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    yield new MockResponse().setResponseCode(500).setBody("internal error");
                }
                if (liveTokens.remove(bearer) == null) {
                    yield ok(false, "\"error\":\"invalid_auth\"");
                }
                revokedTokens.add(bearer);
                yield ok(true, "\"revoked\":true");
            }
            case "conversations.replies" -> {
                if (!liveTokens.containsKey(bearer)) {
                    yield ok(false, "\"error\":\"invalid_auth\"");
                }
                List<String> messages = new ArrayList<>(threads.getOrDefault(form.get("channel") + "/" + form.get("ts"), List.of()));
                // The bot's own posts in the thread are part of it, with their metadata (include_all_metadata).
                posts.stream().filter(post -> post.channel().equals(form.get("channel")) && form.get("ts").equals(post.threadTs()))
                        .map(SlackFake::asMessage).forEach(messages::add);
                yield ok(true, "\"messages\":[" + String.join(",", messages) + "],\"has_more\":false");
            }
            case "conversations.history" -> {
                if (!liveTokens.containsKey(bearer)) {
                    yield ok(false, "\"error\":\"invalid_auth\"");
                }
                double oldest = form.get("oldest") == null ? 0 : Double.parseDouble(form.get("oldest"));
                List<String> messages = posts.stream()
                        .filter(post -> post.channel().equals(form.get("channel")) && post.threadTs() == null)
                        .filter(post -> Double.parseDouble(post.ts()) >= oldest)
                        .map(SlackFake::asMessage).toList();
                yield ok(true, "\"messages\":[" + String.join(",", messages) + "],\"has_more\":false");
            }
            case "chat.getPermalink" -> liveTokens.containsKey(bearer)
                    ? ok(true, "\"channel\":\"%s\",\"permalink\":\"https://slack.test/archives/%s/p%s\""
                    .formatted(form.get("channel"), form.get("channel"), String.valueOf(form.get("message_ts")).replace(".", "")))
                    : ok(false, "\"error\":\"invalid_auth\"");
            case "chat.postMessage" -> {
                if (!liveTokens.containsKey(bearer)) {
                    yield ok(false, "\"error\":\"invalid_auth\"");
                }
                // Rate limited first (429 with Retry-After), then failing for a while (500), as the tests script it.
                boolean troubled = troubledChannel == null || troubledChannel.equals(form.get("channel"));
                if (troubled && postRateLimitsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    yield json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").setHeader("Retry-After", "1");
                }
                if (troubled && postFailuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
                    yield json(500, "internal error");
                }
                Instant limitedUntil = rateLimitedUntil.get(form.get("channel"));
                if (limitedUntil != null && Instant.now().isBefore(limitedUntil)) {
                    long seconds = Math.max(1, Duration.between(Instant.now(), limitedUntil).toSeconds());
                    yield json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").setHeader("Retry-After", String.valueOf(seconds));
                }
                String ts = (Instant.now().getEpochSecond()) + "." + String.format("%06d", nextTs.incrementAndGet());
                posts.add(new Post(form.get("channel"), ts, form.get("thread_ts"), form.get("text"), form.get("blocks"),
                        form.get("metadata")));
                MockResponse posted = ok(true, "\"channel\":\"%s\",\"ts\":\"%s\",\"message\":{\"type\":\"message\",\"ts\":\"%s\"}"
                        .formatted(form.get("channel"), ts, ts));
                Duration delay = postAnswerDelay;
                yield delay.isZero() ? posted : posted.setHeadersDelay(delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            case "chat.update" -> {
                if (!liveTokens.containsKey(bearer)) {
                    yield ok(false, "\"error\":\"invalid_auth\"");
                }
                updates.add(new Post(form.get("channel"), form.get("ts"), null, form.get("text"), form.get("blocks")));
                yield ok(true, "\"channel\":\"%s\",\"ts\":\"%s\"".formatted(form.get("channel"), form.get("ts")));
            }
            case "users.info" -> {
                String user = form.get("user");
                String name = people.get(user);
                yield !liveTokens.containsKey(bearer) ? ok(false, "\"error\":\"invalid_auth\"")
                        : name == null ? ok(false, "\"error\":\"user_not_found\"")
                        : ok(true, "\"user\":{\"id\":\"%s\",\"name\":\"%s\",\"real_name\":\"%s\",\"is_admin\":%s,\"is_owner\":false,\"profile\":{\"display_name\":\"%s\",\"real_name\":\"%s\"}}"
                        .formatted(user, user.toLowerCase(), name, admins.contains(user), name, name));
            }
            case "chat.postEphemeral" -> {
                if (!liveTokens.containsKey(bearer)) {
                    yield ok(false, "\"error\":\"invalid_auth\"");
                }
                whispers.add(new Post(form.get("channel"), null, form.get("user"), form.get("text"), null));
                yield ok(true, "\"message_ts\":\"1764500000.999999\"");
            }
            default -> ok(false, "\"error\":\"unknown_method\"");
        };
    }

    /** A post as conversations.history and .replies show it: from the bot, with its metadata. */
    private static String asMessage(Post post) {
        return "{\"type\":\"message\",\"bot_id\":\"B0TESTBOT\",\"text\":" + quote(post.text()) + ",\"ts\":\"" + post.ts() + "\""
                + (post.threadTs() == null ? "" : ",\"thread_ts\":\"" + post.threadTs() + "\"")
                + (post.metadata() == null ? "" : ",\"metadata\":" + post.metadata()) + "}";
    }

    private static String quote(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static MockResponse ok(boolean ok, String rest) {
        return json(200, "{\"ok\":" + ok + (rest.isEmpty() ? "" : "," + rest) + "}");
    }

}
