package dev.jrun.container;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Facts about a host process read from /proc. */
public final class ProcessInfo {
    private ProcessInfo() {}

    /**
     * Field 22 of /proc/PID/stat (start time in clock ticks since boot), or -1 if the process is gone.
     * Together with the pid it names one process for good: pids are reused, start times are not.
     */
    public static long startTime(int pid) {
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            String stat = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces and parentheses: count from its last ')'
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Whether the process has a handler for {@code signal} ({@code SigCgt} of /proc/PID/status, a hex
     * mask with bit N-1 for signal N); false if it is gone or unreadable.
     */
    public static boolean catches(int pid, int signal) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("SigCgt:")) {
                    return new java.math.BigInteger(line.substring(7).trim(), 16).testBit(signal - 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone: nothing to signal either
        }
        return false;
    }
}
