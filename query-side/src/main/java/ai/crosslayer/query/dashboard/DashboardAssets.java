package ai.crosslayer.query.dashboard;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The dashboard's script and style sheet, served by the service itself (no CDN). Read once when the routes are
 * created: a file read on the event loop would block it (issue 11.7).
 */
@RestController
class DashboardAssets {

    private static final byte[] SCRIPT = read("/dashboard/dashboard.js");
    private static final byte[] STYLE = read("/dashboard/dashboard.css");
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(10));

    @GetMapping("/assets/dashboard.js")
    ResponseEntity<byte[]> script() {
        return ResponseEntity.ok().cacheControl(CACHE).contentType(MediaType.parseMediaType("text/javascript;charset=UTF-8")).body(SCRIPT);
    }

    @GetMapping("/assets/dashboard.css")
    ResponseEntity<byte[]> style() {
        return ResponseEntity.ok().cacheControl(CACHE).contentType(MediaType.parseMediaType("text/css;charset=UTF-8")).body(STYLE);
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
            return Objects.requireNonNull(in, resource).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
