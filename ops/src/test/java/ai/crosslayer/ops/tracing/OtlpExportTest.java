package ai.crosslayer.ops.tracing;

import ai.crosslayer.ops.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OTEL_EXPORTER_OTLP_ENDPOINT is a collector's base URL, as in every OpenTelemetry SDK. */
class OtlpExportTest {

    @Test
    void tracesGoToTheTracesPathOfTheCollector() {
        assertThat(OtlpExport.tracesUrl("http://otel-collector:4318")).isEqualTo("http://otel-collector:4318/v1/traces");
        assertThat(OtlpExport.tracesUrl(" https://collector.example/otlp/ ")).isEqualTo("https://collector.example/otlp/v1/traces");
    }

    @Test
    void anEndpointThatIsNoHttpUrlIsRefusedByName() {
        for (String endpoint : new String[]{"otel-collector:4318", "ftp://collector", "http://", "http://bad host"}) {
            assertThatThrownBy(() -> OtlpExport.tracesUrl(endpoint)).as(endpoint)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT must be the collector's http(s) base URL");
        }
    }
}
