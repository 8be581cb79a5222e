package ai.crosslayer.ops.eventstore;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code eventProcessors}: down when a processor is not running or
 * one of its segments is stuck on an error that no dead-letter queue could take (the database gone, a full queue).
 */
@Component("eventProcessors")
class EventProcessorsHealth extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;

    EventProcessorsHealth(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            EventProcessor processor = entry.getValue();
            String state = processor.isRunning() ? "running" : "stopped";
            if (processor.isError()) {
                state = "error";
            }
            if (processor instanceof StreamingEventProcessor streaming) {
                for (EventTrackerStatus segment : streaming.processingStatus().values()) {
                    if (segment.isErrorState()) {
                        state = "error in segment " + segment.getSegment().getSegmentId();
                    }
                }
            }
            up &= state.equals("running");
            details.put(entry.getKey(), state);
        }
        health.status(up ? "UP" : "DOWN").withDetails(details);
    }
}
