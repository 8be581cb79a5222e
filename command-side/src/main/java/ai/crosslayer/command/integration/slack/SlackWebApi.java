package ai.crosslayer.command.integration.slack;

import ai.crosslayer.command.integration.ProviderCallFailed;
import ai.crosslayer.kernel.integration.SecretToken;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

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

    public SlackWebApi(SlackSettings settings) {
        this.settings = settings;
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.methodsPrefix());
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

    /** {@code auth.revoke}: Slack forgets the token. */
    public void revoke(SecretToken token) {
        call("auth.revoke", () -> slack.methods(token.reveal()).authRevoke(r -> r));
    }

    private interface SlackCall<T extends SlackApiTextResponse> {
        T call() throws IOException, SlackApiException;
    }

    private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        T response;
        try {
            response = call.call();
        } catch (SlackApiException e) {
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
