package ai.crosslayer.command.tenant;

import ai.crosslayer.kernel.Ids;
import ai.crosslayer.command.tenant.domain.MemberChangeRefused;
import ai.crosslayer.command.tenant.domain.MemberChangeRefused.Reason;
import ai.crosslayer.command.tenant.domain.TenantClosed;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.ChangeMemberRoleCommand;
import ai.crosslayer.kernel.tenant.CreateTenantCommand;
import ai.crosslayer.kernel.tenant.MasterKeyRotated;
import ai.crosslayer.kernel.tenant.EraseMemberPersonalDataCommand;
import ai.crosslayer.kernel.tenant.EraseSlackUserPersonalDataCommand;
import ai.crosslayer.kernel.tenant.SlackUserPersonalDataErased;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberPersonalDataErased;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.OffboardTenantCommand;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberRoleChanged;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.RecordMasterKeyRotationCommand;
import ai.crosslayer.kernel.tenant.RemoveMemberCommand;
import ai.crosslayer.kernel.tenant.SignInMemberCommand;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final Instant FOUNDED = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-02T10:30:00Z");
    private static final VerifiedIdentity ADA =
            new VerifiedIdentity("user_ada", "ada@acme.test", true, "org_acme", SignInMethod.WORKOS);
    private static final VerifiedIdentity GRACE =
            new VerifiedIdentity("user_grace", "grace@acme.test", true, "org_acme", SignInMethod.WORKOS);

    private static final Instant EVEN_LATER = Instant.parse("2026-11-03T08:00:00Z");

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
    }

    @Test
    void aKeyRotationIsRecordedInTheTenantsOwnStream() {
        fixture.given(founded())
                .when(new RecordMasterKeyRotationCommand(ACME, List.of("00aa11bb22cc33dd"), "44ee55ff66aa77bb", 3, LATER))
                .expectEvents(new MasterKeyRotated(ACME, List.of("00aa11bb22cc33dd"), "44ee55ff66aa77bb", 3, LATER));
    }

    @Test
    void theFirstSignInCreatesTheTenantWithItsFounderAsAdmin() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(ACME, "acme.test", "org_acme", null, ADA, FOUNDED))
                .expectEvents(
                        new TenantCreated(ACME, "acme.test", "org_acme", null, FOUNDED),
                        new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, FOUNDED),
                        new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, "org_acme", FOUNDED));
    }

    @Test
    void someoneNewSigningInJoinsAsAMemberFirst() {
        fixture.given(founded())
                .when(new SignInMemberCommand(ACME, GRACE, LATER))
                .expectEvents(
                        new MemberJoined(ACME, "user_grace", "grace@acme.test", MemberRole.MEMBER, LATER),
                        new MemberSignedIn(ACME, "user_grace", SignInMethod.WORKOS, "org_acme", LATER));
    }

    @Test
    void aMemberSigningInAgainIsOnlyASignIn() {
        fixture.given(founded())
                .when(new SignInMemberCommand(ACME, ADA, LATER))
                .expectEvents(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, "org_acme", LATER));
    }

    @Test
    void anAdminGivesAMemberAnotherRole() {
        fixture.given(foundedWithGrace())
                .when(new ChangeMemberRoleCommand(ACME, "user_grace", MemberRole.AUDITOR, "user_ada", EVEN_LATER))
                .expectEvents(new MemberRoleChanged(ACME, "user_grace", MemberRole.MEMBER, MemberRole.AUDITOR, EVEN_LATER));
    }

    @Test
    void theSameRoleAgainRecordsNothing() {
        fixture.given(foundedWithGrace())
                .when(new ChangeMemberRoleCommand(ACME, "user_grace", MemberRole.MEMBER, "user_ada", EVEN_LATER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theLastAdminCannotBeDemoted() {
        fixture.given(foundedWithGrace())
                .when(new ChangeMemberRoleCommand(ACME, "user_ada", MemberRole.MEMBER, "user_ada", EVEN_LATER))
                .expectNoEvents()
                .expectException(MemberChangeRefused.class)
                .expectExceptionMessage(sentence(Reason.LAST_ADMIN));
    }

    @Test
    void anAdminMayStepDownOnceAnotherAdminExists() {
        fixture.given(foundedWithGrace())
                .andGiven(new MemberRoleChanged(ACME, "user_grace", MemberRole.MEMBER, MemberRole.ADMIN, EVEN_LATER))
                .when(new ChangeMemberRoleCommand(ACME, "user_ada", MemberRole.AUDITOR, "user_ada", EVEN_LATER))
                .expectEvents(new MemberRoleChanged(ACME, "user_ada", MemberRole.ADMIN, MemberRole.AUDITOR, EVEN_LATER));
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        fixture.given(foundedWithGrace())
                .when(new RemoveMemberCommand(ACME, "user_ada", "user_ada", EVEN_LATER))
                .expectNoEvents()
                .expectException(MemberChangeRefused.class)
                .expectExceptionMessage(sentence(Reason.LAST_ADMIN));
    }

    @Test
    void onlyAnAdminChangesRolesOrRemoves() {
        for (MemberRole role : new MemberRole[]{MemberRole.MEMBER, MemberRole.AUDITOR}) {
            setUp();
            fixture.given(foundedWithGrace())
                    .andGiven(new MemberRoleChanged(ACME, "user_grace", MemberRole.MEMBER, role, LATER))
                    .when(new ChangeMemberRoleCommand(ACME, "user_grace", MemberRole.ADMIN, "user_grace", EVEN_LATER))
                    .expectNoEvents()
                    .expectException(MemberChangeRefused.class)
                    .expectExceptionMessage(sentence(Reason.NOT_AN_ADMIN));
            setUp();
            fixture.given(foundedWithGrace())
                    .andGiven(new MemberRoleChanged(ACME, "user_grace", MemberRole.MEMBER, role, LATER))
                    .when(new RemoveMemberCommand(ACME, "user_ada", "user_grace", EVEN_LATER))
                    .expectNoEvents()
                    .expectException(MemberChangeRefused.class)
                    .expectExceptionMessage(sentence(Reason.NOT_AN_ADMIN));
            }
    }

    @Test
    void someoneWhoIsNotAMemberCannotBeChangedOrRemoved() {
        fixture.given(founded())
                .when(new ChangeMemberRoleCommand(ACME, "user_grace", MemberRole.ADMIN, "user_ada", EVEN_LATER))
                .expectNoEvents()
                .expectException(MemberChangeRefused.class)
                    .expectExceptionMessage(sentence(Reason.NO_SUCH_MEMBER));
        setUp();
        fixture.given(foundedWithGrace())
                .andGiven(new MemberRemoved(ACME, "user_grace", MemberRole.MEMBER, EVEN_LATER))
                .when(new RemoveMemberCommand(ACME, "user_grace", "user_ada", EVEN_LATER))
                .expectNoEvents()
                .expectException(MemberChangeRefused.class)
                    .expectExceptionMessage(sentence(Reason.NO_SUCH_MEMBER));
    }

    @Test
    void anAdminRemovesAMember() {
        fixture.given(foundedWithGrace())
                .when(new RemoveMemberCommand(ACME, "user_grace", "user_ada", EVEN_LATER))
                .expectEvents(new MemberRemoved(ACME, "user_grace", MemberRole.MEMBER, EVEN_LATER));
    }

    @Test
    void aRemovedMemberWhoSignsInAgainJoinsAgainAsAMember() {
        fixture.given(foundedWithGrace())
                .andGiven(new MemberRoleChanged(ACME, "user_grace", MemberRole.MEMBER, MemberRole.ADMIN, LATER),
                        new MemberRemoved(ACME, "user_grace", MemberRole.ADMIN, LATER))
                .when(new SignInMemberCommand(ACME, GRACE, EVEN_LATER))
                .expectEvents(
                        new MemberJoined(ACME, "user_grace", "grace@acme.test", MemberRole.MEMBER, EVEN_LATER),
                        new MemberSignedIn(ACME, "user_grace", SignInMethod.WORKOS, "org_acme", EVEN_LATER));
    }

    @Test
    void erasingAMemberRemovesThemAndRecordsTheErasureEvenForTheLastAdmin() {
        fixture.given(foundedWithGrace())
                .when(new EraseMemberPersonalDataCommand(ACME, "user_grace", "user_ada", false, EVEN_LATER))
                .expectEvents(new MemberRemoved(ACME, "user_grace", MemberRole.MEMBER, EVEN_LATER),
                        new MemberPersonalDataErased(ACME, "user_grace", "user_ada", EVEN_LATER));
        setUp();
        fixture.given(founded())
                .when(new EraseMemberPersonalDataCommand(ACME, "user_ada", EraseMemberPersonalDataCommand.OPERATOR,
                        false, EVEN_LATER))
                .expectEvents(new MemberRemoved(ACME, "user_ada", MemberRole.ADMIN, EVEN_LATER),
                        new MemberPersonalDataErased(ACME, "user_ada", "system", EVEN_LATER));
    }

    @Test
    void aFormerMemberIsErasedWithoutARemovalAndSomeoneNeverHeldDataAboutIsNot() {
        fixture.given(foundedWithGrace())
                .andGiven(new MemberRemoved(ACME, "user_grace", MemberRole.MEMBER, LATER))
                .when(new EraseMemberPersonalDataCommand(ACME, "user_grace", "user_ada", true, EVEN_LATER))
                .expectEvents(new MemberPersonalDataErased(ACME, "user_grace", "user_ada", EVEN_LATER));
        setUp();
        fixture.given(founded())
                .when(new EraseMemberPersonalDataCommand(ACME, "user_nobody", "user_ada", false, EVEN_LATER))
                .expectNoEvents()
                .expectException(MemberChangeRefused.class)
                .expectExceptionMessage(sentence(Reason.NO_SUCH_MEMBER));
    }

    @Test
    void onlyAnAdminOrAnOperatorErases() {
        fixture.given(foundedWithGrace())
                .when(new EraseMemberPersonalDataCommand(ACME, "user_ada", "user_grace", false, EVEN_LATER))
                .expectNoEvents()
                .expectException(MemberChangeRefused.class)
                .expectExceptionMessage(sentence(Reason.NOT_AN_ADMIN));
    }

    @Test
    void anAdminOrAnOperatorErasesASlackUserAndAMemberWhoIsNoAdminDoesNot() {
        fixture.given(foundedWithGrace())
                .when(new EraseSlackUserPersonalDataCommand(ACME, "U0BOB", "user_ada", EVEN_LATER))
                .expectEvents(new SlackUserPersonalDataErased(ACME, "U0BOB", "user_ada", EVEN_LATER));
        setUp();
        fixture.given(foundedWithGrace())
                .when(new EraseSlackUserPersonalDataCommand(ACME, "U0BOB", EraseMemberPersonalDataCommand.OPERATOR, EVEN_LATER))
                .expectEvents(new SlackUserPersonalDataErased(ACME, "U0BOB", "system", EVEN_LATER));
        setUp();
        fixture.given(foundedWithGrace())
                .when(new EraseSlackUserPersonalDataCommand(ACME, "U0BOB", "user_grace", EVEN_LATER))
                .expectNoEvents()
                .expectException(MemberChangeRefused.class)
                .expectExceptionMessage(sentence(Reason.NOT_AN_ADMIN));
    }

    @Test
    void aSlackUserIdIsOneOnlyInSlacksShape() {
        assertThatThrownBy(() -> new EraseSlackUserPersonalDataCommand(ACME, "user_bob", "user_ada", EVEN_LATER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Slack user id");
        assertThat(Ids.isSlackUserId("W0ENTERPRISE1")).isTrue();
        assertThat(Ids.isSlackUserId("u0bob")).isFalse();
    }

    @Test
    void offboardingClosesTheTenant() {
        fixture.given(foundedWithGrace())
                .when(new OffboardTenantCommand(ACME, 1, EVEN_LATER))
                .expectEvents(new TenantOffboarded(ACME, 1, EVEN_LATER));
    }

    @Test
    void anOffboardedTenantTakesNoSignInNoChangeAndNoSecondOffboarding() {
        Object[] closed = {new TenantOffboarded(ACME, 0, LATER)};
        for (Object command : List.of(new SignInMemberCommand(ACME, ADA, EVEN_LATER),
                new SignInMemberCommand(ACME, GRACE, EVEN_LATER),
                new ChangeMemberRoleCommand(ACME, "user_grace", MemberRole.ADMIN, "user_ada", EVEN_LATER),
                new RemoveMemberCommand(ACME, "user_grace", "user_ada", EVEN_LATER),
                new RecordMasterKeyRotationCommand(ACME, List.of("00aa11bb22cc33dd"), "44ee55ff66aa77bb", 0, EVEN_LATER),
                new OffboardTenantCommand(ACME, 0, EVEN_LATER))) {
            fixture.given(foundedWithGrace())
                    .andGiven(closed)
                    .when(command)
                    .expectNoEvents()
                    .expectException(TenantClosed.class);
        }
    }

    private static String sentence(Reason reason) {
        return new MemberChangeRefused(reason).getMessage();
    }

    private static Object[] foundedWithGrace() {
        return new Object[]{
                new TenantCreated(ACME, "acme.test", "org_acme", null, FOUNDED),
                new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, FOUNDED),
                new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, "org_acme", FOUNDED),
                new MemberJoined(ACME, "user_grace", "grace@acme.test", MemberRole.MEMBER, LATER)};
    }

    private static Object[] founded() {
        return new Object[]{
                new TenantCreated(ACME, "acme.test", "org_acme", null, FOUNDED),
                new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, FOUNDED),
                new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, "org_acme", FOUNDED)};
    }
}
