/**
 * The language every module shares: identifiers, commands, events, queries and views, and the tenant
 * scope that every one of them carries. Plain Java; no framework and no I/O lives here.
 */
package ai.crosslayer.kernel;
