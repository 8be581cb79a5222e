/**
 * The write side: aggregates that decide, and the inbound adapters that turn the outside world
 * (sign-ins, Slack, OAuth callbacks, dashboard actions) into their commands.
 */
package ai.crosslayer.command;
