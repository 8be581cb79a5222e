/**
 * The write side's HTTP routes: signing in (WorkOS AuthKit and, in the local profile only, a dev sign-in), signing
 * out, Slack and GitHub installs, disconnects and repository picks, {@code PUT /api/governance}.
 */
package ai.crosslayer.command.web;
