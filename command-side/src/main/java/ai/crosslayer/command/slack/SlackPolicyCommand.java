package ai.crosslayer.command.slack;

import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.governance.domain.GovernanceChangePolicy;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.GovernanceView;
import ai.crosslayer.kernel.governance.RecordGovernanceRefusalCommand;
import ai.crosslayer.kernel.governance.StalePolicyRevision;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /crosslayer policy ...}: anyone may see the policy; workspace admins and listed approvers may change
 * one setting at a time ({@code GovernanceChangePolicy}). Anyone else gets a polite ephemeral refusal, recorded as
 * {@code GovernanceChangeRefused}.
 */
@Component
class SlackPolicyCommand {

    private static final Pattern MENTION = Pattern.compile("<@([A-Z0-9]+)(?:\\|[^>]*)?>");

    private final TokenVault vault;
    private final SlackWebApi slack;
    private final Governance governance;
    private final CommandGateway commands;
    private final Clock clock;

    SlackPolicyCommand(TokenVault vault, SlackWebApi slack, Governance governance, CommandGateway commands, Clock clock) {
        this.vault = vault;
        this.slack = slack;
        this.governance = governance;
        this.commands = commands;
        this.clock = clock;
    }

    /** The reply to {@code /crosslayer policy <rest>} from the form Slack sent. Blocking. */
    String answer(TenantId tenant, Map<String, String> form, String rest) {
        GovernanceView view = governance.view(tenant);
        GovernanceSettings current = view.settings();
        if (rest.isBlank() || rest.equalsIgnoreCase("show")) {
            return show(current);
        }
        String user = form.getOrDefault("user_id", "");
        String teamId = form.getOrDefault("team_id", "");
        Optional<String> refused = GovernanceChangePolicy.refusal(current, user, () -> isWorkspaceAdmin(tenant, teamId, user));
        if (refused.isPresent()) {
            TenantScope.run(tenant, () -> commands.sendAndWait(new RecordGovernanceRefusalCommand(tenant, user,
                    "policy " + rest, refused.get(), clock.instant()),
                    AuditContext.of(tenant, user, Source.SLACK)));
            return "Sorry, only workspace admins and CrossLayer approvers can change the policy. Ask one of them.";
        }
        GovernanceSettings wanted;
        try {
            wanted = changed(current, rest, form.getOrDefault("channel_id", ""));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (wanted.equals(current)) {
            return "Nothing to change.\n" + show(current);
        }
        ChangeGovernanceCommand change;
        try {
            // Built on the revision read: a change made meanwhile is not overwritten.
            change = new ChangeGovernanceCommand(tenant, wanted, view.revision(), user, clock.instant());
        } catch (Bounds.Exceeded e) {
            return "That does not fit the policy: " + e.getMessage();
        }
        try {
            TenantScope.run(tenant, () -> commands.sendAndWait(change, AuditContext.of(tenant, user, Source.SLACK)));
        } catch (StalePolicyRevision | ConcurrencyException e) {
            return "The policy changed a moment ago; say that again.";
        }
        return "Done.\n" + show(wanted);
    }

    /** Whether Slack calls {@code user} an admin of the workspace; a call that fails counts as no. */
    private boolean isWorkspaceAdmin(TenantId tenant, String teamId, String user) {
        return vault.openSlackTeam(tenant, teamId)
                .map(token -> {
                    try {
                        return slack.isWorkspaceAdmin(token, teamId, user);
                    } catch (ProviderCallFailed e) {
                        return false;
                    }
                })
                .orElse(false);
    }

    static GovernanceSettings changed(GovernanceSettings current, String rest, String channel) {
        String[] words = rest.trim().split("\\s+");
        String what = words[0].toLowerCase(Locale.ROOT);
        String value = words.length > 1 ? words[1].toLowerCase(Locale.ROOT) : "";
        List<String> capture = new ArrayList<>(current.passiveCaptureChannels());
        List<String> approvers = new ArrayList<>(current.approverUserIds());
        switch (what) {
            case "capture" -> {
                switch (value) {
                    case "on" -> capture.add(channel);
                    case "off" -> capture.remove(channel);
                    default -> throw new IllegalArgumentException("Say `policy capture on` or `policy capture off`, in the channel.");
                }
                return new GovernanceSettings(capture, current.approvers(), approvers, current.signalChannel(), current.inboxMaxAge(),
                        current.watchGitHubDrift(), current.skillSourceRetentionDays());
            }
            case "approvers" -> {
                Approvers mode = switch (value) {
                    case "anyone" -> Approvers.ANYONE;
                    case "admins" -> Approvers.ADMINS_AND_LISTED;
                    case "listed" -> Approvers.LISTED;
                    default -> throw new IllegalArgumentException("Say `policy approvers anyone`, `admins` or `listed`.");
                };
                return new GovernanceSettings(capture, mode, approvers, current.signalChannel(), current.inboxMaxAge(),
                        current.watchGitHubDrift(), current.skillSourceRetentionDays());
            }
            case "approver" -> {
                Matcher mention = MENTION.matcher(rest);
                if (!mention.find() || !(value.equals("add") || value.equals("remove"))) {
                    throw new IllegalArgumentException("Say `policy approver add @someone` or `policy approver remove @someone`.");
                }
                if (value.equals("add")) {
                    approvers.add(mention.group(1));
                } else {
                    approvers.remove(mention.group(1));
                }
                return new GovernanceSettings(capture, current.approvers(), approvers, current.signalChannel(), current.inboxMaxAge(),
                        current.watchGitHubDrift(), current.skillSourceRetentionDays());
            }
            case "signals" -> {
                String signals = switch (value) {
                    case "here" -> channel;
                    case "off" -> null;
                    default -> throw new IllegalArgumentException("Say `policy signals here` (in the channel) or `policy signals off`.");
                };
                return new GovernanceSettings(capture, current.approvers(), approvers, signals, current.inboxMaxAge(),
                        current.watchGitHubDrift(), current.skillSourceRetentionDays());
            }
            case "inbox-max-age" -> {
                Duration age;
                try {
                    age = Duration.parse(words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "");
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("Say `policy inbox-max-age PT12H` (an ISO-8601 duration, PT1M to P7D).");
                }
                if (!GovernanceSettings.inboxMaxAgeAllowed(age)) {
                    throw new IllegalArgumentException("The inbox maximum age must be between PT1M and P7D.");
                }
                return new GovernanceSettings(capture, current.approvers(), approvers, current.signalChannel(), age,
                        current.watchGitHubDrift(), current.skillSourceRetentionDays());
            }
            case "drift" -> {
                boolean drift = switch (value) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("Say `policy drift on` or `policy drift off`.");
                };
                return new GovernanceSettings(capture, current.approvers(), approvers, current.signalChannel(), current.inboxMaxAge(), drift, current.skillSourceRetentionDays());
            }
            default -> throw new IllegalArgumentException(SlackCommandRoutes.HELP);
        }
    }


