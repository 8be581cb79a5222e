/** The signal board for the dashboard: {@code GET /api/signals}. */
package ai.crosslayer.query.signal;
