package ai.crosslayer.command.slack;

import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.anthropic.ExtractionBreaker;
import ai.crosslayer.command.provider.anthropic.SkillExtractor;
import ai.crosslayer.command.provider.slack.SlackText;
import ai.crosslayer.command.skill.app.SkillLearning;
import ai.crosslayer.command.skill.store.SlackInbox;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.skill.FindSkillsQuery;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.skill.SkillView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code POST /slack/commands}, the {@code /crosslayer} slash command (signed, form-encoded):
 * {@code help}, {@code skills <words>} (confirmed skills that match, as an ephemeral reply),
 * {@code status} (the workspace's connection and extraction state), {@code policy ...}
 * ({@link SlackPolicyCommand}) and {@code learn owner/repo path} ({@link SkillLearning}). Anything else gets the help.
 */
@RestController
class SlackCommandRoutes {

    static final String HELP = """
            *CrossLayer* turns what your team explains in Slack into reviewed, reusable skills.
            • Mention me in a thread with "capture this" and I will propose the skill it teaches, on a card to approve or discard.
            • `/crosslayer skills <words>` finds confirmed skills.
            • `/crosslayer learn owner/repo path` proposes the skill a file of a connected GitHub repository teaches.
            • `/crosslayer status` shows whether this workspace is connected and extraction is working.
            • `/crosslayer policy` shows the policy; workspace admins and approvers can change it here:
              `policy capture on|off` (read this channel without a mention), `policy approvers anyone|admins|listed`,
              `policy approver add|remove @someone`, `policy signals here|off`, `policy inbox-max-age PT12H`,
              `policy drift on|off`.
            • `/crosslayer help` shows this.""";

    private final SlackRequests requests;
    private final TokenVault vault;
    private final QueryGateway queries;
    private final SlackInbox inbox;
    private final SkillExtractor extractor;
    private final ExtractionBreaker breaker;
    private final SlackPolicyCommand policy;
    private final SkillLearning learning;

    SlackCommandRoutes(SlackRequests requests, TokenVault vault, QueryGateway queries, SlackInbox inbox,
                       SkillExtractor extractor, ExtractionBreaker breaker, SlackPolicyCommand policy, SkillLearning learning) {
        this.policy = policy;
        this.learning = learning;
        this.requests = requests;
        this.vault = vault;
        this.queries = queries;
        this.inbox = inbox;
        this.extractor = extractor;
        this.breaker = breaker;
    }

    @PostMapping("/slack/commands")
    Mono<ResponseEntity<Map<String, String>>> command(ServerWebExchange exchange) {
        return requests.verifiedBody(exchange)
                .map(SlackRequests::form)
                .flatMap(form -> Mono.fromCallable(() -> answer(form)).subscribeOn(Schedulers.boundedElastic()))
                .map(text -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("response_type", "ephemeral", "text", text)));
    }

    private String answer(Map<String, String> form) {
        String text = form.getOrDefault("text", "").trim();
        String sub = text.isEmpty() ? "help" : text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        String rest = text.contains(" ") ? text.substring(text.indexOf(' ') + 1).trim() : "";
        for (String field : List.of("team_id", "channel_id", "user_id")) {
            Bounds.text(field, form.get(field), Bounds.SLACK_ID); // ids that skills and policies keep (issue 11, item 2)
        }
        var holder = vault.holderOfSlackTeam(form.getOrDefault("team_id", ""));
        if (holder.isEmpty()) {
            return "This workspace is not connected to CrossLayer. An admin can connect it from the CrossLayer dashboard.";
        }
        TenantId tenant = holder.get().tenantId();
        return switch (sub) {
            case "skills" -> skills(tenant, rest);
            case "status" -> status(tenant);
            case "policy" -> policy.answer(tenant, form, rest);
            case "learn" -> learning.learn(tenant, form, rest);
            default -> HELP;
        };
    }

    private String skills(TenantId tenant, String words) {
        List<SkillView> found = TenantScope.call(tenant, () -> queries.query(
                new FindSkillsQuery(tenant, SkillStatus.CONFIRMED, words.isEmpty() ? null : words, 10),
                ResponseTypes.multipleInstancesOf(SkillView.class)).join());
        // The reply is read as markup: what the asker typed and what skills say are escaped.
        String asked = SlackText.escape(words);
        if (found.isEmpty()) {
            return words.isEmpty() ? "No confirmed skills yet." : "No confirmed skill matches \"" + asked + "\".";
        }
        return found.stream()
                .map(view -> "• *" + SlackText.escape(view.skill().name()) + "*: " + SlackText.escape(view.skill().description()))
                .collect(Collectors.joining("\n", "Confirmed skills" + (words.isEmpty() ? "" : " matching \"" + asked + "\"") + ":\n", ""));
    }

    private String status(TenantId tenant) {
        long waiting = inbox.waiting(tenant);
        List<SkillView> proposed = TenantScope.call(tenant, () -> queries.query(new FindSkillsQuery(tenant, SkillStatus.PROPOSED, null, 500),
                ResponseTypes.multipleInstancesOf(SkillView.class)).join());
        String extraction = !extractor.configured() ? "not configured (no Anthropic API key)"
                : "CLOSED".equals(breaker.state()) ? "working" : "paused: Anthropic is failing, messages wait and will be read";
        return "This workspace is connected to CrossLayer.\n"
                + "Extraction: " + extraction + ".\n"
                + "Messages waiting to be read: " + waiting + ".\n"
                + "Skills waiting for a decision: " + proposed.size() + ".";
    }
}
