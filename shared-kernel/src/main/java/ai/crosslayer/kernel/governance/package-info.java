/**
 * Governance: each tenant's policy for how the bot behaves — where it may read without being asked, who may
 * approve skills, where signals go, how long messages may wait, whether GitHub skills are watched — and every
 * change to it, with who changed it from what to what.
 */
package ai.crosslayer.kernel.governance;
