package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.anthropic.SkillExtractor;
import ai.crosslayer.command.provider.github.GitHubContents;
import ai.crosslayer.command.provider.github.RepositoryPaths;
import ai.crosslayer.command.provider.slack.SlackText;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.skill.store.SkillWatches;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.kernel.Sha256;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.integration.FindIntegrationsQuery;
import ai.crosslayer.kernel.integration.IntegrationView;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /crosslayer learn owner/repo path}: reads a file of a connected repository, extracts a skill from it
 * like from a conversation, proposes it on a card in the channel, and watches the file for drift. Only those who
 * may approve skills may learn, and only a path inside the repository ({@link RepositoryPaths}) is read. The reply
 * comes at once; the work follows, and its outcome is told to the asker privately when there is no card.
 */
@Component
public class SkillLearning {

    private static final Logger log = LoggerFactory.getLogger(SkillLearning.class);

    private final QueryGateway queries;
    private final TokenVault vault;
    private final GitHubContents github;
    private final SlackWebApi slack;
    private final SkillExtractor extractor;
    private final SkillWatches watches;
    private final CommandGateway commands;
    private final Governance governance;
    private final Clock clock;

    SkillLearning(QueryGateway queries, TokenVault vault, GitHubContents github, SlackWebApi slack, SkillExtractor extractor,
                  SkillWatches watches, CommandGateway commands, Governance governance, Clock clock) {
        this.governance = governance;
        this.queries = queries;
        this.vault = vault;
        this.github = github;
        this.slack = slack;
        this.extractor = extractor;
        this.watches = watches;
        this.commands = commands;
        this.clock = clock;
    }

    public String learn(TenantId tenant, Map<String, String> form, String rest) {
        String[] words = rest.trim().split("\\s+");
        if (words.length != 2 || !RepositoryPaths.isRepositoryName(words[0])) {
            return "Say `/crosslayer learn owner/repo path/to/file.md`.";
        }
        String repository = words[0];
        String path = words[1];
        Optional<String> badPath = RepositoryPaths.problem(path);
        if (badPath.isPresent()) {
            return SlackText.escape(badPath.get()) + " Say `/crosslayer learn owner/repo path/to/file.md`.";
        }
        String teamId = form.getOrDefault("team_id", "");
        String user = form.getOrDefault("user_id", "");
        if (!mayLearn(tenant, teamId, user)) {
            log.info("tenant {}: {} may not learn from GitHub (not someone who may approve skills)", tenant, user);
            return "Sorry, only the people who may approve skills here can teach CrossLayer from GitHub. Ask one of them.";
        }
        Optional<IntegrationView> integration = TenantScope.call(tenant, () -> queries.query(new FindIntegrationsQuery(tenant),
                        ResponseTypes.multipleInstancesOf(IntegrationView.class)).join()).stream()
                .filter(view -> view.provider() == Provider.GITHUB && view.connected())
                .filter(view -> view.repositories().stream().anyMatch(repository::equalsIgnoreCase))
                .findFirst();
        if (integration.isEmpty()) {
            return repository + " is not a connected repository. An admin can connect it on the CrossLayer dashboard.";
        }
        String channel = form.getOrDefault("channel_id", "");
        Schedulers.boundedElastic().schedule(() -> work(tenant, integration.get(), repository, path, teamId, channel, user));
        return "Reading " + SlackText.escape(repository + "/" + path) + "; a card follows here if it teaches a skill.";
    }

    /**
     * Who may learn: the same people who may approve skills ({@link GovernanceSettings#mayApprove}), since learning
     * proposes a skill and makes CrossLayer read a repository with the tenant's GitHub token. If Slack cannot say
     * whether someone is a workspace admin, they are not treated as one.
     */
    private boolean mayLearn(TenantId tenant, String teamId, String user) {
        GovernanceSettings policy = governance.of(tenant);
        if (policy.mayApprove(user, false)) {
            return true;
        }
        return vault.openSlackTeam(tenant, teamId)
                .map(token -> {
                    try {
                        return policy.mayApprove(user, slack.isWorkspaceAdmin(token, teamId, user));
                    } catch (ProviderCallFailed e) {
                        log.info("users.info failed ({}); {} is not treated as a workspace admin", e.getMessage(), user);
                        return false;
                    }
                })
                .orElse(false);
    }

    private void work(TenantId tenant, IntegrationView integration, String repository, String path, String teamId,
                      String channel, String user) {
        Optional<SecretToken> slackToken = vault.openSlackTeam(tenant, teamId);
        try {
            SecretToken token = TenantScope.call(tenant, () -> vault.open(tenant, integration.id())).orElseThrow();
            Optional<GitHubContents.FileVersion> file = github.fileVersion(token, repository, path, null);
            if (file.isEmpty()) {
                tell(slackToken, channel, user, repository + " has no file " + path + ".");
                return;
            }
            SkillExtractor.Extraction extraction = extractor.extract(tenant, file.get().text());
            if (extraction.skill().isEmpty()) {
                tell(slackToken, channel, user, repository + "/" + path + " does not teach a reusable skill.");
                return;
            }
            SkillContent skill = extraction.skill().get();
            SkillId skillId = SkillId.fromSlackEvent(tenant.value(), "github:" + repository + "/" + path + "@" + file.get().sha());
            SkillSource source = new SkillSource(teamId, channel, null, null, file.get().htmlUrl(),
                    Sha256.hex(file.get().text()), new SkillSource.GitHubFile(repository, path, file.get().sha()));
            // Recording the skill queues its card for this channel; SkillCardPoster posts it, once.
            TenantScope.run(tenant, () -> commands.sendAndWait(
                    new RecordExtractedSkillCommand(tenant, skillId, skill, source, extraction.model(),
                            SkillExtractor.PROMPT_VERSION, clock.instant()), AuditContext.of(tenant, user, Source.GITHUB)));
            watches.watch(new SkillWatches.Watch(tenant, skillId, integration.id(), repository, path, file.get().sha(),
                    file.get().etag()));
        } catch (SkillExtractor.ExtractionUnavailable | SkillExtractor.InvalidModelOutput | ProviderCallFailed e) {
            log.info("learning {}/{} for tenant {} failed: {}", repository, path, tenant, e.getMessage());
            tell(slackToken, channel, user, "Could not learn " + repository + "/" + path + " just now (" + e.getMessage()
                    + "). Try again later.");
        } catch (RuntimeException e) {
            log.error("learning {}/{} for tenant {} failed", repository, path, tenant, e);
            tell(slackToken, channel, user, "Could not learn " + repository + "/" + path + ". Try again later.");
        }
    }

    private void tell(Optional<SecretToken> token, String channel, String user, String text) {
        token.ifPresent(t -> {
            try {
                slack.whisper(t, channel, user, SlackText.escape(text)); // it names paths and errors: never markup
            } catch (ProviderCallFailed e) {
                log.info("could not tell {}: {}", user, e.getMessage());
            }
        });
    }
}
