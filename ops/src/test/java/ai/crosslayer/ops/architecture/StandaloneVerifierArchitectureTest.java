package ai.crosslayer.ops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** Issue 15.7: the auditor's verifier needs the JDK and nothing else, not even the service's own classes. */
class StandaloneVerifierArchitectureTest {

    @Test
    void theStandaloneVerifierUsesTheJdkAlone() {
        JavaClasses verifier = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.crosslayer.verify");
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "ai.crosslayer.verify..")
                .check(verifier);
    }
}
