/**
 * Tenants and their members: how a customer comes to exist in CrossLayer and who may act for it.
 * A tenant is created by the first sign-in of its organization (or email domain); later sign-ins
 * join it.
 */
package ai.crosslayer.kernel.tenant;
