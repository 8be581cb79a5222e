/**
 * How the service stops: the order in which its parts finish their work, so that a stop under load is
 * graceful and quiet (issue 11.5).
 */
package ai.crosslayer.ops.lifecycle;
