package dev.jrun.launch;

import dev.jrun.linux.Capability;
import dev.jrun.seccomp.SeccompProfile;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the container's first process may do: its capability sets, whether no_new_privs is set
 * (then no setuid binary or file capability can raise them again), and whether host details in
 * /proc and /sys are hidden.
 *
 * @param capabilities the capability sets (docker's way, {@link CapabilitySets#of}, unless config.json
 *                     gives each)
 * @param noNewPrivileges whether {@code PR_SET_NO_NEW_PRIVS} is set
 * @param maskedPaths paths of /proc and /sys hidden from the container (docker's, or config.json's)
 * @param readonlyPaths paths made read-only in it
 * @param seccomp the system call filter's profile, or null for none ({@code seccomp=unconfined})
 * @param confineDevices whether only docker's default device nodes may be opened (not with --privileged)
 */
public record ProcessPrivileges(CapabilitySets capabilities, boolean noNewPrivileges, List<String> maskedPaths,
                                List<String> readonlyPaths,
                                SeccompProfile seccomp, boolean confineDevices) {
    /**
     * docker's default set of 14: CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
     * NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, MKNOD, AUDIT_WRITE, SETFCAP (CapBnd 00000000a80425fb).
     */
    public static final long DOCKER_DEFAULT = mask(List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE",
            "SETFCAP"), "default");

    /** The defaults: docker's capabilities, no_new_privs on, paths masked, docker's seccomp profile, devices confined. */
    public static final ProcessPrivileges DEFAULT = new ProcessPrivileges(DOCKER_DEFAULT, true, true,
            SeccompProfile.defaultProfile(), true);

    public ProcessPrivileges {
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
    }

    /** docker's way: one capability mask ({@link CapabilitySets#of}), docker's masked and read-only paths or none. */
    public ProcessPrivileges(long capabilities, boolean noNewPrivileges, boolean maskPaths, SeccompProfile seccomp,
                             boolean confineDevices) {
        this(CapabilitySets.of(capabilities), noNewPrivileges, maskPaths ? PathMasks.MASKED : List.of(),
                maskPaths ? PathMasks.READ_ONLY : List.of(), seccomp, confineDevices);
    }

    /** Whether any path is masked or made read-only. */
    public boolean maskPaths() {
        return !maskedPaths.isEmpty() || !readonlyPaths.isEmpty();
    }

    private static volatile long kernelCapabilities;
    private static volatile long heldCapabilities = -1;

    /** These privileges without the capabilities jrun itself lacks ({@code held}): it cannot hand those on. */
    public ProcessPrivileges within(long held) {
        return new ProcessPrivileges(capabilities.within(held), noNewPrivileges, maskedPaths, readonlyPaths, seccomp,
                confineDevices);
    }

    /**
     * The capabilities of {@code --cap-add}/{@code --cap-drop} over {@code base}, as docker reads them:
     * names with or without {@code CAP_}, any case; {@code ALL} in add keeps every capability but the
     * dropped ones, {@code ALL} in drop keeps only the added ones.
     *
     * @param held the capabilities jrun holds ({@link #heldCapabilities()}): ALL means these
     * @throws IllegalArgumentException naming the flag and a capability that does not exist, or that
     *                                  jrun does not hold
     */
    public static long resolve(long base, List<String> add, List<String> drop, long held) {
        boolean addAll = add.stream().anyMatch(n -> n.equalsIgnoreCase("ALL"));
        boolean dropAll = drop.stream().anyMatch(n -> n.equalsIgnoreCase("ALL"));
        long added = mask(add.stream().filter(n -> !n.equalsIgnoreCase("ALL")).toList(), "--cap-add");
        long dropped = mask(drop.stream().filter(n -> !n.equalsIgnoreCase("ALL")).toList(), "--cap-drop");
        long missing = added & ~held;
        if (missing != 0) {
            throw new IllegalArgumentException("--cap-add " + String.join(",", Capability.names(missing))
                    + ": jrun itself does not hold it, so it cannot hand it on");
        }
        if (addAll) {
            return held & ~dropped;
        }
        return ((dropAll ? 0 : base) & ~dropped) | added;
    }

    private static long mask(List<String> names, String flag) {
        long mask = 0;
        for (String name : names) {
            int number = Capability.number(name);
            if (number < 0) {
                throw new IllegalArgumentException(flag + " " + name + ": no such capability (see capabilities(7);"
                        + " with or without CAP_, or ALL)");
            }
            mask |= 1L << number;
        }
        return mask;
    }

    /**
     * The capabilities jrun itself holds (permitted and in its bounding set, from /proc/self/status):
     * all it can give a container. Root may lack some, e.g. in a container or a VM that drops them.
     */
    public static long heldCapabilities() {
        long held = heldCapabilities;
        if (held == -1) {
            try (InputStream in = new FileInputStream("/proc/self/status")) {
                long permitted = 0;
                long bounding = 0;
                for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                    if (line.startsWith("CapPrm:")) {
                        permitted = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    } else if (line.startsWith("CapBnd:")) {
                        bounding = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    }
                }
                held = permitted & bounding & kernelCapabilities();
            } catch (IOException e) {
                throw new UncheckedIOException("reading /proc/self/status", e);
            }
            heldCapabilities = held;
        }
        return held;
    }

    /** Every capability this kernel has, from {@code /proc/sys/kernel/cap_last_cap}. */
    public static long kernelCapabilities() {
        long all = kernelCapabilities;
        if (all == 0) {
            // a plain stream: NIO can read such /proc/sys files short (launch.md)
            try (InputStream in = new FileInputStream("/proc/sys/kernel/cap_last_cap")) {
                int last = Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
                all = last >= 63 ? -1L : (1L << (last + 1)) - 1;
            } catch (IOException e) {
                throw new UncheckedIOException("reading /proc/sys/kernel/cap_last_cap", e);
            }
            kernelCapabilities = all;
        }
        return all;
    }
}
