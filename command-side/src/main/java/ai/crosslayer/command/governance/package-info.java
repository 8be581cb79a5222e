/**
 * Governance on the write side: the {@code GovernancePolicy} aggregate ({@code domain}) and
 * {@link ai.crosslayer.command.governance.app.Governance}, which the rest of the system asks at the moment of a
 * decision ({@code app}). The dashboard's {@code PUT /api/governance} is a route in {@code web}.
 */
package ai.crosslayer.command.governance;
