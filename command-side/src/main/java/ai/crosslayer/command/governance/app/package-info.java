/**
 * What the policy says at the moment of a safety decision, read from the policy aggregate's own events.
 */
package ai.crosslayer.command.governance.app;
