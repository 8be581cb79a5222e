/**
 * Governance on the write side: the {@code GovernancePolicy} aggregate, the dashboard's {@code PUT
 * /api/governance}, and {@link ai.crosslayer.command.governance.Governance}, which the rest of the system asks
 * at the moment of a decision.
 */
package ai.crosslayer.command.governance;
