/**
 * How projections keep up and catch up (issue 14): pooled streaming processors with segments and batched
 * writes, their lag as metrics and health, and the online {@code rebuild} of a read model.
 */
package ai.crosslayer.ops.processing;