    static String show(GovernanceSettings policy) {
        return "*Policy*\n"
                + "• Reads without a mention in: " + (policy.passiveCaptureChannels().isEmpty() ? "no channel"
                : String.join(", ", policy.passiveCaptureChannels().stream().map(c -> "<#" + c + ">").toList())) + "\n"
                + "• Who decides on skills: " + switch (policy.approvers()) {
                    case ANYONE -> "anyone in the channel";
                    case ADMINS_AND_LISTED -> "workspace admins and listed approvers";
                    case LISTED -> "listed approvers only";
                } + (policy.approverUserIds().isEmpty() ? "" : " (listed: "
                + String.join(", ", policy.approverUserIds().stream().map(u -> "<@" + u + ">").toList()) + ")") + "\n"
                + "• Signals go to: " + (policy.signalChannel() == null ? "nowhere yet" : "<#" + policy.signalChannel() + ">") + "\n"
                + "• Messages wait at most: " + policy.inboxMaxAge() + "\n"
                + "• GitHub skills watched for drift: " + (policy.watchGitHubDrift() ? "yes" : "no") + "\n"
                + "• Skill sources kept: " + (policy.skillSourceRetentionDays() == null ? "until the workspace leaves"
                        : policy.skillSourceRetentionDays() + " days");
    }
}
