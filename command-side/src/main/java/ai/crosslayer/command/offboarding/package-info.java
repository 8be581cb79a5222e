/**
 * Offboarding a tenant (issue 18, item 3): the one use case that reaches across every context — it revokes the
 * integrations, closes the tenant, and deletes what each context kept of it — so it sits beside them, and none
 * of them depends on it.
 */
package ai.crosslayer.command.offboarding;
