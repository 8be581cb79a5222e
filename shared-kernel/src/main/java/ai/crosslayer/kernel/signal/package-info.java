/**
 * Signals: alerts the bot posts into a channel — a skill that may be stale, a conflicting skill, a skill
 * waiting too long for review, an integration in trouble — each delivered at least once through an outbox
 * and shown once, with its whole life as events.
 */
package ai.crosslayer.kernel.signal;
