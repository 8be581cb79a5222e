/** The integration catalog for the dashboard: {@code GET /api/integrations} and {@code GET /api/integrations/{id}}. */
package ai.crosslayer.query.integration;
