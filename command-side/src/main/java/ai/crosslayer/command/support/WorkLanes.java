package ai.crosslayer.command.support;

import ai.crosslayer.kernel.TenantId;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker pool for work that calls outside services, shared between tenants: at most
 * {@link WorkSettings#perTenant()} tasks of one tenant run at once, and a task is only handed out when a thread is
 * free for it, so nothing queues behind a slow tenant. Callers claim work from the database only as far as
 * {@link #room} allows, serving tenants in {@link #fairOrder} (least recently served first): a tenant whose calls
 * hang holds its own lanes, never another's.
 */
@Component
public class WorkLanes {

    private static final Logger log = LoggerFactory.getLogger(WorkLanes.class);

    private final WorkSettings settings;
    private final ExecutorService pool;
    private final AtomicInteger busy = new AtomicInteger();
    private final Map<TenantId, AtomicInteger> perTenant = new ConcurrentHashMap<>();
    private final Map<TenantId, Long> lastServed = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();

    public WorkLanes(WorkSettings settings) {
        this.settings = settings;
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "crosslayer-work-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How many more tasks of {@code tenant} may start now (0 when its lanes or the pool are full). */
    public int room(TenantId tenant) {
        int tenantRoom = settings.perTenant() - inFlight(tenant);
        int poolRoom = settings.threads() - busy.get();
        return Math.max(0, Math.min(tenantRoom, poolRoom));
    }

    /** {@code tenants}, the least recently served first, so that every tenant with work gets its turn. */
    public List<TenantId> fairOrder(Collection<TenantId> tenants) {
        return tenants.stream().sorted(Comparator.comparingLong(tenant -> lastServed.getOrDefault(tenant, 0L))).toList();
    }

    /**
     * Runs {@code task} for {@code tenant} on a worker thread, if {@link #room} allows; answers whether it was taken.
     * A task's failure is the task's to handle: what escapes is logged.
     */
    public boolean submit(TenantId tenant, String what, Runnable task) {
        AtomicInteger count = perTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (count.incrementAndGet() > settings.perTenant()) {
            count.decrementAndGet();
            return false;
        }
        if (busy.incrementAndGet() > settings.threads()) {
            busy.decrementAndGet();
            count.decrementAndGet();
            return false;
        }
        lastServed.put(tenant, served.incrementAndGet());
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    if (ClosedTenant.refused(e)) {
                        // Offboarded while in hand: its queue row went with the tenant, so nothing retries it.
                        log.info("{} of tenant {} dropped: the tenant was offboarded", what, tenant);
                        return;
                    }
                    log.error("{} of tenant {} failed", what, tenant, e);
                } finally {
                    count.decrementAndGet();
                    busy.decrementAndGet();
                }
            });
            return true;
        } catch (RuntimeException rejected) {
            // Only after shutdown: the work stays in the database for the next process.
            count.decrementAndGet();
            busy.decrementAndGet();
            return false;
        }
    }

    /** Tasks of {@code tenant} running now. */
    public int inFlight(TenantId tenant) {
        AtomicInteger count = perTenant.get(tenant);
        return count == null ? 0 : count.get();
    }

    /** Tasks running now, all tenants. */
    public int busy() {
        return busy.get();
    }

    /**
     * Stops handing out work. Running tasks are interrupted rather than awaited: their rows are leased in the
     * database, so what did not finish is claimed again by the next process (and a post that may have happened
     * is looked up before it is made again).
     */
    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
