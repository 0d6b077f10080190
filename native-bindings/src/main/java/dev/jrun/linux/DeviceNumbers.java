package dev.jrun.linux;

/** A {@code dev_t} as glibc encodes it (stat's st_rdev, Java's {@code unix:rdev}), split as major(3) and minor(3) do. */
public final class DeviceNumbers {
    private DeviceNumbers() {}

    public static int major(long rdev) {
        return (int) (((rdev >>> 32) & ~0xfffL) | ((rdev >>> 8) & 0xfff));
    }

    public static int minor(long rdev) {
        return (int) (((rdev >>> 12) & ~0xffL) | (rdev & 0xff));
    }
}
