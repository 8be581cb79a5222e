/**
 * The write side, by context ({@code tenant}, {@code integration}, {@code skill}, {@code signal}, {@code governance}),
 * each in rings: {@code domain} (aggregate, rules, ports), {@code app} (use cases), {@code store} (tables). Beside
 * them the edges, {@code web} (HTTP routes) and {@code slack} (what Slack sends), the outbound clients in
 * {@code provider}, and {@code support}. {@code CommandSideRingsTest} keeps the arrows pointing one way.
 */
package ai.crosslayer.command;
