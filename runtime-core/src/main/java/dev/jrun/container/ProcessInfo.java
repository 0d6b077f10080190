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
        String[] stat = stat(pid);
        return stat == null ? -1 : Long.parseLong(stat[19]);
    }

    /**
     * Whether the process {@code pid} that started at {@code startTime} still runs: it exists, is
     * that same process, and has not exited (a zombie waits only to be reaped).
     */
    public static boolean isLive(int pid, long startTime) {
        String[] stat = stat(pid);
        return stat != null && Long.parseLong(stat[19]) == startTime && !stat[0].equals("Z") && !stat[0].equals("X");
    }

    /** The fields of /proc/PID/stat from the third (state) on, or null if the process is gone. */
    private static String[] stat(int pid) {
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            String stat = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces and parentheses: count from its last ')'
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
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
