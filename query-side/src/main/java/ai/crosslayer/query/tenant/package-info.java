/** Who am I: the signed-in member and their tenant, from the tenant directory. */
package ai.crosslayer.query.tenant;
