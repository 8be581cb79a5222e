/**
 * HTTP glue configured once for every side: who the caller is (the session filter), transport
 * security (HTTPS redirect, HSTS, trusted proxies), and problem details.
 */
package ai.crosslayer.ops.web;
