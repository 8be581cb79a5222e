package ai.crosslayer.ops.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * How long and how much the public port waits for a client (issue 12 item 9): a slow or silent client
 * cannot hold a connection, and so a Netty event loop's share of memory and sockets, for long. Read
 * from {@code CROSSLAYER_HTTP_*} (e.g. {@code CROSSLAYER_HTTP_REQUEST_TIMEOUT=PT30S}) and checked at
 * start-up by {@code CrossLayerSettings}.
 *
 * @param idleTimeout          a kept-alive connection that sends no further request for this long is closed
 * @param headerTimeout        a request's line and headers must have arrived within this long of its first
 *                             byte (the first request's: of the connection)
 * @param requestTimeout       a request's body must have arrived whole within this long of its headers
 * @param maxHeaderSize        all of a request's headers together, at most (larger: 431)
 * @param maxInitialLineLength the request line (method, path and query), at most (longer: 414)
 */
@ConfigurationProperties("crosslayer.http")
public record HttpLimits(Duration idleTimeout, Duration headerTimeout, Duration requestTimeout,
                         DataSize maxHeaderSize, DataSize maxInitialLineLength) {

    public HttpLimits {
        // CrossLayerSettings checks the CROSSLAYER_HTTP_* values; these are the defaults.
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
        headerTimeout = headerTimeout == null ? Duration.ofSeconds(10) : headerTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        maxHeaderSize = maxHeaderSize == null ? DataSize.ofKilobytes(16) : maxHeaderSize;
        maxInitialLineLength = maxInitialLineLength == null ? DataSize.ofKilobytes(8) : maxInitialLineLength;
    }
}
