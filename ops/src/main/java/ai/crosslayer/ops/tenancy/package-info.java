/**
 * Tenant isolation glue, configured once for every side (DESIGN.md §4): the tenant scope carried
 * across Reactor thread hops and Axon messages, the database role and the PostgreSQL tenant setting
 * of every transaction, and the jOOQ guard that refuses a query outside its tenant's scope.
 */
package ai.crosslayer.ops.tenancy;
