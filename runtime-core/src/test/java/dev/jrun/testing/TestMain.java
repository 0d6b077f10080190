package dev.jrun.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the named test classes (or {@code Class#method}) without Maven and prints one line per test,
 * then one per class: how test-vm/ runs the privileged tests inside a guest VM and on an arm64 JVM.
 * Exits 0 only when tests ran and none failed or was skipped (the guest is made for the default
 * classes: a skip there means the guest lacks something), but for the skips of what qemu-user cannot
 * do ({@link QemuUser}) and those named in {@code -Djrun.test.expectedSkips=Class.method#1,...} (what
 * the guest's kernel lacks); with {@code --allow-skips} first (a whole suite, where some tests need
 * what a guest has not, e.g. a newer kernel), only a failure does.
 */
public final class TestMain {
    private TestMain() {}

    /** Kept: JUL holds loggers weakly, and a collected one forgets its level. */
    private static final Logger JUNIT_LOG = Logger.getLogger("org.junit");

    public static void main(String[] args) {
        JUNIT_LOG.setLevel(Level.SEVERE); // not a warning per symlink each @TempDir deletes
        boolean allowSkips = args.length > 0 && args[0].equals("--allow-skips");
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        Arrays.stream(args).skip(allowSkips ? 1 : 0).forEach(name -> request.selectors(name.contains("#")
                ? selectMethod(name) : selectClass(name)));
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherDiscoveryRequest built = request.build();
        LinePerTest lines = new LinePerTest();
        LauncherFactory.create().execute(built, summary, lines);
        TestExecutionSummary result = summary.getSummary();
        result.printFailuresTo(new PrintWriter(System.out, true), 20);
        lines.classes.print(System.out);
        System.out.printf("tests: %d run, %d passed, %d failed, %d skipped%n", result.getTestsStartedCount(),
                result.getTestsSucceededCount(), result.getTotalFailureCount(),
                result.getTestsSkippedCount() + result.getTestsAbortedCount());
        boolean ok = result.getTestsStartedCount() > 0 && result.getTotalFailureCount() == 0
                && (allowSkips || result.getTestsSkippedCount() + result.getTestsAbortedCount() == lines.allowedSkips)
                && result.getContainersFailedCount() == 0;
        System.exit(ok ? 0 : 1);
    }

    /** "PASS|FAIL|SKIP Class.method (ms)", as each test ends; and the counts per class. */
    private static final class LinePerTest implements TestExecutionListener {
        private final ClassTally classes = new ClassTally();
        private long start;
        private final Set<String> expectedSkips = Set.of(System.getProperty("jrun.test.expectedSkips", "").split(","));
        private int allowedSkips;

        @Override
        public void executionStarted(TestIdentifier test) {
            start = System.nanoTime();
            classes.started(test);
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            System.out.printf("SKIP %s: %s%n", name(test), reason);
            classes.skipped(test);
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            classes.finished(test, result);
            if (!test.isTest()) {
                return;
            }
            String status = switch (result.getStatus()) {
                case SUCCESSFUL -> "PASS";
                case ABORTED -> "SKIP"; // an assumption failed
                case FAILED -> "FAIL";
            };
            String why = result.getThrowable().map(t -> ": " + t).orElse("");
            if (status.equals("SKIP") && (why.contains(QemuUser.SKIP_REASON) || expectedSkips.contains(name(test)))) {
                allowedSkips++;
            }
            System.out.printf("%s %s (%d ms)%s%n", status, name(test), (System.nanoTime() - start) / 1_000_000, why);
        }

        private static String name(TestIdentifier test) {
            // Class.method, or Class.template#N for an invocation of a parameterized test
            return test.getUniqueId().replaceAll(".*\\[class:([^\\]]*)\\].*\\[(?:method|test-template):([^(\\]]*)"
                    + "[^\\]]*\\](?:/\\[test-template-invocation:(#[0-9]+)\\])?.*", "$1.$2$3");
        }
    }
}
