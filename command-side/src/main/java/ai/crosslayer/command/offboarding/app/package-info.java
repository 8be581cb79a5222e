/**
 * Offboarding's use case ({@link ai.crosslayer.command.offboarding.app.TenantOffboarding}), the rows it deletes in
 * the transaction that records {@code TenantOffboarded}, and the port through which the final checkpoint is signed.
 */
package ai.crosslayer.command.offboarding.app;
