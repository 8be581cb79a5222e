package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.github.GitHubContents;
import ai.crosslayer.command.skill.app.InboxSettings;
import ai.crosslayer.command.skill.store.SkillWatches;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.skill.FindSkillQuery;
import ai.crosslayer.kernel.skill.SkillStatus;
import ai.crosslayer.kernel.skill.SkillView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Watches the GitHub files that confirmed skills were learned from, for tenants whose policy turns drift
 * watching on: a conditional request per file ({@code If-None-Match}; an unchanged file answers 304, which
 * GitHub does not count against the rate limit), and a changed one raises a SKILL_DRIFT signal linking it.
 */
@Component
class DriftWatcher {

    private static final Logger log = LoggerFactory.getLogger(DriftWatcher.class);

    private final SkillWatches watches;
    private final Governance governance;
    private final TokenVault vault;
    private final GitHubContents github;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final InboxSettings workers;
    private final Clock clock;

    DriftWatcher(SkillWatches watches, Governance governance, TokenVault vault, GitHubContents github, QueryGateway queries,
                 CommandGateway commands, InboxSettings workers, Clock clock) {
        this.watches = watches;
        this.governance = governance;
        this.vault = vault;
        this.github = github;
        this.queries = queries;
        this.commands = commands;
        this.workers = workers;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.signals.drift-interval:PT15M}", initialDelayString = "PT2S")
    void poll() {
        if (!workers.workers()) {
            return;
        }
        for (TenantId tenant : watches.tenants()) {
            GovernanceSettings policy = governance.of(tenant);
            if (!policy.watchGitHubDrift()) {
                continue;
            }
            for (SkillWatches.Watch watch : watches.of(tenant)) {
                try {
                    check(watch, policy);
                } catch (ProviderCallFailed e) {
                    log.info("drift check of {}/{} for tenant {} failed: {}", watch.repository(), watch.path(), tenant,
                            e.getMessage());
                } catch (IllegalArgumentException e) {
                    // Watched before paths were checked (issue 12, item 1), and one that would leave its repository:
                    // never asked for; the others are still checked.
                    log.warn("drift check of a watch of skill {} for tenant {} refused: {}", watch.skillId(), tenant,
                            e.getMessage());
                }
            }
        }
    }

    private void check(SkillWatches.Watch watch, GovernanceSettings policy) {
        TenantId tenant = watch.tenantId();
        Optional<SkillView> skill = TenantScope.call(tenant, () -> queries.query(new FindSkillQuery(tenant, watch.skillId()),
                ResponseTypes.optionalInstanceOf(SkillView.class)).join());
        if (skill.isEmpty() || skill.get().status() != SkillStatus.CONFIRMED) {
            return; // only confirmed skills are team know-how worth watching
        }
        Optional<SecretToken> token = TenantScope.call(tenant, () -> vault.open(tenant, watch.integrationId()));
        if (token.isEmpty()) {
            return; // the GitHub integration was disconnected
        }
        Optional<GitHubContents.FileVersion> changed = github.fileVersion(token.get(), watch.repository(), watch.path(), watch.etag());
        if (changed.isEmpty() || changed.get().sha().equals(watch.sha())) {
            changed.ifPresent(version -> watches.checked(watch, version.sha(), version.etag()));
            return;
        }
        GitHubContents.FileVersion version = changed.get();
        String subject = watch.skillId().value() + "@" + version.sha();
        TenantScope.run(tenant, () -> commands.sendAndWait(new RaiseSignalCommand(tenant,
                SignalId.of(tenant.value(), SignalKind.SKILL_DRIFT, subject), SignalKind.SKILL_DRIFT, watch.skillId().value(),
                ":memo: The skill `" + skill.get().skill().name() + "` was learned from " + watch.repository() + "/"
                        + watch.path() + ", which changed upstream" + (version.htmlUrl() == null ? "" : " (" + version.htmlUrl() + ")")
                        + ". It may be stale: have a look, then learn it again or keep it.",
                policy.signalChannel(), null, clock.instant()), AuditContext.of(tenant, AuditContext.SYSTEM, Source.GITHUB)));
        watches.checked(watch, version.sha(), version.etag());
    }
}
