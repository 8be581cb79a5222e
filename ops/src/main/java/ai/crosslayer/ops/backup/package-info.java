/**
 * Encrypted backups of everything the service keeps in PostgreSQL, their verification, restore into an empty
 * database, a 7-day rolling window, and the daily run inside the service (issue 17 item 3).
 */
package ai.crosslayer.ops.backup;
