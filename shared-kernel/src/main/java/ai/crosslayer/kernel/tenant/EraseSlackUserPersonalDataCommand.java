package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.Ids;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

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

    public EraseSlackUserPersonalDataCommand {
        if (!Ids.isSlackUserId(slackUserId)) {
            throw new IllegalArgumentException("'slackUserId' is not a Slack user id (U or W, then capital letters and digits, at most 32)");
        }
        Bounds.required("byUserId", byUserId, Bounds.NAME);
    }
}
