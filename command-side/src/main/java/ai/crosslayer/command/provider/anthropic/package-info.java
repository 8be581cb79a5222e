/**
 * Anthropic's Messages API: a skill extracted from a conversation, behind a circuit breaker, with secrets redacted
 * before any text leaves.
 */
package ai.crosslayer.command.provider.anthropic;
