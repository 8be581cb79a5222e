package ai.crosslayer.ops.tracing;

import ai.crosslayer.ops.config.InvalidConfigurationException;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.Transport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.net.URI;
import java.util.List;

/**
 * Spans leave the process only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set, as in every OpenTelemetry
 * SDK: it is the collector's base URL, and traces go to {@code <endpoint>/v1/traces} (OTLP over HTTP,
 * protobuf). With it unset, Spring Boot's OTLP exporter has no connection and is not created.
 */
@Configuration(proxyBeanMethods = false)
class OtlpExport {

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

    @Bean
    @Conditional(EndpointSet.class)
    OtlpTracingConnectionDetails otlpCollector(Environment environment) {
        String traces = tracesUrl(environment.getProperty(ENDPOINT, ""));
        return new OtlpTracingConnectionDetails() {
            @Override
            public String getUrl(Transport transport) {
                return traces;
            }
        };
    }

    /** The OTLP/HTTP traces URL of a collector's base URL, or a refusal that names the setting. */
    static String tracesUrl(String endpoint) {
        String base = endpoint.strip();
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new InvalidConfigurationException(List.of(ENDPOINT + " must be the collector's http(s) base URL,"
                    + " e.g. http://otel-collector:4318"));
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
    }

    /** The endpoint is set and not blank. */
    static final class EndpointSet implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String endpoint = context.getEnvironment().getProperty(ENDPOINT);
            return endpoint != null && !endpoint.isBlank();
        }
    }
}
