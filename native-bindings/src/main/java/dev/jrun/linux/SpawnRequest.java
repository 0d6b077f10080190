package dev.jrun.linux;

import java.util.List;

/**
 * What posix_spawn(3) is asked to do: the program, its argv and environment, the file actions the
 * child performs before execve (in order) and the spawn attribute flags.
 *
 * @param path absolute path of the program, as the child will resolve it
 * @param flags {@code POSIX_SPAWN_*} flags from {@code <spawn.h>}
 */
public record SpawnRequest(String path, List<String> argv, List<String> env, List<FileAction> actions, int flags) {
    public static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final int POSIX_SPAWN_SETSID = 0x80;
    public static final FlagNames FLAG_NAMES = new FlagNames()
            .add("POSIX_SPAWN_SETSIGDEF", POSIX_SPAWN_SETSIGDEF)
            .add("POSIX_SPAWN_SETSIGMASK", POSIX_SPAWN_SETSIGMASK)
            .add("POSIX_SPAWN_SETSID", POSIX_SPAWN_SETSID);

    public SpawnRequest {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        actions = List.copyOf(actions);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least the program name");
        }
    }

    /** One step the child performs between clone and execve, run by glibc in the child. */
    public sealed interface FileAction {
        /** open(path) and place the result on {@code fd}; blocks on a FIFO until the other end opens. */
        record Open(int fd, String path, int flags, int mode) implements FileAction {
            @Override
            public String toString() {
                return "open(" + fd + ", \"" + path + "\", " + OpenFlags.render(flags) + ")";
            }
        }

        /** dup2(fd, newFd), e.g. to give the child a file as its stdout. */
        record Dup2(int fd, int newFd) implements FileAction {
            @Override
            public String toString() {
                return "dup2(" + fd + ", " + newFd + ")";
            }
        }

        /** fchdir(fd): change into a directory held open by the parent. */
        record Fchdir(int fd) implements FileAction {
            @Override
            public String toString() {
                return "fchdir(" + fd + ")";
            }
        }

        /** chdir(path), resolved in the child's root. */
        record Chdir(String path) implements FileAction {
            @Override
            public String toString() {
                return "chdir(\"" + path + "\")";
            }
        }

        /** closefrom(lowFd): close every descriptor from lowFd up, so no runtime fd leaks. */
        record CloseFrom(int lowFd) implements FileAction {
            @Override
            public String toString() {
                return "closefrom(" + lowFd + ")";
            }
        }
    }
}
