/**
 * Personal data in an append-only log (issue 18). Events are forever, so the personal fields they carry are
 * declared here ({@link PersonalData}) and stored sealed under a data key of the person (or source) they are
 * about; destroying that key ({@link PersonalDataKeys}) erases the fields everywhere at once, while the stored
 * bytes, and so the audit chain over them, never change. Identifiers are opaque and are not personal data.
 */
package ai.crosslayer.kernel.personal;
