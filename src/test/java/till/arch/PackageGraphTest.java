package till.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of src/main depend on each other one way only: no cycle, and nothing depends on the root package
 * {@code till} (main and wiring), which sits on top. Read from the sources: imports and fully qualified names, with
 * comments and string literals left out.
 */
class PackageGraphTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\btill((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern NOT_CODE = Pattern.compile(
            "(?s)/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])+'");

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> graph = graph();
        List<String> cycle = findCycle(graph);
        assertEquals(List.of(), cycle, "a package cycle");
    }

    @Test
    void nothingDependsOnTheRootPackage() {
        Map<String, Set<String>> users = new TreeMap<>();
        graph().forEach((from, to) -> {
            if (!from.equals("till") && to.contains("till")) {
                users.put(from, to);
            }
        });
        assertEquals(Map.of(), users, "packages that use the root package till");
    }

    @Test
    void theSearchFindsACycle() {
        assertEquals(List.of("b", "c", "b"), findCycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("b")))));
        assertEquals(List.of(), findCycle(Map.of("a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of())));
    }

    /** package -> the other packages of Till its classes name. */
    static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(NOT_CODE.matcher(read(file)).replaceAll(" "));
                while (m.find()) {
                    String target = "till" + m.group(1);
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** A cycle as the list of its packages (first repeated at the end), or empty. Depth-first search. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // absent: unseen, 1: on the path, 2: done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return false;
        }
        if (seen != null) {
            path.subList(0, path.indexOf(node)).clear();
            path.add(node);
            return true;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (visit(next, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
