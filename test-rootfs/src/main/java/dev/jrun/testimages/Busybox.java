package dev.jrun.testimages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A static busybox (the host's, or another architecture's run through binfmt): its bytes, the applet
 * paths it installs ("bin/sh", "usr/bin/awk", ...) and the OCI name of the architecture it is built for.
 */
record Busybox(byte[] binary, List<String> applets, String architecture) {

    static final String INSTALL_HINT = "install Debian package busybox-static (apt-get install busybox-static)";

    private static final int PT_INTERP = 3;
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;

    Busybox {
        applets = List.copyOf(applets);
    }

    /** Reads {@code path}, which must be a statically linked busybox (the images have no libc). */
    static Busybox load(Path path) throws IOException, InterruptedException {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("test-rootfs: " + path + " not found: " + INSTALL_HINT);
        }
        byte[] binary = Files.readAllBytes(path);
        if (!isStaticElf(binary)) {
            throw new IllegalStateException("test-rootfs: " + path + " is not a static binary: " + INSTALL_HINT);
        }
        return new Busybox(binary, listApplets(path), architecture(path, binary));
    }

    /** The OCI architecture of the ELF file's e_machine: the images built from it are for that one. */
    private static String architecture(Path path, byte[] elf) {
        int machine = Short.toUnsignedInt(ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getShort(0x12));
        return switch (machine) {
            case EM_X86_64 -> "amd64";
            case EM_AARCH64 -> "arm64";
            default -> throw new IllegalStateException("test-rootfs: " + path + " is for ELF machine " + machine
                    + ", not x86_64 or aarch64");
        };
    }

    private static List<String> listApplets(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(path.toString(), "--list-full")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            throw new IOException("test-rootfs: " + path + " --list-full exited with status " + status);
        }
        return out.lines().filter(line -> !line.isBlank()).sorted().toList();
    }

    /** An ELF file without a PT_INTERP program header needs no dynamic loader. */
    private static boolean isStaticElf(byte[] elf) {
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            return false;
        }
        boolean is64 = elf[4] == 2;
        ByteBuffer buf = ByteBuffer.wrap(elf).order(elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long phoff = is64 ? buf.getLong(0x20) : Integer.toUnsignedLong(buf.getInt(0x1c));
        int phentsize = Short.toUnsignedInt(buf.getShort(is64 ? 0x36 : 0x2a));
        int phnum = Short.toUnsignedInt(buf.getShort(is64 ? 0x38 : 0x2c));
        if (phoff + (long) phentsize * phnum > elf.length) {
            return false;
        }
        for (int i = 0; i < phnum; i++) {
            if (buf.getInt(Math.toIntExact(phoff + (long) i * phentsize)) == PT_INTERP) {
                return false;
            }
        }
        return true;
    }
}
