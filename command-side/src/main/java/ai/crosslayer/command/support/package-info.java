/**
 * What every context uses: problem details, the sign-in settings, the audit metadata of a command, back-off, the lease queue of the inbox
 * and the outboxes, and the work lanes — a pool of worker threads shared fairly between tenants (each tenant a
 * bounded number of tasks at once, the least recently served first), apart from the scheduler's threads, so that
 * one tenant's slow outside calls never hold another's. Issue 19.
 */
package ai.crosslayer.command.support;
