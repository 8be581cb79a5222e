package ai.crosslayer.command.provider.slack;

import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.kernel.integration.SecretToken;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import com.slack.api.model.Message;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Slack Web API calls integrations make, through the official SDK pointed at {@code crosslayer.slack.api-url}.
 * Every failure becomes a {@link ProviderCallFailed} naming the method and Slack's answer, never a token.
 */
@Component
public class SlackWebApi {

    /** What an install gives: the workspace, the bot, the scopes granted and the bot token. */
    public record Install(String teamId, String teamName, String botUserId, List<String> scopes, SecretToken token) {
    }

    private final Slack slack;
    private final SlackSettings settings;
    /** How many pages (of 200 messages) a lookup reads at most before it calls the post not found. */
    private static final int LOOKUP_PAGES = 5;
    private final Map<String, CachedPerson> people = new ConcurrentHashMap<>();
    /** About one message a second per channel, as Slack asks; a caller waits up to 10 s for its turn. */
    private final RateLimiterRegistry perChannel = RateLimiterRegistry.of(RateLimiterConfig.custom()
            .limitForPeriod(1).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofSeconds(10)).build());
    /** A 429 is retried after its Retry-After (capped at a minute), three times at most. */
    private final Retry rateLimited = Retry.of("slack-web-api", RetryConfig.<Object>custom()
            .maxAttempts(3)
            .retryExceptions(SlackRateLimited.class)
            .intervalBiFunction((attempt, outcome) -> outcome.isLeft() && outcome.getLeft() instanceof SlackRateLimited limited
                    ? limited.retryAfter().toMillis() : 1000L)
            .build());

    public SlackWebApi(SlackSettings settings) {
        this.settings = settings;
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.methodsPrefix());
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        config.setHttpClientReadTimeoutMillis(timeout);
        config.setHttpClientWriteTimeoutMillis(timeout);
        config.setHttpClientCallTimeoutMillis(timeout);
        this.slack = Slack.getInstance(config);
    }

    /** {@code oauth.v2.access}, then {@code auth.test} with the new token: an install Slack stands behind. */
    public Install install(String code, URI redirectUri) {
        OAuthV2AccessResponse access = call("oauth.v2.access", () -> slack.methods().oauthV2Access(r -> r
                .clientId(settings.clientId()).clientSecret(settings.clientSecret())
                .code(code).redirectUri(redirectUri.toString())));
        if (access.getAccessToken() == null || access.getTeam() == null || !"bot".equals(access.getTokenType())) {
            throw new ProviderCallFailed("Slack's oauth.v2.access gave no bot token for a workspace");
        }
        SecretToken token = new SecretToken(access.getAccessToken());
        AuthTestResponse test = call("auth.test", () -> slack.methods(token.reveal()).authTest(r -> r));
        if (!access.getTeam().getId().equals(test.getTeamId())) {
            throw new ProviderCallFailed("Slack's auth.test names another workspace than the install");
        }
        List<String> scopes = access.getScope() == null ? List.of()
                : Arrays.stream(access.getScope().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new Install(access.getTeam().getId(), access.getTeam().getName(), test.getUserId(), scopes, token);
    }

    /** One message of a thread: who wrote it (a bot, or a person) and what it says. */
    public record ThreadMessage(String userId, boolean fromBot, String text) {
    }

    /** {@code conversations.replies}: the thread that starts at {@code threadTs}, oldest first (up to 200 messages). */
    public List<ThreadMessage> thread(SecretToken token, String channel, String threadTs) {
        var replies = call("conversations.replies", () -> slack.methods(token.reveal())
                .conversationsReplies(r -> r.channel(channel).ts(threadTs).limit(200)));
        return replies.getMessages() == null ? List.of() : replies.getMessages().stream()
                .map(m -> new ThreadMessage(m.getUser(), m.getBotId() != null || "bot_message".equals(m.getSubtype()),
                        m.getText() == null ? "" : m.getText()))
                .toList();
    }

    /** {@code chat.getPermalink}: the link to a message. */
    public String permalink(SecretToken token, String channel, String messageTs) {
        return call("chat.getPermalink", () -> slack.methods(token.reveal())
                .chatGetPermalink(r -> r.channel(channel).messageTs(messageTs))).getPermalink();
    }

    /**
     * What a post carries in its Slack message metadata so that it can be found again: {@code eventType} (e.g.
     * {@code crosslayer_skill_card}) and the id of what it shows under {@code key}.
     */
    public record Marker(String eventType, String key, String id) {
    }

    /**
     * {@code chat.postMessage} with {@code marker} as the message's metadata, tried once: a 429 is thrown as
     * {@link SlackRateLimited} for the caller to come back after its {@code Retry-After} (its own outbox waits, no
     * thread does). Paced to about one message a second per channel. Answers the new message's ts.
     */
    public String postMarked(SecretToken token, String channel, String threadTs, String fallbackText, String blocksJson,
                             Marker marker) {
        Message.Metadata metadata = Message.Metadata.builder().eventType(marker.eventType())
                .eventPayload(Map.of(marker.key(), marker.id())).build();
        RateLimiter limiter = perChannel.rateLimiter(channel);
        return RateLimiter.decorateSupplier(limiter, () -> call("chat.postMessage", () -> slack.methods(token.reveal())
                .chatPostMessage(r -> r.channel(channel).threadTs(threadTs).text(fallbackText).blocksAsString(blocksJson)
                        .metadata(metadata)))).get().getTs();
    }

    /**
     * Looks for a message the bot posted with {@code marker}: in the thread {@code threadTs}
     * ({@code conversations.replies}), or else in the channel since {@code since} ({@code conversations.history}).
     * Both need only {@code channels:history} in public channels. Answers its ts, or empty when it is not there.
     */
    public Optional<String> findMarked(SecretToken token, String channel, String threadTs, Instant since, Marker marker) {
        String cursor = null;
        for (int page = 0; page < LOOKUP_PAGES; page++) {
            String next = cursor;
            List<Message> messages;
            if (threadTs != null) {
                var replies = call("conversations.replies", () -> slack.methods(token.reveal()).conversationsReplies(r -> r
                        .channel(channel).ts(threadTs).limit(200).includeAllMetadata(true).cursor(next)));
                messages = replies.getMessages();
                cursor = replies.getResponseMetadata() == null ? null : replies.getResponseMetadata().getNextCursor();
            } else {
                // A minute before the first try: Slack's clock and ours need not agree.
                String oldest = String.valueOf(Math.max(0, since.getEpochSecond() - 60));
                var history = call("conversations.history", () -> slack.methods(token.reveal()).conversationsHistory(r -> r
                        .channel(channel).oldest(oldest).limit(200).includeAllMetadata(true).cursor(next)));
                messages = history.getMessages();
                cursor = history.getResponseMetadata() == null ? null : history.getResponseMetadata().getNextCursor();
            }
            if (messages != null) {
                for (Message message : messages) {
                    Message.Metadata metadata = message.getMetadata();
                    if (metadata != null && marker.eventType().equals(metadata.getEventType())
                            && metadata.getEventPayload() != null
                            && marker.id().equals(String.valueOf(metadata.getEventPayload().get(marker.key())))) {
                        return Optional.of(message.getTs());
                    }
                }
            }
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return Optional.empty();
    }

    /** {@code chat.update}: replaces a message the bot posted, paced like posting. */
    public void update(SecretToken token, String channel, String ts, String fallbackText, String blocksJson) {
        paced(channel, () -> call("chat.update", () -> slack.methods(token.reveal()).chatUpdate(r -> r
                .channel(channel).ts(ts).text(fallbackText).blocksAsString(blocksJson))));
    }

    /** {@code users.info}: a person's display name (else real name, else their id), cached for an hour. */
    public String displayName(SecretToken token, String teamId, String userId) {
        return person(token, teamId, userId).name();
    }

    /** {@code users.info}: whether Slack calls the person an admin or owner of the workspace, cached for an hour. */
    public boolean isWorkspaceAdmin(SecretToken token, String teamId, String userId) {
        return person(token, teamId, userId).admin();
    }

    /** {@code chat.postEphemeral}: a message only {@code userId} sees. */
    public void whisper(SecretToken token, String channel, String userId, String text) {
        paced(channel, () -> call("chat.postEphemeral", () -> slack.methods(token.reveal())
                .chatPostEphemeral(r -> r.channel(channel).user(userId).text(text))));
    }

    private CachedPerson person(SecretToken token, String teamId, String userId) {
        String key = teamId + "/" + userId;
        CachedPerson cached = people.get(key);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return cached;
        }
        var user = call("users.info", () -> slack.methods(token.reveal()).usersInfo(r -> r.user(userId))).getUser();
        String name = user == null ? userId
                : firstPresent(user.getProfile() == null ? null : user.getProfile().getDisplayName(), user.getRealName(),
                user.getName(), userId);
        boolean admin = user != null && (user.isAdmin() || user.isOwner() || user.isPrimaryOwner());
        if (people.size() > 10_000) {
            people.clear();
        }
        CachedPerson person = new CachedPerson(name, admin, Instant.now().plus(Duration.ofHours(1)));
        people.put(key, person);
        return person;
    }

    private record CachedPerson(String name, boolean admin, Instant until) {
    }

    private static String firstPresent(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return "";
    }

    private <T> T paced(String channel, Supplier<T> call) {
        RateLimiter limiter = perChannel.rateLimiter(channel);
        return Retry.decorateSupplier(rateLimited, RateLimiter.decorateSupplier(limiter, call)).get();
    }

    /** {@code auth.revoke}: Slack forgets the token. */
    public void revoke(SecretToken token) {
        call("auth.revoke", () -> slack.methods(token.reveal()).authRevoke(r -> r));
    }

    /** Slack answered 429: wait {@code retryAfter} before calling that method again. */
    public static class SlackRateLimited extends ProviderCallFailed {
        private final Duration retryAfter;

        SlackRateLimited(String method, Duration retryAfter) {
            super("Slack's " + method + " is rate limited for " + retryAfter.toSeconds() + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private static Duration retryAfter(String header) {
        try {
            return Duration.ofSeconds(Math.max(1, Math.min(60, Long.parseLong(String.valueOf(header).trim()))));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private interface SlackCall<T extends SlackApiTextResponse> {
        T call() throws IOException, SlackApiException;
    }

    private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        T response;
        try {
            response = call.call();
        } catch (SlackApiException e) {
            if (e.getResponse().code() == 429) {
                throw new SlackRateLimited(method, retryAfter(e.getResponse().header("Retry-After")));
            }
            throw new ProviderCallFailed("Slack's " + method + " answered HTTP " + e.getResponse().code()
                    + (e.getError() != null && e.getError().getError() != null ? " (" + e.getError().getError() + ")" : ""));
        } catch (IOException e) {
            throw new ProviderCallFailed("Slack's " + method + " could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        if (!response.isOk()) {
            throw new ProviderCallFailed("Slack's " + method + " answered error '" + response.getError() + "'");
        }
        return response;
    }
}
