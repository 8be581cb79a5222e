/**
 * Outbound clients, one package per provider. They know no context: a use case calls them. A provider that
 * answers with an error is a {@link ai.crosslayer.command.provider.ProviderCallFailed}.
 */
package ai.crosslayer.command.provider;
