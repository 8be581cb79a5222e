/** The read side: query handlers over the projections, and the HTTP routes that serve them. */
package ai.crosslayer.query;
