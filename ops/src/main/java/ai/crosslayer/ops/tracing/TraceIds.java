package ai.crosslayer.ops.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A command sent while a trace is current (an HTTP request's, restored on whichever thread the request
 * runs) carries that trace's id as its {@code traceId} metadata; Axon's {@code MessageOriginProvider} copies
 * it onto every event the command causes, and onto the commands and events those cause in turn. A command
 * sent outside any trace keeps Axon's default: the id of the message that started its chain.
 */
@Configuration(proxyBeanMethods = false)
class TraceIds {

    /** The metadata key Axon's {@code MessageOriginProvider} reads and writes. */
    static final String TRACE_ID = "traceId";

    @Autowired
    void commands(CommandBus commands, Tracer tracer) {
        commands.registerDispatchInterceptor(stampTraceId(tracer));
    }

    static MessageDispatchInterceptor<CommandMessage<?>> stampTraceId(Tracer tracer) {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    if (command.getMetaData().containsKey(TRACE_ID)) {
                        return command;
                    }
                    Span span = tracer.currentSpan();
                    String traceId = span == null ? null : span.context().traceId();
                    return traceId == null || traceId.isEmpty() ? command : command.andMetaData(Map.of(TRACE_ID, traceId));
                };
            }
        };
    }
}
