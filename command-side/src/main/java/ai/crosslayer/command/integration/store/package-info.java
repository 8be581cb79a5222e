/**
 * The token vault: OAuth tokens sealed with {@code crypto_box_seal} to the master public key, in a table outside the
 * event store, opened only at the moment of use, re-sealed when the master key rotates; and the OAuth states of
 * installs under way.
 */
package ai.crosslayer.command.integration.store;
