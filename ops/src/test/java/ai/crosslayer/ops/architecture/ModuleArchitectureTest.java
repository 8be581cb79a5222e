package ai.crosslayer.ops.architecture;

import ai.crosslayer.kernel.TenantScoped;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md §2 as executable rules: arrows point down only, and messages are what crosses modules. */
class ModuleArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionCode() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The kernel's test support arrives as a test-jar, which the option above does not know.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("ai.crosslayer");
    }

    @Test
    void theKernelIsPlainJavaMessagesWithoutFrameworkOrIo() {
        classes().that().resideInAPackage("ai.crosslayer.kernel..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "ai.crosslayer.kernel..", "java.lang..", "java.util..", "java.time..", "java.security..", "java.nio.charset..",
                        "org.axonframework.serialization..", "org.axonframework.modelling.command..",
                        "com.fasterxml.jackson.annotation..")
                .check(production);
    }

    @Test
    void theCommandSideSeesOnlyTheKernel() {
        noClasses().that().resideInAPackage("ai.crosslayer.command..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "ai.crosslayer.query..", "ai.crosslayer.projections..", "ai.crosslayer.ops..")
                .check(production);
    }

    @Test
    void projectionsSeeOnlyTheKernel() {
        noClasses().that().resideInAPackage("ai.crosslayer.projections..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "ai.crosslayer.command..", "ai.crosslayer.query..", "ai.crosslayer.ops..")
                .check(production);
    }

    @Test
    void theQuerySideReadsOnlyTheGeneratedReadModelTablesOfProjections() {
        noClasses().that().resideInAPackage("ai.crosslayer.query..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.crosslayer.command..", "ai.crosslayer.ops..")
                .check(production);
        noClasses().that().resideInAPackage("ai.crosslayer.query..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "projection classes other than the generated schema",
                        c -> c.getPackageName().startsWith("ai.crosslayer.projections")
                                && !c.getPackageName().startsWith("ai.crosslayer.projections.schema")))
                .check(production);
    }

    @Test
    void everyEventIsATopLevelRevisionedRecordNamingItsTenant() {
        classes().that().implement(TenantScoped.class).and().areNotInterfaces()
                .and().haveSimpleNameNotEndingWith("Command").and().haveSimpleNameNotEndingWith("Query")
                .should().beRecords().andShould().beTopLevelClasses().andShould().beAnnotatedWith(Revision.class)
                .check(production);
    }

    @Test
    void commandsAndQueriesAreRecordsNamingTheirTenant() {
        classes().that().haveSimpleNameEndingWith("Command").or().haveSimpleNameEndingWith("Query")
                .and().resideInAPackage("ai.crosslayer.kernel..")
                .should().beRecords().andShould().implement(TenantScoped.class)
                .check(production);
    }

    @Test
    void aggregatesArePackagePrivate() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should().bePackagePrivate()
                .check(production);
    }
}
