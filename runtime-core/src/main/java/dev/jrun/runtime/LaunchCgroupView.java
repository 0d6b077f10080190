package dev.jrun.runtime;

import dev.jrun.cgroup.Cgroup;
import dev.jrun.launch.CgroupView;
import dev.jrun.launch.LaunchEvent;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The container's cgroup view for one launch, and the descriptor it holds open until the launch is
 * done. A cgroup namespace is rooted at the cgroup its maker is in. On v1 the launch thread joins the
 * cgroup alone and makes the namespace itself. On v2, which moves whole processes only, a JVM thread
 * cannot join alone: a helper process, moved into the cgroup, makes the namespace with unshare(1)
 * and exits once we hold its {@code /proc/PID/ns/cgroup} open; the launch thread then enters it.
 * The helper's few milliseconds of CPU and its memory are counted in the container's usage.
 */
final class LaunchCgroupView implements AutoCloseable {
    /** Waits to be moved, makes the namespace, says so, and waits to be told to exit (builtins only). */
    private static final String HELPER = "read go && exec unshare --cgroup /bin/sh -c 'echo ready && read done'";

    private final CgroupView view;
    private final int fd;
    private final Syscalls sys;

    private LaunchCgroupView(CgroupView view, int fd, Syscalls sys) {
        this.view = view;
        this.fd = fd;
        this.sys = sys;
    }

    static LaunchCgroupView open(Cgroup cgroup, boolean ownNamespace, Syscalls sys, LaunchObserver observer)
            throws IOException, SyscallException {
        if (!ownNamespace) {
            return new LaunchCgroupView(new CgroupView.Host(), -1, sys);
        }
        if (cgroup.directories().isEmpty()) { // no cgroup of its own (rootless): rooted at jrun's, shown as /
            return new LaunchCgroupView(new CgroupView.Unshare(List.of(), List.of()), -1, sys);
        }
        if (!cgroup.threadFiles().isEmpty()) {
            return new LaunchCgroupView(new CgroupView.Unshare(cgroup.threadFiles(), cgroup.homeThreadFiles()), -1,
                    sys);
        }
        observer.onEvent(new LaunchEvent(LaunchEvent.Kind.STEP, "make-cgroup-namespace", "cgroup v2 moves whole"
                + " processes only: a helper moved into the container's cgroup runs `unshare --cgroup`, so"
                + " the namespace is rooted there and the container sees its own cgroup as /"));
        int fd = namespaceOfHelper(cgroup, sys);
        return new LaunchCgroupView(new CgroupView.Enter(fd), fd, sys);
    }

    CgroupView view() {
        return view;
    }

    /** Runs the helper and returns its cgroup namespace, open; the helper has exited by then. */
    private static int namespaceOfHelper(Cgroup cgroup, Syscalls sys) throws IOException, SyscallException {
        Process helper = new ProcessBuilder("/bin/sh", "-c", HELPER).start();
        try (OutputStream in = helper.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(helper.getInputStream(),
                     StandardCharsets.US_ASCII))) {
            cgroup.add((int) helper.pid());
            in.write('\n'); // go
            in.flush();
            if (!"ready".equals(out.readLine())) {
                throw new IOException("cgroup namespace helper (/bin/sh -c \"" + HELPER + "\") failed: "
                        + new String(helper.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                        + " (unshare(1) is in util-linux; --cgroupns host needs no helper)");
            }
            return sys.open("/proc/" + helper.pid() + "/ns/cgroup", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        } finally {
            reap(helper); // closing its stdin ended `read done`: it leaves the cgroup before the container starts
        }
    }

    private static void reap(Process helper) {
        try {
            if (!helper.waitFor(10, TimeUnit.SECONDS)) {
                helper.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            helper.destroyForcibly();
            Thread.currentThread().interrupt(); // the caller's to handle; the helper is on its way out
        }
    }

    @Override
    public void close() throws SyscallException {
        if (fd >= 0) {
            sys.close(fd);
        }
    }
}
