/** The integration catalog: a tenant's Slack and GitHub connections as the dashboard lists them. */
package ai.crosslayer.projections.integration;
