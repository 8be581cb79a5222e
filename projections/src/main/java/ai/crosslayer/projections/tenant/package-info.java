/** The tenant directory: every tenant and its members, as the dashboard shows them. */
package ai.crosslayer.projections.tenant;
