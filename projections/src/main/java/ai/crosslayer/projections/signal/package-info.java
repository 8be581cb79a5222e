/** The signal board: every signal of a tenant and where it is in its life. */
package ai.crosslayer.projections.signal;
