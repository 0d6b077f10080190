package dev.jrun.launch;

import static dev.jrun.linux.Mount.AT_RECURSIVE;
import static dev.jrun.linux.Mount.FSMOUNT_CLOEXEC;
import static dev.jrun.linux.Mount.FSOPEN_CLOEXEC;
import static dev.jrun.linux.Mount.MOUNT_ATTR_NODEV;
import static dev.jrun.linux.Mount.MOUNT_ATTR_NOEXEC;
import static dev.jrun.linux.Mount.MOUNT_ATTR_NOSUID;
import static dev.jrun.linux.Mount.MS_PRIVATE;
import static dev.jrun.linux.Mount.MS_REC;
import static dev.jrun.linux.Mount.OPEN_TREE_CLONE;
import static dev.jrun.linux.OpenFlags.AT_FDCWD;
import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_RDONLY;

import dev.jrun.linux.Clone;
import dev.jrun.linux.Errno;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.WaitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounts the container's /proc while its first process waits at the exec barrier. A proc mount
 * lists the pid namespace of whoever creates it, so it must be made for (or from inside) the
 * container's pid namespace; the launch thread itself stays in the host's. See {@link ProcMount}.
 */
final class ProcMounter {
    /** What AUTO learnt from the kernel on its first try: null until then. */
    private static volatile Boolean pidnsOptionWorks;

    private static final List<String> MOUNT_PROGRAMS =
            List.of("/usr/bin/mount", "/bin/mount", "/usr/sbin/mount", "/sbin/mount");

    private final Syscalls sys;
    private final LaunchObserver observer;

    ProcMounter(Syscalls sys, LaunchObserver observer) {
        this.sys = sys;
        this.observer = observer;
    }

    void mount(int childPid, ProcMount mode, Path stateDir) throws SyscallException, LaunchException {
        int pidNs = sys.open("/proc/" + childPid + "/ns/pid", O_RDONLY | O_CLOEXEC, 0);
        try {
            int mntNs = sys.open("/proc/" + childPid + "/ns/mnt", O_RDONLY | O_CLOEXEC, 0);
            try {
                if (usePidnsOption(mode)) {
                    try {
                        mountWithPidnsOption(pidNs, mntNs);
                        pidnsOptionWorks = true;
                        return;
                    } catch (SyscallException e) {
                        if (mode != ProcMount.AUTO || !isUnknownOption(e)) {
                            throw e;
                        }
                        pidnsOptionWorks = false;
                        note("this kernel's procfs has no pidns= option: falling back to a helper process");
                    }
                }
                mountWithHelperProcess(pidNs, mntNs, stateDir);
            } finally {
                sys.close(mntNs);
            }
        } finally {
            sys.close(pidNs);
        }
    }

    private static boolean usePidnsOption(ProcMount mode) {
        return mode == ProcMount.PIDNS_OPTION || (mode == ProcMount.AUTO && pidnsOptionWorks != Boolean.FALSE);
    }

    private static boolean isUnknownOption(SyscallException e) {
        return e.call().equals("fsconfig") && e.errno() == Errno.EINVAL;
    }

    /** Linux 6.18+: build the mount here, naming the pid namespace, then attach it inside. */
    private void mountWithPidnsOption(int pidNs, int mntNs) throws SyscallException, LaunchException {
        int fs = sys.fsopen("proc", FSOPEN_CLOEXEC);
        int mnt;
        try {
            sys.fsconfigSetFd(fs, "pidns", pidNs);
            sys.fsconfigCreate(fs);
            mnt = sys.fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
        } finally {
            sys.close(fs);
        }
        try {
            attachInside(mntNs, mnt);
        } finally {
            sys.close(mnt);
        }
    }

    /**
     * Older kernels: only a process whose pid lives in the container's pid namespace can create its
     * proc mount. A throwaway thread enters that pid namespace (for its children) and a private copy
     * of the host's mount namespace, starts the host's mount(8) there, clones the result with
     * open_tree and moves it into the container. Nothing of it touches the host's mount table.
     */
    private void mountWithHelperProcess(int pidNs, int mntNs, Path stateDir)
            throws SyscallException, LaunchException {
        String program = MOUNT_PROGRAMS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new LaunchException("no mount(8) on this host (looked for "
                        + String.join(", ", MOUNT_PROGRAMS) + "); install util-linux's mount, or use Linux 6.18+"));
        String target = stateDir.resolve("proc").toString();
        sys.mkdir(target, 0700);
        FreshThread.run("jrun-proc-helper", () -> {
            // a private copy of the host's mounts: the helper's mount lands here, not on the host
            sys.unshare(Clone.CLONE_FS | Clone.CLONE_NEWNS);
            sys.mount(null, "/", null, MS_REC | MS_PRIVATE, null);
            // children of this thread are born in the container's pid namespace
            sys.setns(pidNs, Clone.CLONE_NEWPID);
            runMountProgram(program, target);
            int tree = sys.openTree(AT_FDCWD, target, OPEN_TREE_CLONE | AT_RECURSIVE | O_CLOEXEC);
            try {
                enterAndMove(mntNs, tree);
            } finally {
                sys.close(tree);
            }
        });
    }

    private void runMountProgram(String program, String target) throws SyscallException, LaunchException {
        SpawnRequest request = new SpawnRequest(program,
                List.of("mount", "-n", "-t", "proc", "-o", "nosuid,nodev,noexec", "proc", target),
                List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), List.of(new SpawnRequest.FileAction.CloseFrom(3)),
                SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF);
        WaitStatus status = sys.waitpid(sys.spawn(request), 0);
        if (status.shellCode() != 0) {
            throw new LaunchException(program + " -t proc proc " + target + ": " + status);
        }
    }

    /** move_mount resolves its target in the caller's mount namespace: do it from inside. */
    private void attachInside(int mntNs, int mountFd) throws SyscallException, LaunchException {
        FreshThread.inMountNamespace(sys, "jrun-proc-attach", mntNs, () -> sys.moveMount(mountFd, "/proc"));
    }

    private void enterAndMove(int mntNs, int mountFd) throws SyscallException {
        sys.setns(mntNs, Clone.CLONE_NEWNS);
        sys.moveMount(mountFd, "/proc");
    }

    private void note(String text) {
        observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "mount-proc", text));
    }
}
