package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An admin ({@code byUserId}), or an operator ({@code system}), erases the personal data of a Slack user who is not
 * a member (issue 18): the display names sealed under {@code slack-user:<slackUserId>} on the skill decisions they
 * took from a Slack card. Whether the tenant holds any is for the data-key vault to say, before this is sent.
 */
public record EraseSlackUserPersonalDataCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        String slackUserId,
        String byUserId,
        Instant at) implements TenantScoped {

    /** A Slack user id as Slack writes them: {@code U} (or {@code W}, Enterprise Grid), then capitals and digits. */
    public static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{1,31}");

    public EraseSlackUserPersonalDataCommand {
        if (!isSlackUserId(slackUserId)) {
            throw new IllegalArgumentException("'slackUserId' is not a Slack user id (U or W, then capital letters and digits, at most 32)");
        }
        Bounds.required("byUserId", byUserId, Bounds.NAME);
    }

    public static boolean isSlackUserId(String value) {
        return value != null && SLACK_USER_ID.matcher(value).matches();
    }
}
