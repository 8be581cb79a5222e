package ai.crosslayer.command.architecture;

import ai.crosslayer.command.support.Backoff;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.kernel.TenantScope;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;
import java.util.function.Supplier;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The seams of command-side (issue 13) as rules: contexts and rings depend one way only, the domain ring holds no
 * infrastructure, HTTP lives at the edge, and reading across tenants is done only where it is named below.
 */
class CommandSideRingsTest {

    private static final String[] INFRASTRUCTURE_OF_THE_DOMAIN = {
            "ai.crosslayer.command..app..", "ai.crosslayer.command..store..", "ai.crosslayer.command.provider..",
            "ai.crosslayer.command.web..", "ai.crosslayer.command.slack..", "ai.crosslayer.command.support..",
            "org.springframework.web..", "org.springframework.http..", "org.springframework.jdbc..",
            "org.springframework.transaction..", "org.jooq..", "reactor.."};

    /**
     * What the domain may not use: the rings outside it and the frameworks of the edge. {@link Backoff} lives in
     * {@code support} but is arithmetic only; a rule such as a signal's give-up policy may use it.
     */
    private static final DescribedPredicate<JavaClass> INFRASTRUCTURE = resideInAnyPackage(INFRASTRUCTURE_OF_THE_DOMAIN)
            .and(not(equivalentTo(Backoff.class)))
            .as("infrastructure (outside the domain ring, except the arithmetic of Backoff)");

    /**
     * Tables read across tenants, each for a reason its class states (work that visits every tenant, a signature
     * that names its tenant only after the lookup). A new entry is a decision to review, not a convenience.
     */
    private static final Set<String> CROSS_TENANT_READERS = Set.of(
            "ai.crosslayer.command.integration.store.TokenVault",
            "ai.crosslayer.command.skill.store.SkillWatches",
            "ai.crosslayer.command.skill.store.SlackInbox",
            "ai.crosslayer.command.tenant.store.SignInKeys",
            "ai.crosslayer.command.tenant.store.Tenants",
            "ai.crosslayer.command.support.LeaseQueue");

    private static JavaClasses commandSide;

    @BeforeAll
    static void importCommandSide() {
        commandSide = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.crosslayer.command");
    }

    @Test
    void contextsAndEdgesFormNoCycle() {
        slices().matching("ai.crosslayer.command.(*)..").should().beFreeOfCycles().check(commandSide);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("ai.crosslayer.command.(**)").should().beFreeOfCycles().check(commandSide);
    }

    @Test
    void theDomainRingHoldsNoInfrastructure() {
        noClasses().that().resideInAPackage("ai.crosslayer.command..domain..")
                .should().dependOnClassesThat(INFRASTRUCTURE)
                .check(commandSide);
    }

    @Test
    void aggregatesHoldNoInfrastructureWhereverTheyLive() {
        // The Tenant aggregate stays outside a domain package: its snapshots are stored under its class name.
        noClasses().that().areAnnotatedWith(Aggregate.class)
                .should().dependOnClassesThat(INFRASTRUCTURE)
                .check(commandSide);
    }

    @Test
    void httpRoutesLiveOnlyAtTheEdge() {
        classes().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .should().resideInAnyPackage("ai.crosslayer.command.web..", "ai.crosslayer.command.slack..")
                .check(commandSide);
    }

    @Test
    void everyProblemAnsweredIsAProblem() {
        // One problem-details type for the write side (issue 13, item 4): a route's own error types extend it.
        classes().that().areAssignableTo(ErrorResponseException.class)
                .should().beAssignableTo(Problem.class)
                .check(commandSide);
    }

    @Test
    void outboundClientsKnowNoContext() {
        noClasses().that().resideInAPackage("ai.crosslayer.command.provider..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "ai.crosslayer.command.governance..", "ai.crosslayer.command.integration..",
                        "ai.crosslayer.command.signal..", "ai.crosslayer.command.skill..", "ai.crosslayer.command.tenant..",
                        "ai.crosslayer.command.web..", "ai.crosslayer.command.slack..")
                .check(commandSide);
    }

    @Test
    void onlyTheNamedClassesReadAcrossTenants() {
        noClasses().that(DescribedPredicate.describe("are not named cross-tenant readers",
                        (JavaClass c) -> !CROSS_TENANT_READERS.contains(c.getName().replaceFirst("\\$.*", ""))))
                .should().callMethod(TenantScope.class, "crossTenant", Supplier.class)
                .check(commandSide);
    }
}
