package dev.jrun.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json as real clients write it (podman 4.3, containerd 1.6, runc spec), and as they must not. */
class OciSpecReaderTest {
    @TempDir
    Path tmp;

    private static String resource(String name) throws IOException {
        try (InputStream in = OciSpecReaderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void podmansConfig_isReadWithEveryFieldJrunUses() throws Exception {
        OciSpec spec = OciSpecReader.parse("podman", resource("podman-4.3.json"));

        assertThat(spec.process().args()).containsExactly("echo", "hi");
        assertThat(spec.process().cwd()).isEqualTo("/root");
        assertThat(spec.process().user().umask()).isEqualTo(18);
        assertThat(spec.process().capabilities().bounding()).hasSize(14).contains("CAP_SYS_CHROOT");
        assertThat(spec.process().rlimits()).contains(new OciProcess.Rlimit("RLIMIT_NOFILE", 20000, 20000));
        assertThat(spec.linux().cgroupsPath()).startsWith("/libpod_parent/libpod-");
        assertThat(spec.linux().seccomp().defaultErrnoRet()).isEqualTo(38);
        assertThat(spec.linux().resources().pids().limit()).isEqualTo(2048);
        assertThat(spec.mounts().get(0)).isEqualTo(new OciMount("/proc", "proc", "proc",
                java.util.List.of("nosuid", "noexec", "nodev")));
        assertThat(spec.annotations()).containsEntry("io.container.manager", "libpod");
    }

    @Test
    void containerdsAndRuncsConfigs_areRead() throws Exception {
        OciSpec containerd = OciSpecReader.parse("containerd", resource("containerd-1.6.json"));
        assertThat(containerd.linux().namespaces()).extracting(OciLinux.Namespace::type)
                .containsExactly("pid", "ipc", "uts", "mount", "network");
        assertThat(containerd.linux().resources().devices().get(0))
                .isEqualTo(new OciResources.DeviceAccess(false, null, null, null, "rwm"));

        OciSpec runc = OciSpecReader.parse("runc", resource("runc-spec.json"));
        assertThat(runc.root()).isEqualTo(new OciSpec.Root("rootfs", true));
        assertThat(runc.process().terminal()).isTrue();
    }

    @Test
    void unknownFields_areIgnored() throws Exception {
        OciSpec spec = OciSpecReader.parse("x", "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\","
                + " \"future\": 1}, \"vm\": {}, \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\","
                + " \"user\": {\"uid\": 0, \"gid\": 0}, \"scheduler\": {\"policy\": \"SCHED_OTHER\"}}}");
        assertThat(spec.root().path()).isEqualTo("rootfs");
    }

    @Test
    void aFieldOfTheWrongType_isNamedByItsJsonPath() {
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", "{\"ociVersion\": \"1.0.2\", \"root\":"
                + " {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": \"x\","
                + " \"gid\": 0}}}")).isInstanceOf(OciSpecException.class)
                .hasMessage("config.json: process.user.uid: expected an integer, got a string \"x\"");
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", "{\"ociVersion\": \"1.0.2\", \"root\":"
                + " {\"path\": \"rootfs\"}, \"mounts\": [{\"destination\": \"/proc\"}, {\"destination\": 7,"
                + " \"options\": {\"a\": 1}}]}")).hasMessage("config.json: mounts[1].options: expected an array, got an object");
    }

    @Test
    void aValueTheSpecForbids_isNamedByItsJsonPath() {
        String base = "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, ";
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", base + "\"mounts\": [{\"destination\": \"/proc\"},"
                + " {\"destination\": \"tmp\", \"type\": \"tmpfs\"}]}"))
                .hasMessage("config.json: mounts[1].destination: must be an absolute path, not tmp");
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", base + "\"linux\": {\"namespaces\":"
                + " [{\"type\": \"pid\"}, {\"type\": \"net\"}]}}"))
                .hasMessage("config.json: linux.namespaces[1].type: no such namespace: net (one of pid, network,"
                        + " mount, ipc, uts, user, cgroup, time)");
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", base + "\"process\": {\"args\": [\"sh\"],"
                + " \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}, \"capabilities\": {\"bounding\":"
                + " [\"CAP_CHOWN\", \"CAP_FLY\"]}}}"))
                .hasMessage("config.json: process.capabilities.bounding[1]: no such capability: CAP_FLY");
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", base + "\"process\": {\"args\": [\"sh\"],"
                + " \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}, \"rlimits\": [{\"type\": \"RLIMIT_nofile\","
                + " \"hard\": 1, \"soft\": 1}]}}"))
                .hasMessage("config.json: process.rlimits[0].type: no such limit: RLIMIT_nofile");
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", base + "\"process\": {\"args\": [],"
                + " \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}}}"))
                .hasMessage("config.json: process.args: empty (the first names the program)");
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", "{\"ociVersion\": \"1.0.2\"}"))
                .hasMessage("config.json: root.path: missing (the rootfs, absolute or relative to the bundle)");
    }

    @Test
    void notJsonOrNoFile_isSaid() {
        assertThatThrownBy(() -> OciSpecReader.parse("config.json", "{\"ociVersion\": "))
                .hasMessageStartingWith("config.json: not valid JSON: ");
        assertThatThrownBy(() -> OciSpecReader.read(tmp)).hasMessage(tmp.resolve("config.json")
                + ": no such file (a bundle holds config.json and its rootfs)");
    }
}
