package dev.jrun.rootfs;

import dev.jrun.linux.Errno;
import dev.jrun.linux.Mount;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.UserNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A container's rootfs as an overlay mount: the image's stored layers read-only below, the
 * container's own {@code upper} directory above, so starting a container copies nothing.
 */
public final class OverlayRootfs {

    private static final System.Logger LOG = System.getLogger(OverlayRootfs.class.getName());
    /** mount(2) copies at most one page of options. */
    private static final int MAX_OPTIONS = 4095;
    private static final AtomicBoolean TOLD_FALLBACK = new AtomicBoolean();

    private OverlayRootfs() {
    }

    /**
     * Mounts overlayfs on {@code target}, private so it propagates nowhere; returns false, having
     * mounted nothing, where overlay is unavailable (not built into the kernel, refused on this
     * filesystem or to this user, too many layers for one mount), for the caller to copy instead.
     *
     * @param lowers the layer trees, bottom first (overlayfs wants them top first)
     * @param mode {@link RootfsMode#COPY} mounts nothing; {@link RootfsMode#OVERLAY} fails rather than fall back
     */
    public static boolean mount(Syscalls sys, List<Path> lowers, Path upper, Path work, Path target, RootfsMode mode)
            throws SyscallException {
        if (mode == RootfsMode.COPY) {
            return false;
        }
        List<String> topFirst = new ArrayList<>();
        for (Path lower : lowers) {
            topFirst.add(lower.toString());
        }
        Collections.reverse(topFirst);
        String options = "lowerdir=" + String.join(":", topFirst) + ",upperdir=" + upper + ",workdir=" + work
                // in a user namespace overlayfs may not use trusted.* xattrs: user.overlay.* it is (5.11+)
                + (UserNamespace.current().initial() ? "" : ",userxattr");
        String unusable = lowers.stream().map(Path::toString).anyMatch(OverlayRootfs::special) || special(upper.toString())
                ? "a layer path holds ',' or ':'" : options.length() > MAX_OPTIONS ? "too many layers for one mount"
                : null;
        if (unusable != null && mode == RootfsMode.OVERLAY) {
            throw new SyscallException("mount", "overlay on " + target + ": " + unusable, Errno.EINVAL);
        }
        if (unusable != null) {
            fallingBack(unusable);
            return false;
        }
        try {
            sys.mount("overlay", target.toString(), "overlay", 0, options);
        } catch (SyscallException e) {
            if (mode == RootfsMode.OVERLAY || (e.errno() != Errno.ENODEV && e.errno() != Errno.EINVAL
                    && e.errno() != Errno.EPERM && e.errno() != Errno.EOPNOTSUPP)) {
                throw e;
            }
            fallingBack(e.getMessage());
            return false;
        }
        sys.mount(null, target.toString(), null, Mount.MS_PRIVATE, null);
        return true;
    }

    /**
     * Detaches the overlay from the host's mount table. A container that was started keeps its own
     * copy of the mount, in its mount namespace, for as long as it lives. Not mounted is fine.
     */
    public static void unmount(Syscalls sys, Path target) throws SyscallException {
        try {
            sys.umount2(target.toString(), Mount.MNT_DETACH);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    private static boolean special(String path) {
        return path.indexOf(',') >= 0 || path.indexOf(':') >= 0;
    }

    private static void fallingBack(String why) {
        if (TOLD_FALLBACK.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "overlayfs is not available (" + why + "): copying the image's layers"
                    + " into each container's rootfs instead");
        }
    }
}
