/**
 * Skills: reusable team know-how extracted from what a team says in Slack, proposed on a card in the
 * channel, and confirmed or discarded by the people there. Events keep the derived skill, never the
 * messages it came from (only where they are and a hash of their text).
 */
package ai.crosslayer.kernel.skill;
