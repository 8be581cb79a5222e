/** The tenant's policy for the dashboard: {@code GET /api/governance}. */
package ai.crosslayer.query.governance;
