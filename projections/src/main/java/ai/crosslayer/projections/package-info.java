/**
 * Read models: event handlers that keep the tables the dashboard and auditors query, each table owned
 * by one projection whose class, processing group and table share a name.
 */
package ai.crosslayer.projections;
