/**
 * HTTP glue configured once for every side: who the caller is (the session filter), transport
 * security (HTTPS redirect, HSTS, trusted proxies), cross-site refusals, the headers every response
 * carries, limits on slow clients, and problem details.
 */
package ai.crosslayer.ops.web;
