package ai.crosslayer.kernel;

import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.integration.ConnectGitHubAccountCommand;
import ai.crosslayer.kernel.integration.ConnectSlackWorkspaceCommand;
import ai.crosslayer.kernel.integration.GitHubRepository;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.RecordProviderRevocationCommand;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.integration.RevokeIntegrationCommand;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.integration.SelectGitHubRepositoriesCommand;
import ai.crosslayer.kernel.signal.AcknowledgeSignalCommand;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.RecordSignalDeliveryCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.RecordSkillCardCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.tenant.CreateTenantCommand;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One character (or entry) more than a read model can hold is refused when a command is built, naming the field;
 * a NUL anywhere too. The largest accepted values are proven stored by {@code LargestAcceptedValuesIT}. Issue 11,
 * item 2.
 */
class CommandBoundsTest {

    private static final TenantId T = TenantId.of(UUID.randomUUID());
    private static final IntegrationId I = IntegrationId.of(UUID.randomUUID());
    private static final SkillId S = SkillId.fromSlackEvent(T.value(), "Ev0BOUNDS");
    private static final SignalId G = SignalId.of(T.value(), SignalKind.CONFLICT, "bounds");
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    private static final SecretToken TOKEN = new SecretToken("xoxb-test-bounds");
    private static final SkillContent SKILL = new SkillContent("a-skill", "Does a thing.", null, List.of("Do it."), List.of());
    private static final SkillSource SOURCE = new SkillSource("T0TEAM", "C0CHAN", "1.1", null, null, "0".repeat(64));

    private static String over(int limit) {
        return "😀".repeat(limit + 1);
    }

    @Test
    void oneMoreThanTheReadModelHoldsIsRefusedNamingTheField() {
        Map<String, Runnable> refused = new LinkedHashMap<>();
        refused.put("'name'", () -> new CreateTenantCommand(T, over(255), null, null, null, AT));
        refused.put("'emailDomain'", () -> new CreateTenantCommand(T, "Acme", null, over(255), null, AT));
        refused.put("'organizationId'", () -> new VerifiedIdentity("u", "a@b.cd", true, over(255), SignInMethod.WORKOS));
        refused.put("'teamId'", () -> new ConnectSlackWorkspaceCommand(T, I, "T" + "0".repeat(32), "Acme", "U0BOT", List.of(),
                TOKEN.fingerprint(), "u", AT));
        refused.put("'teamName'", () -> new ConnectSlackWorkspaceCommand(T, I, "T0", over(255), "U0BOT", List.of(), TOKEN.fingerprint(), "u", AT));
        refused.put("'scopes'", () -> new ConnectSlackWorkspaceCommand(T, I, "T0", "Acme", "U0BOT", List.of("x".repeat(1025)),
                TOKEN.fingerprint(), "u", AT));
        refused.put("'connectedBy'", () -> new ConnectGitHubAccountCommand(T, I, 1, "ada", TOKEN.fingerprint(), over(255), AT));
        refused.put("'repositories'", () -> new SelectGitHubRepositoriesCommand(T, I,
                List.of(new GitHubRepository(1, "o/" + "x".repeat(254))), "u", AT));
        refused.put("'revokedBy'", () -> new RevokeIntegrationCommand(T, I, RevocationReason.APP_UNINSTALLED, over(255), AT));
        refused.put("'failure'", () -> new RecordProviderRevocationCommand(T, I, false, 1, over(1024), AT));
        refused.put("'skill.description'", () -> new RecordExtractedSkillCommand(T, S,
                new SkillContent("a-skill", over(1024), null, List.of("x"), List.of()), SOURCE, "m", "p", AT));
        refused.put("'skill.steps'", () -> new RecordExtractedSkillCommand(T, S,
                new SkillContent("a-skill", "d", null, List.of("a\u0000b"), List.of()), SOURCE, "m", "p", AT));
        refused.put("'source.channelId'", () -> new RecordExtractedSkillCommand(T, S, SKILL,
                new SkillSource("T0", "C" + "0".repeat(32), "1.1", null, null, "0".repeat(64)), "m", "p", AT));
        refused.put("'source.permalink'", () -> new RecordExtractedSkillCommand(T, S, SKILL,
                new SkillSource("T0", "C0", "1.1", null, "h".repeat(1025), "0".repeat(64)), "m", "p", AT));
        refused.put("'model'", () -> new RecordExtractedSkillCommand(T, S, SKILL, SOURCE, "m".repeat(129), "p", AT));
        refused.put("'messageTs'", () -> new RecordSkillCardCommand(T, S, "C0", "1".repeat(33), AT));
        refused.put("'slackUserId'", () -> new DecideSkillCommand(T, S, true, "U".repeat(65), "Ada", AT));
        refused.put("'displayName'", () -> new DecideSkillCommand(T, S, true, "U0ADA", over(255), AT));
        refused.put("'approverUserIds'", () -> new ChangeGovernanceCommand(T, new GovernanceSettings(null, Approvers.LISTED,
                java.util.stream.IntStream.range(0, 101).mapToObj(i -> "U" + i).toList(), null, Duration.ofHours(1), false, null),
                0, "u", AT));
        refused.put("'changedBy'", () -> new ChangeGovernanceCommand(T, GovernanceSettings.DEFAULTS, 0, over(255), AT));
        refused.put("'text'", () -> new RaiseSignalCommand(T, G, SignalKind.CONFLICT, "s", over(4000), null, null, AT));
        refused.put("'subject'", () -> new RaiseSignalCommand(T, G, SignalKind.CONFLICT, over(255), "t", null, null, AT));
        refused.put("'reason'", () -> new RecordSignalDeliveryCommand(T, G, "C0", null, 1, over(1024), AT));
        refused.put("'slackUserId' ", () -> new AcknowledgeSignalCommand(T, G, "a\u0000", AT));
        refused.forEach((field, build) -> assertThatThrownBy(build::run).as(field)
                .isInstanceOf(Bounds.Exceeded.class).hasMessageStartingWith(field.trim()));
    }

    @Test
    void theLimitItselfIsAcceptedAndCountedInCharactersNotUtf16Units() {
        assertThatCode(() -> new CreateTenantCommand(T, "😀".repeat(255), null, null, null, AT)).doesNotThrowAnyException();
        assertThatCode(() -> new RaiseSignalCommand(T, G, SignalKind.CONFLICT, "s", "😀".repeat(4000), null, null, AT))
                .doesNotThrowAnyException();
    }

    @Test
    void outsideAnswersAreCutToFitInsteadOfRefused() {
        org.assertj.core.api.Assertions.assertThat(Bounds.cut("😀".repeat(300), 255)).hasSize(254 * 2 + 1).endsWith("…");
        org.assertj.core.api.Assertions.assertThat(Bounds.cut("a\u0000b", 255)).isEqualTo("ab");
        org.assertj.core.api.Assertions.assertThat(Bounds.cut(null, 1)).isNull();
    }
}
