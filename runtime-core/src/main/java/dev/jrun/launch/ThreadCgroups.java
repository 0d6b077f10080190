package dev.jrun.launch;

import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Moves one thread between cgroup v1 groups: its tid written to each group's {@code tasks} file. */
final class ThreadCgroups {
    private ThreadCgroups() {}

    static void move(Syscalls sys, int tid, List<Path> tasksFiles) throws SyscallException {
        byte[] id = Integer.toString(tid).getBytes(StandardCharsets.US_ASCII);
        for (Path tasks : tasksFiles) {
            int fd = sys.open(tasks.toString(), OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0);
            try {
                sys.write(fd, id);
            } finally {
                sys.close(fd);
            }
        }
    }
}
