package ai.crosslayer.kernel.personal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a component whose name looks personal (an id, a name, an email, a permalink) is not personal
 * data, and says why: for example an opaque identifier, or a channel's name. A test fails for every event
 * component that looks personal and is declared neither way.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface NotPersonalData {
    /** Why it is not personal data. */
    String value();
}
