/**
 * Traces: every request joins the W3C trace its {@code traceparent} names or starts one (Micrometer Tracing
 * on OpenTelemetry, set up by Spring Boot), the events a request causes carry that trace id, and spans are
 * exported over OTLP only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set.
 */
package ai.crosslayer.ops.tracing;
