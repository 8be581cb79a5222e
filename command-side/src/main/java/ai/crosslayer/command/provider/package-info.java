/**
 * Outbound clients, one package per provider. They know no context: a use case calls them. A provider that
 * answers with an error is a {@link ai.crosslayer.command.provider.ProviderCallFailed} (WorkOS, which signs people in,
 * answers a refused sign-in with its own {@link ai.crosslayer.command.provider.workos.WorkOsRefusedSignIn}).
 */
package ai.crosslayer.command.provider;
