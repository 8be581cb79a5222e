package ai.crosslayer.ops.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * BlockHound in the whole-system tests (issue 11.7): every service a test starts runs with it, and a blocking
 * call (JDBC, a file, a sleep, a lock wait) on a Netty event-loop or Reactor parallel thread is recorded with
 * where it came from and fails the request; {@link RunningService#close()} then fails the test, naming it.
 * Java 17 lets BlockHound redefine JDK methods only with {@code -XX:+AllowRedefinitionToAddDeleteMethods}
 * (the Failsafe argLine in the parent POM).
 */
public final class NonBlockingThreads {

    private static final List<String> FOUND = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private NonBlockingThreads() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        // Reactor's own integration (loaded by install) marks Netty and Reactor's non-blocking threads.
        BlockHound.install(builder -> builder
                // Class loading and logging are not what this check is about: they happen once or are buffered.
                .allowBlockingCallsInside("java.lang.ClassLoader", "loadClass")
                // Kotlin's reflection (Jackson's Kotlin module) reads its built-ins' metadata from its jar once per
                // JVM, on whichever thread first serializes a type that needs them: class loading by another name.
                .allowBlockingCallsInside("kotlin.reflect.jvm.internal.impl.builtins.jvm.JvmBuiltInsPackageFragmentProvider", "findPackage")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                // SecureRandom reads /dev/urandom, which never blocks once the kernel is seeded.
                .allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
                .blockingMethodCallback(method -> {
                    String where = Arrays.stream(new Throwable().getStackTrace())
                            .map(StackTraceElement::toString)
                            .filter(frame -> frame.startsWith("ai.crosslayer"))
                            .limit(6)
                            .collect(Collectors.joining("\n      <- "));
                    FOUND.add(method + " on " + Thread.currentThread().getName()
                            + (where.isEmpty() ? "" : "\n      <- " + where));
                    throw new BlockingOperationError(method);
                }));
        installed = true;
    }

    /** Fails, naming every blocking call seen on a non-blocking thread since the last check, and forgets them. */
    static void assertNoneFound() {
        if (!FOUND.isEmpty()) {
            String found = String.join("\n  ", FOUND.stream().distinct().toList());
            FOUND.clear();
            throw new AssertionError("blocking calls on non-blocking threads (issue 11.7):\n  " + found);
        }
    }
}
