package dev.jrun.testing;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Counts per test class (nested classes go to their outer one): what test-vm/ prints after a run, one
 * line per class, so a guest's results can be read off by class. A class-level failure (a failing
 * {@code @BeforeAll}) counts as one failed test, a skipped class as one skipped.
 */
final class ClassTally {
    /** One class's counts so far; seconds from its start to its end. */
    private record Counts(int passed, int skipped, int failed, long startNanos, double seconds) {
        Counts add(int p, int s, int f) {
            return new Counts(passed + p, skipped + s, failed + f, startNanos, seconds);
        }
    }

    private final Map<String, Counts> classes = new LinkedHashMap<>();

    /** The outermost class a test or container belongs to, or null (the engine's root). */
    static String className(TestIdentifier id) {
        String unique = id.getUniqueId();
        int at = unique.indexOf("[class:");
        return at < 0 ? null : unique.substring(at + 7, unique.indexOf(']', at));
    }

    void started(TestIdentifier id) {
        if (isClass(id)) {
            classes.put(className(id), new Counts(0, 0, 0, System.nanoTime(), 0));
        }
    }

    void skipped(TestIdentifier id) {
        String name = className(id);
        if (name != null) {
            classes.merge(name, new Counts(0, 1, 0, System.nanoTime(), 0), (old, one) -> old.add(0, 1, 0));
        }
    }

    void finished(TestIdentifier id, TestExecutionResult result) {
        String name = className(id);
        if (name == null || !classes.containsKey(name)) {
            return;
        }
        Counts c = classes.get(name);
        if (id.isTest() || result.getStatus() == TestExecutionResult.Status.FAILED) {
            c = switch (result.getStatus()) {
                case SUCCESSFUL -> c.add(1, 0, 0);
                case ABORTED -> c.add(0, 1, 0);
                case FAILED -> c.add(0, 0, 1);
            };
        }
        if (isClass(id)) {
            c = new Counts(c.passed, c.skipped, c.failed, c.startNanos, (System.nanoTime() - c.startNanos) / 1e9);
        }
        classes.put(name, c);
    }

    void print(PrintStream out) {
        out.printf("%-50s %6s %7s %6s %8s%n", "CLASS", "passed", "skipped", "failed", "seconds");
        classes.forEach((name, c) -> out.printf("%-50s %6d %7d %6d %8.1f%n", name, c.passed, c.skipped, c.failed,
                c.seconds));
    }

    private static boolean isClass(TestIdentifier id) {
        return id.getUniqueId().endsWith("[class:" + className(id) + "]");
    }
}
