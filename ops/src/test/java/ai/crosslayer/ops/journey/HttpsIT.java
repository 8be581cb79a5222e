package ai.crosslayer.ops.journey;

import ai.crosslayer.ops.testing.RunningService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service serving HTTPS itself from {@code CROSSLAYER_TLS_CERTIFICATE}/{@code _PRIVATE_KEY}: TLS 1.2
 * and 1.3 are spoken. Issue #2.
 */
class HttpsIT {

    @TempDir
    Path dir;

    @Test
    void servesHttpsOverTls12AndTls13() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSignedCertificate(cert, key);
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dir.resolve("data"))
                .set("CROSSLAYER_TLS_CERTIFICATE", cert)
                .set("CROSSLAYER_TLS_PRIVATE_KEY", key)
                .start()) {
            assertThat(get(service.port(), "TLSv1.3")).startsWith("HTTP/1.1 200").contains("\"status\":\"UP\"");
            assertThat(get(service.port(), "TLSv1.2")).startsWith("HTTP/1.1 200");
        }
    }

    private static String get(int port, String protocol) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{new TrustTheTestCertificate()}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[]{protocol});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            OutputStream out = socket.getOutputStream();
            out.write("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void selfSignedCertificate(Path cert, Path key) throws IOException, InterruptedException {
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noOpenssl) {
            Assumptions.abort("openssl is not installed here, and it makes this test's certificate");
            return;
        }
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as("openssl made a certificate").isZero();
    }

    /** Trusts exactly what a test made a moment ago; never anything like this outside a test. */
    private static final class TrustTheTestCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            assertThat(chain[0].getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
