package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantScoped;
import ai.crosslayer.kernel.personal.NotPersonalData;
import ai.crosslayer.kernel.personal.PersonalData;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, item 1: every component of every event record (a {@code @Revision}ed {@code TenantScoped} record) (and of the records nested in one) whose name looks
 * personal is declared either way, {@code @PersonalData} (sealed under its subject's key) or
 * {@code @NotPersonalData("why")}; and every declaration names a subject component that exists.
 */
class PersonalDataDeclarationTest {

    /** Names that look personal: a mailbox, a person's name, a user, a link to what someone wrote, who did it. */
    private static final Pattern LOOKS_PERSONAL = Pattern.compile(
            "email|mail|name|user|login|permalink|actor|author|phone|address|.+by", Pattern.CASE_INSENSITIVE);

    static List<Class<?>> events() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.crosslayer.kernel").stream()
                .filter(c -> c.isAssignableTo(TenantScoped.class) && c.isAnnotatedWith(Revision.class))
                .<Class<?>>map(JavaClass::reflect)
                .filter(Class::isRecord)
                .toList();
    }

    @Test
    void theEventsAreFound() {
        assertThat(events()).extracting(Class::getSimpleName)
                .contains("MemberJoined", "SkillConfirmed", "SkillExtracted", "GovernanceSettingChanged")
                .hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void everyComponentThatLooksPersonalIsDeclaredEitherWay() {
        List<String> undeclared = new ArrayList<>();
        for (Class<?> event : events()) {
            undeclared(event, event.getSimpleName(), undeclared);
        }
        assertThat(undeclared).as("components that look personal and are declared neither @PersonalData nor "
                + "@NotPersonalData(\"why\")").isEmpty();
    }

    @Test
    void theRuleCatchesAnUndeclaredPersonalComponent() {
        record Undeclared(String displayName, String channelId) {
        }
        List<String> undeclared = new ArrayList<>();
        undeclared(Undeclared.class, "Undeclared", undeclared);
        assertThat(undeclared).containsExactly("Undeclared.displayName");
    }

    @Test
    void everyPersonalComponentNamesAnExistingSubjectComponentAndIsSealedBySerialization() {
        for (Class<?> event : events()) {
            Set<String> names = Set.copyOf(Arrays.stream(event.getRecordComponents()).map(RecordComponent::getName).toList());
            for (RecordComponent component : event.getRecordComponents()) {
                PersonalData personal = component.getAnnotation(PersonalData.class);
                if (personal != null) {
                    assertThat(names).as(event.getSimpleName() + "." + component.getName() + " subjectFrom")
                            .contains(personal.subjectFrom());
                    assertThat(component.getAnnotation(NotPersonalData.class)).isNull();
                    assertThat(PersonalFieldSealing.declaredIn(event)).extracting(PersonalFieldSealing.Declared::component)
                            .contains(component.getName());
                }
                NotPersonalData not = component.getAnnotation(NotPersonalData.class);
                if (not != null) {
                    assertThat(not.value()).as(event.getSimpleName() + "." + component.getName() + " says why").isNotBlank();
                }
            }
        }
    }

    private static void undeclared(Class<?> record, String path, List<String> found) {
        for (RecordComponent component : record.getRecordComponents()) {
            String where = path + "." + component.getName();
            boolean personal = component.getAnnotation(PersonalData.class) != null;
            boolean declared = personal || component.getAnnotation(NotPersonalData.class) != null;
            if (!declared && LOOKS_PERSONAL.matcher(component.getName()).find()
                    && !component.getName().toLowerCase(Locale.ROOT).equals("tenantid")) {
                found.add(where);
            }
            // A nested record sealed as a whole needs nothing inside declared; any other is checked inside too.
            if (!personal && component.getType().isRecord()) {
                undeclared(component.getType(), where, found);
            }
        }
    }
}
