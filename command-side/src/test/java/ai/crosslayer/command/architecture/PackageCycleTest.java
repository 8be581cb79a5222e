package ai.crosslayer.command.architecture;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13's "done when", checked the way the issue states it: command-side's packages, read by their own imports with
 * {@code jdeps -verbose:package}, form no cycle. (The ArchUnit slices in {@link CommandSideRingsTest} say the same in
 * ArchUnit's terms; this test keeps the JDK's reading honest too.)
 */
class PackageCycleTest {

    private static final Pattern EDGE = Pattern.compile("^\\s*(ai\\.crosslayer\\.command\\S*)\\s+->\\s+(ai\\.crosslayer\\.command\\S*)\\s");

    @Test
    void jdepsFindsNoPackageCycleInCommandSide() throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
        assumeTrue(jdeps != null, "this JDK ships no jdeps tool");
        Path classes = mainClasses();
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", classes.toString());
        assertThat(exit).as("jdeps over %s", classes).isZero();

        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))) {
                edges.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
            }
        }
        assertThat(edges).as("jdeps read no dependency between command-side's packages").isNotEmpty();
        assertThat(cycles(edges)).as("package cycles (each a strongly connected set of packages)").isEmpty();
    }

    /** Where the main classes of command-side are: the directory this test's code source sits beside. */
    private static Path mainClasses() throws URISyntaxException {
        Path testClasses = Path.of(PackageCycleTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classes = testClasses.resolveSibling("classes").resolve("ai/crosslayer/command");
        assumeTrue(Files.isDirectory(classes), "command-side's compiled classes are not beside the tests: " + classes);
        return testClasses.resolveSibling("classes");
    }

    /** The strongly connected sets of more than one package (Tarjan), each one a cycle. */
    static List<Set<String>> cycles(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, edges, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> edges, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, edges, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    @Test
    void theCycleFinderFindsACycle() {
        // A test that cannot fail is a defect: the finder itself must see a cycle where there is one.
        Map<String, Set<String>> edges = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(new TreeMap<>(edges))).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
    }
}
