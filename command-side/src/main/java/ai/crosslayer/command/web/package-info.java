/**
 * Signing in: WorkOS AuthKit (and, in the local profile only, a dev sign-in) turn a verified
 * identity into tenant commands and a signed session cookie.
 */
package ai.crosslayer.command.web;
