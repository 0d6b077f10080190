package dev.jrun.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.image.Images;
import dev.jrun.linux.Errno;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.rootfs.HostTrees;
import dev.jrun.rootfs.MountPoints;
import dev.jrun.testing.Privileged;
import dev.jrun.testing.QemuUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel step that fails mid-launch, on the init thread or at the barrier, is reported by name,
 * and leaves no process and no mount behind (the real kernel, with one call made to fail).
 */
class LaunchFailureTest {
    @TempDir
    Path tmp;
    LaunchSpec spec;
    List<String> mountsBefore;

    @BeforeEach
    void rootfs() throws Exception {
        Privileged.assumeRoot();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        dev.jrun.layer.Layers.unpackFlat(Images.open(Privileged.image("busybox.tar")), rootfs);
        MountPoints.prepare(rootfs, "/");
        spec = new LaunchSpec(rootfs, Files.createDirectories(tmp.resolve("state")), "box",
                new ProcessSpec("/bin/true", List.of("true"), List.of(), "/"), Stdio.INHERIT, ProcMount.AUTO);
        mountsBefore = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    }

    @AfterEach
    void removeRootfs() throws Exception {
        HostTrees.delete(tmp.resolve("rootfs")); // quietly: its links aim at /usr/bin/busybox
    }

    /** Real syscalls, except that the method {@code call} fails with EPERM. */
    private static Launcher failing(String call) {
        return new Launcher(trace -> {
            Syscalls real = new LinuxSyscalls(trace);
            return (Syscalls) Proxy.newProxyInstance(Syscalls.class.getClassLoader(), new Class<?>[] {Syscalls.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals(call)) {
                            throw new SyscallException(call, "injected", Errno.EPERM);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
    }

    @Test
    void failingSetupStep_isNamedAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> failing("sethostname").launch(spec, observer(), BarrierHook.NONE))
                .isInstanceOf(LaunchException.class)
                .hasMessage("set-hostname: sethostname(injected) failed: EPERM (Operation not permitted)");
        assertNothingLeft();
    }

    @Test
    void failingBarrierStep_killsTheWaitingChildAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> failing("moveMount").launch(spec, observer(), BarrierHook.NONE))
                .isInstanceOf(LaunchException.class)
                .hasMessage("mount-proc: moveMount(injected) failed: EPERM (Operation not permitted)");
        assertNothingLeft();
    }

    @Test
    void failingBarrierHook_killsTheWaitingChild() throws Exception {
        BarrierHook hook = pid -> {
            throw new java.io.IOException("pid file: disk full");
        };
        assertThatThrownBy(() -> new Launcher().launch(spec, observer(), hook))
                .isInstanceOf(LaunchException.class).hasMessage("barrier-hook: pid file: disk full");
        assertNothingLeft();
    }

    /** No output; under qemu-user, the launch held as vfork would hold it (one observer per launch). */
    private static LaunchObserver observer() {
        return QemuUser.observer(LaunchObserver.NONE);
    }

    private void assertNothingLeft() throws Exception {
        assertThat(ProcessHandle.current().children()).isEmpty();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
    }
}
