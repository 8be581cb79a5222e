package ai.crosslayer.ops.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * How long and how much the public port waits for a client (issue 12 item 9): a slow or silent client
 * cannot hold a connection, and so a Netty event loop's share of memory and sockets, for long. Bound
 * from {@code CROSSLAYER_HTTP_*} (e.g. {@code CROSSLAYER_HTTP_REQUEST_TIMEOUT=PT30S}); checked at start-up.
 *
 * @param idleTimeout          a connection with no request in flight and no bytes for this long is closed
 * @param headerTimeout        a request's line and headers must have arrived within this long of its first byte
 * @param readTimeout          while a request body is being received, at most this long between two reads
 * @param requestTimeout       a request body must have arrived whole within this long of its headers
 * @param maxHeaderSize        all of a request's headers together, at most (larger: 431)
 * @param maxInitialLineLength the request line (method, path and query), at most (longer: 414)
 */
@ConfigurationProperties("crosslayer.http")
public record HttpLimits(Duration idleTimeout, Duration headerTimeout, Duration readTimeout, Duration requestTimeout,
                         DataSize maxHeaderSize, DataSize maxInitialLineLength) {

    public HttpLimits {
        idleTimeout = positive("CROSSLAYER_HTTP_IDLE_TIMEOUT", idleTimeout, Duration.ofSeconds(60));
        headerTimeout = positive("CROSSLAYER_HTTP_HEADER_TIMEOUT", headerTimeout, Duration.ofSeconds(10));
        readTimeout = positive("CROSSLAYER_HTTP_READ_TIMEOUT", readTimeout, Duration.ofSeconds(10));
        requestTimeout = positive("CROSSLAYER_HTTP_REQUEST_TIMEOUT", requestTimeout, Duration.ofSeconds(30));
        maxHeaderSize = atLeast("CROSSLAYER_HTTP_MAX_HEADER_SIZE", maxHeaderSize, DataSize.ofKilobytes(16), DataSize.ofKilobytes(1));
        maxInitialLineLength = atLeast("CROSSLAYER_HTTP_MAX_INITIAL_LINE_LENGTH", maxInitialLineLength,
                DataSize.ofKilobytes(8), DataSize.ofBytes(256));
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive ISO-8601 duration such as PT10S");
        }
        return value;
    }

    private static DataSize atLeast(String name, DataSize value, DataSize fallback, DataSize minimum) {
        if (value == null) {
            return fallback;
        }
        if (value.compareTo(minimum) < 0 || value.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be at least " + minimum.toBytes() + " bytes (e.g. 16KB)");
        }
        return value;
    }
}
