package dev.jrun.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrun spec}'s config.json: read back as written, shaped as runc's, never over an existing one. */
class DefaultSpecTest {
    @TempDir
    Path bundle;

    @Test
    void theDefault_readsBackAndHasRuncsShape() throws Exception {
        DefaultSpec.write(DefaultSpec.of(false, 0, 0), bundle);
        OciSpec spec = OciSpecReader.read(bundle);
        OciSpec runc = OciSpecReader.parse("runc", new String(getClass().getResourceAsStream("runc-spec.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));

        assertThat(spec).isEqualTo(DefaultSpec.of(false, 0, 0));
        assertThat(spec.mounts()).extracting(OciMount::destination)
                .containsExactlyElementsOf(runc.mounts().stream().map(OciMount::destination).toList());
        // runc 1.1 makes no cgroup namespace; jrun, as runc 1.2 and docker on v2, does
        assertThat(spec.linux().namespaces()).containsAll(runc.linux().namespaces());
        assertThat(spec.process().capabilities().bounding()).isEqualTo(runc.process().capabilities().bounding());
        assertThat(Files.readString(bundle.resolve("config.json"))).startsWith("{\n\t\"ociVersion\": \"1.2.0\",\n");
    }

    @Test
    void rootless_mapsTheCallerAndMakesNoNetworkNamespace() throws Exception {
        OciSpec spec = DefaultSpec.of(true, 1000, 1000);
        assertThat(spec.linux().uidMappings()).containsExactly(new OciLinux.IdMapping(0, 1000, 1));
        assertThat(spec.linux().namespaces()).extracting(OciLinux.Namespace::type).contains("user")
                .doesNotContain("network");
    }

    @Test
    void anExistingConfig_isNeverOverwritten() throws Exception {
        Files.writeString(bundle.resolve("config.json"), "mine");
        assertThatThrownBy(() -> DefaultSpec.write(DefaultSpec.of(false, 0, 0), bundle))
                .hasMessage(bundle.resolve("config.json") + " exists: remove it first (jrun spec never overwrites)");
        assertThat(Files.readString(bundle.resolve("config.json"))).isEqualTo("mine");
    }
}
