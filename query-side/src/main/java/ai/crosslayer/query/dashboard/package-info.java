/** The admin dashboard's pages: server-rendered HTML over the read models; their actions call the JSON routes. */
package ai.crosslayer.query.dashboard;
