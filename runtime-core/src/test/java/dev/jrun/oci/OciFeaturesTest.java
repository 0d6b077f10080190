package dev.jrun.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.linux.Capability;
import dev.jrun.seccomp.SeccompCompiler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jrun features: the document runc features prints, filled with what jrun honours. */
class OciFeaturesTest {
    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void json_parsesBackToTheSameFeatures() throws Exception {
        String json = OciFeatures.toJson("0.1.0");

        assertThat(OciSpecReader.JSON.readValue(json, OciFeatures.class)).isEqualTo(OciFeatures.of("0.1.0"));
        assertThat(json).startsWith("{\n    \"ociVersionMin\": \"1.0.0\",\n    \"ociVersionMax\": \"1.2.0\",\n")
                .contains("    \"hooks\": [\n        \"prestart\",\n");
    }

    @Test
    void json_holdsTheKeyFields() throws Exception {
        JsonNode f = OciSpecReader.JSON.readTree(OciFeatures.toJson("0.1.0"));

        assertThat(strings(f.get("hooks"))).containsExactly("prestart", "createRuntime", "createContainer",
                "startContainer", "poststart", "poststop");
        assertThat(strings(f.get("mountOptions"))).contains("ro", "rbind", "nosuid", "rprivate", "strictatime")
                .doesNotContain("rro", "tmpcopyup", "acl").isSorted();
        JsonNode linux = f.get("linux");
        assertThat(strings(linux.get("namespaces"))).containsExactly("cgroup", "ipc", "mount", "network", "pid", "uts");
        assertThat(strings(linux.get("capabilities"))).hasSize(Capability.LAST_KNOWN + 1)
                .startsWith("CAP_CHOWN").endsWith("CAP_CHECKPOINT_RESTORE");
        assertThat(linux.get("cgroup").toString()).isEqualTo(
                "{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false}");
        JsonNode seccomp = linux.get("seccomp");
        assertThat(seccomp.get("enabled").asBoolean()).isTrue();
        assertThat(strings(seccomp.get("actions"))).isEqualTo(SeccompCompiler.ACTIONS).doesNotContain("SCMP_ACT_NOTIFY");
        assertThat(strings(seccomp.get("operators"))).isEqualTo(SeccompCompiler.OPERATORS);
        assertThat(strings(seccomp.get("archs"))).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_X86_64");
        assertThat(linux.get("apparmor").get("enabled").asBoolean()).isFalse();
        assertThat(linux.get("selinux").get("enabled").asBoolean()).isFalse();
        assertThat(f.get("annotations").get("dev.jrun.version").asText()).isEqualTo("0.1.0");
    }

    @Test
    void withoutAVersion_thereAreNoAnnotations() throws Exception {
        assertThat(OciSpecReader.JSON.readTree(OciFeatures.toJson()).has("annotations")).isFalse();
    }

    @Test
    void everyAdvertisedSeccompFlag_isAccepted() {
        OciFeatures.Seccomp seccomp = OciFeatures.of(null).linux().seccomp();
        assertThat(seccomp.knownFlags()).containsAll(seccomp.supportedFlags());
        OciSeccompProfiles.toProfile(new OciSeccomp("SCMP_ACT_ALLOW", null, null, seccomp.knownFlags(), null),
                dev.jrun.linux.Arch.X86_64);
    }
}
