package ai.crosslayer.query.audit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns a blocking writer of lines into a {@link Flux} of chunks that respects the subscriber's demand:
 * the writer, on a bounded-elastic thread, waits while the client is not reading, so a slow client of
 * a huge export holds at most one chunk in memory, never the export. Cancelling stops the writer.
 */
final class BlockingLines {

    static final int CHUNK = 64 * 1024;

    private BlockingLines() {
    }

    static Flux<String> stream(Consumer<Consumer<String>> writer) {
        return Flux.create(sink -> {
            Demand demand = new Demand();
            sink.onRequest(demand::add);
            sink.onCancel(demand::cancel);
            Schedulers.boundedElastic().schedule(() -> {
                StringBuilder chunk = new StringBuilder(CHUNK + 1024);
                try {
                    writer.accept(line -> {
                        chunk.append(line).append('\n');
                        if (chunk.length() >= CHUNK) {
                            demand.take();
                            sink.next(chunk.toString());
                            chunk.setLength(0);
                        }
                    });
                    if (!chunk.isEmpty()) {
                        demand.take();
                        sink.next(chunk.toString());
                    }
                    sink.complete();
                } catch (CancellationException cancelled) {
                    // The client went away; the writer's transaction has been rolled back on the way out.
                } catch (RuntimeException e) {
                    sink.error(e);
                }
            });
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /** Outstanding demand; {@link #take} blocks until there is some, or throws once cancelled. */
    private static final class Demand {
        private final AtomicLong outstanding = new AtomicLong();
        private volatile boolean cancelled;

        synchronized void add(long n) {
            outstanding.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            notifyAll();
        }

        synchronized void cancel() {
            cancelled = true;
            notifyAll();
        }

        synchronized void take() {
            while (outstanding.get() == 0 && !cancelled) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the client");
                }
            }
            if (cancelled) {
                throw new CancellationException("the client cancelled");
            }
            outstanding.decrementAndGet();
        }
    }
}
