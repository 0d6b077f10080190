package dev.jrun.linux;

/**
 * Hears every call a {@link LinuxSyscalls} makes, as it happens: {@code --explain} prints them.
 * Called on the calling thread, which may be a launch thread that cannot start threads.
 */
@FunctionalInterface
public interface SyscallTrace {
    /**
     * @param call the C name, e.g. {@code mount}
     * @param arguments the arguments as C would show them, flags by name
     * @param result {@code 0}, a returned value, or {@code -1 ENOENT (No such file or directory)}
     */
    void called(String call, String arguments, String result);
}
