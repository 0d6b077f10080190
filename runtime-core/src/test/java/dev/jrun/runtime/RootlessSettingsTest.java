package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.linux.UserNamespace;
import dev.jrun.rootfs.ImageUsers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where rootless jrun keeps things, and which users it can run, without root. */
class RootlessSettingsTest {
    @Test
    void directories_followTheXdgSpec() {
        assertThat(JrunSettings.forUser(Map.of("XDG_RUNTIME_DIR", "/run/user/1001", "XDG_DATA_HOME", "/d",
                "HOME", "/home/u"), 1001)).isEqualTo(new JrunSettings(Path.of("/run/user/1001/jrun"), Path.of("/d/jrun")));
        assertThat(JrunSettings.forUser(Map.of("HOME", "/home/u", "XDG_DATA_HOME", "relative"), 1001))
                .as("unset or relative: the spec's defaults").isEqualTo(new JrunSettings(Path.of("/tmp/jrun-1001"),
                        Path.of("/home/u/.local/share/jrun")));
    }

    @Test
    void aSingleIdMapping_refusesOtherUsersAndGroupsNamingTheFix() {
        var one = new UserNamespace.IdRange(0, 1001, 1);
        var userns = new UserNamespace(List.of(one), List.of(one), false);

        assertThatThrownBy(() -> MappedIds.require(userns, new ImageUsers.User(1000, 1000, List.of(), "/")))
                .hasMessageStartingWith("user 1000 is not mapped in rootless jrun's user namespace (only uid 0 is mapped;");
        assertThatThrownBy(() -> MappedIds.require(userns, new ImageUsers.User(0, 0, List.of(10), "/root")))
                .hasMessageContaining("setgroups is denied");
    }

    @Test
    void aRange_takesTheImagesUsers() throws Exception {
        var ids = List.of(new UserNamespace.IdRange(0, 1001, 1), new UserNamespace.IdRange(1, 100000, 65536));
        MappedIds.require(new UserNamespace(ids, ids, true), new ImageUsers.User(1000, 100, List.of(10, 27), "/"));
    }
}
