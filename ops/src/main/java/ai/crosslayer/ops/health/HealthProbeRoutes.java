package ai.crosslayer.ops.health;

import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;

/**
 * The two health probes a platform sends to the public port: {@code /actuator/health/liveness} and
 * {@code /actuator/health/readiness}, answering only a status (200 or 503). Everything else of actuator —
 * health details, metrics — is on the management port ({@code CROSSLAYER_MANAGEMENT_PORT}), which the
 * public never reaches (issue 12 item 5).
 */
@RestController
class HealthProbeRoutes {

    private final HealthEndpoint health;
    private final HttpCodeStatusMapper statusCodes;

    HealthProbeRoutes(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
        this.health = health;
        this.statusCodes = statusCodes;
    }

    @GetMapping(path = "/actuator/health/liveness", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, String>>> liveness() {
        return probe("liveness");
    }

    @GetMapping(path = "/actuator/health/readiness", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, String>>> readiness() {
        return probe("readiness");
    }

    private Mono<ResponseEntity<Map<String, String>>> probe(String group) {
        // A group's indicators may ask the database: off the event loop.
        return Mono.fromCallable(() -> health.healthForPath(group))
                .subscribeOn(Schedulers.boundedElastic())
                .map(HealthComponent::getStatus)
                .map(status -> ResponseEntity.status(statusCodes.getStatusCode(status))
                        .body(Map.of("status", status.getCode())))
                .defaultIfEmpty(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "UNKNOWN")));
    }
}
