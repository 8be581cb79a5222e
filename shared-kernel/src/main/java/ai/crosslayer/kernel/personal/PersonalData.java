package ai.crosslayer.kernel.personal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a component of an event record as personal data of a subject: it is stored sealed under the
 * subject's data key, and it reads as erased once that key is destroyed. {@code subjectFrom} names the
 * component of the same record that holds the subject's id (for example {@code "userId"} for
 * {@code MemberJoined.email}).
 *
 * <pre>{@code
 * public record MemberJoined(TenantId tenantId, String userId,
 *                            @PersonalData(subject = DataSubject.MEMBER, subjectFrom = "userId") String email, ...)
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface PersonalData {
    DataSubject subject();

    /** The record component holding the subject's id. */
    String subjectFrom();
}
