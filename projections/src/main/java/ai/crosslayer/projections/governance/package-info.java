/** The governance read model: each tenant's policy and its revision. */
package ai.crosslayer.projections.governance;
