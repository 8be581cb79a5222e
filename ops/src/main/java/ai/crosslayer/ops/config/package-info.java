/**
 * Configuration: the {@code CROSSLAYER_*} settings, checked all at once before anything starts, and
 * the local profile's generated keys.
 */
package ai.crosslayer.ops.config;
