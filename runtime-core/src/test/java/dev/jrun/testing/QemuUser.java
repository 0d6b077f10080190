package dev.jrun.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrun.launch.LaunchEvent;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.ProcessPrivileges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether this JVM runs under qemu-user, user-mode emulation of another architecture (how
 * test-vm/arm64-user.sh runs the launch-path tests on an arm64 JVM), and what the tests do about
 * what it cannot do. qemu-user hands most system calls to the host's kernel, but seccomp returns
 * ENOSYS (a filter would confine the emulator itself), the child of posix_spawn's vfork is a plain
 * copy that no longer holds its parent until the exec, and every emulated process has a thread more:
 * tests of those skip, saying so, containers run without their seccomp filter, and launches wait as
 * vfork would ({@link #observer}).
 */
public final class QemuUser {
    private QemuUser() {}

    /** How the reasons of its skips start: test-vm's TestMain lets these pass. */
    static final String SKIP_REASON = "qemu-user (";

    /** The emulator running this JVM, or null when it runs natively. */
    private static final Path EMULATOR = detect();

    static {
        if (EMULATOR != null) {
            System.err.println("qemu-user: this JVM runs under " + EMULATOR
                    + "; its containers run without seccomp (qemu-user cannot install a filter)");
        }
    }

    /** qemu-user shows the emulated program as /proc/self/exe, but not as /proc/thread-self/exe: that is the emulator. */
    private static Path detect() {
        try {
            Path thread = Files.readSymbolicLink(Path.of("/proc/thread-self/exe"));
            return thread.equals(Files.readSymbolicLink(Path.of("/proc/self/exe"))) ? null : thread;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/thread-self/exe: " + e.getMessage(), e);
        }
    }

    public static boolean active() {
        return EMULATOR != null;
    }

    /** Skips the test under qemu-user, which cannot do {@code what}. */
    public static void assumeItCan(String what) {
        assumeTrue(EMULATOR == null, SKIP_REASON + EMULATOR + ") cannot " + what);
    }

    /**
     * {@code observer}, which under qemu-user also holds the launch thread's posix_spawn until the
     * barrier thread has released or killed the child, as vfork would (it returns once the child
     * execs or dies): else the launch thread, back from a fork at once, ends and the launch unblocks
     * the barrier's FIFOs before the child opened them, and the child waits at the barrier for ever.
     */
    public static LaunchObserver observer(LaunchObserver observer) {
        if (EMULATOR == null) {
            return observer;
        }
        CountDownLatch released = new CountDownLatch(1);
        return event -> {
            observer.onEvent(event);
            if (event.kind() != LaunchEvent.Kind.CALL) {
                return;
            }
            if (event.step().equals("release-barrier") || event.text().startsWith("kill(")) {
                released.countDown(); // the barrier thread let the child go, or killed it (a failed step)
            } else if (event.step().equals("spawn")) {
                awaitRelease(released);
            }
        };
    }

    /** Bounded: a launch whose barrier thread fails before it has a child to kill reports why once this returns. */
    private static void awaitRelease(CountDownLatch released) {
        try {
            released.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code privileges}, without the seccomp filter under qemu-user. */
    public static ProcessPrivileges privileges(ProcessPrivileges privileges) {
        return EMULATOR == null ? privileges : new ProcessPrivileges(privileges.capabilities(),
                privileges.noNewPrivileges(), privileges.maskedPaths(), privileges.readonlyPaths(), null,
                privileges.confineDevices());
    }
}
