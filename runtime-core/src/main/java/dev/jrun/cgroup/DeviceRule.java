package dev.jrun.cgroup;

import static dev.jrun.linux.Bpf.BPF_DEVCG_ACC_MKNOD;
import static dev.jrun.linux.Bpf.BPF_DEVCG_ACC_READ;
import static dev.jrun.linux.Bpf.BPF_DEVCG_ACC_WRITE;

/**
 * One rule of a device allow-list, in cgroup v1's {@code devices.allow} form, which {@link #toString}
 * gives back: {@code TYPE MAJOR:MINOR ACCESS}, e.g. {@code c 1:3 rwm} (/dev/null), {@code c 136:* rwm}
 * (every pty slave), {@code b *:* m} (mknod of any block device); or {@code a}, every device with
 * every access.
 *
 * @param type   {@code c} (character device), {@code b} (block device) or {@code a} (all)
 * @param major  the major number, or {@link #ANY}
 * @param minor  the minor number, or {@link #ANY}
 * @param access the accesses allowed, as the kernel's bits: {@code BPF_DEVCG_ACC_MKNOD} (m),
 *               {@code _READ} (r), {@code _WRITE} (w)
 */
public record DeviceRule(char type, int major, int minor, int access) {
    /** A major or minor number that matches every number ({@code *}). */
    public static final int ANY = -1;
    private static final String LETTERS = "rwm";
    private static final int[] BITS = {BPF_DEVCG_ACC_READ, BPF_DEVCG_ACC_WRITE, BPF_DEVCG_ACC_MKNOD};
    private static final int ALL_ACCESS = BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;
    /** {@code a}: every device, every access (what {@code --privileged} leaves, and a v1 group's default). */
    public static final DeviceRule ALL = new DeviceRule('a', ANY, ANY, ALL_ACCESS);

    /**
     * @throws IllegalArgumentException for a type other than a, b and c, a number below {@link #ANY},
     *         no access or an unknown bit, or an {@code a} rule narrowed to some devices or accesses
     */
    public DeviceRule {
        if ("abc".indexOf(type) < 0) {
            throw new IllegalArgumentException("the type must be a (all), b (block) or c (character), not " + type);
        }
        if (major < ANY || minor < ANY) {
            throw new IllegalArgumentException("device numbers are 0 or more, or * for any");
        }
        if (access == 0 || (access & ~ALL_ACCESS) != 0) {
            throw new IllegalArgumentException("the access must be some of r (read), w (write) and m (mknod)");
        }
        if (type == 'a' && (major != ANY || minor != ANY || access != ALL_ACCESS)) {
            throw new IllegalArgumentException("a (all devices) stands alone: it allows every access to every device");
        }
    }

    /**
     * Reads {@code rule} in {@code devices.allow} form.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public static DeviceRule parse(String rule) {
        String[] fields = rule.strip().split(" +");
        try {
            if (fields.length == 1 && fields[0].equals("a")) {
                return ALL;
            }
            if (fields.length != 3 || fields[0].length() != 1) {
                throw new IllegalArgumentException("expected TYPE MAJOR:MINOR ACCESS, e.g. c 1:3 rwm, or a");
            }
            String[] numbers = fields[1].split(":", -1);
            if (numbers.length != 2) {
                throw new IllegalArgumentException("expected MAJOR:MINOR, not " + fields[1]);
            }
            return new DeviceRule(fields[0].charAt(0), number("major", numbers[0]), number("minor", numbers[1]),
                    access(fields[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device rule \"" + rule + "\": " + e.getMessage(), e);
        }
    }

    /**
     * A decimal number or {@code *}; at most 2^31-1, as a program compares it with a signed 32-bit
     * immediate (the kernel's majors have 12 bits and minors 20).
     */
    private static int number(String which, String text) {
        if (text.equals("*")) {
            return ANY;
        }
        if (!text.matches("[0-9]{1,10}") || Long.parseLong(text) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the " + which + " number must be a decimal number or *, not " + text);
        }
        return Integer.parseInt(text);
    }

    private static int access(String letters) {
        int access = 0;
        for (char letter : letters.toCharArray()) {
            int index = LETTERS.indexOf(letter);
            if (index < 0) {
                throw new IllegalArgumentException("the access must be some of r (read), w (write) and m (mknod), not "
                        + letters);
            }
            access |= BITS[index];
        }
        return access;
    }

    /** The {@code devices.allow} form: {@code c 1:3 rwm}, {@code b *:* m}, {@code a}. */
    @Override
    public String toString() {
        return type == 'a' ? "a" : type + " " + text(major) + ":" + text(minor) + " " + accessLetters();
    }

    /** The access as letters, in the order r, w, m: {@code rwm}, {@code rw}, {@code m}. */
    public String accessLetters() {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < BITS.length; i++) {
            if ((access & BITS[i]) != 0) {
                letters.append(LETTERS.charAt(i));
            }
        }
        return letters.toString();
    }

    private static String text(int number) {
        return number == ANY ? "*" : Integer.toString(number);
    }
}
