/**
 * The tenant aggregate, kept here rather than in a {@code domain} package because its snapshots are stored under
 * this class name; placing a sign-in into a tenant ({@code app}); the sign-in keys and the tenant list
 * ({@code store}).
 */
package ai.crosslayer.command.tenant;
