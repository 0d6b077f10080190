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
 * Runs the named test classes (or {@code Class#method}) without Maven and prints one line per test:
 * how test-vm/ runs the privileged tests inside a guest VM and on an arm64 JVM. Exits 0 only when
 * tests ran and none failed or was skipped (in the guest every test can run: a skip there means the
 * guest lacks something), but for the skips of what qemu-user cannot do ({@link QemuUser}) and those
 * named in {@code -Djrun.test.expectedSkips=Class.method#1,...} (what the guest's kernel lacks).
 */
public final class TestMain {
    private TestMain() {}

    /** Kept: JUL holds loggers weakly, and a collected one forgets its level. */
    private static final Logger JUNIT_LOG = Logger.getLogger("org.junit");

    public static void main(String[] classNames) {
        JUNIT_LOG.setLevel(Level.SEVERE); // not a warning per symlink each @TempDir deletes
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        Arrays.stream(classNames).forEach(name -> request.selectors(name.contains("#") ? selectMethod(name)
                : selectClass(name)));
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherDiscoveryRequest built = request.build();
        LinePerTest lines = new LinePerTest();
        LauncherFactory.create().execute(built, summary, lines);
        TestExecutionSummary result = summary.getSummary();
        result.printFailuresTo(new PrintWriter(System.out, true), 20);
        System.out.printf("tests: %d run, %d passed, %d failed, %d skipped%n", result.getTestsStartedCount(),
                result.getTestsSucceededCount(), result.getTotalFailureCount(),
                result.getTestsSkippedCount() + result.getTestsAbortedCount());
        boolean ok = result.getTestsStartedCount() > 0 && result.getTotalFailureCount() == 0
                && result.getTestsSkippedCount() + result.getTestsAbortedCount() == lines.allowedSkips
                && result.getContainersFailedCount() == 0;
        System.exit(ok ? 0 : 1);
    }

    /** "PASS|FAIL|SKIP Class.method (ms)", as each test ends. */
    private static final class LinePerTest implements TestExecutionListener {
        private long start;
        private final Set<String> expectedSkips = Set.of(System.getProperty("jrun.test.expectedSkips", "").split(","));
        private int allowedSkips;

        @Override
        public void executionStarted(TestIdentifier test) {
            start = System.nanoTime();
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            System.out.printf("SKIP %s: %s%n", test.getLegacyReportingName(), reason);
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
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
            // a parameterized test's invocations as Class.method#1, #2, ...
            return test.getUniqueId().replaceAll(".*\\[class:([^\\]]*)\\].*\\[(?:method|test-template):([^(\\]]*)[^\\]]*\\]"
                    + "(?:/\\[test-template-invocation:(#\\d+)\\])?.*", "$1.$2$3");
        }
    }
}
