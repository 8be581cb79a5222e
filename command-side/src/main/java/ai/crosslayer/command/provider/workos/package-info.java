/**
 * WorkOS AuthKit through plain HTTP: the authorize redirect and the exchange of a sign-in code for a verified identity.
 */
package ai.crosslayer.command.provider.workos;
