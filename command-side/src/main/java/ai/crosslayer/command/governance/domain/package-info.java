/**
 * The {@code GovernancePolicy} aggregate: a tenant's policy, each change checked against the revision it names.
 */
package ai.crosslayer.command.governance.domain;
