package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** -v and --mount read as docker reads them; bad input named in one line. */
class VolumeMountsTest {
    @Test
    void volumeFlag_bindOrNamedVolume_withOptions() throws Exception {
        assertThat(VolumeMounts.volume("/srv/data:/data:ro,rslave")).isEqualTo(new VolumeMounts.Given(
                "--volume /srv/data:/data:ro,rslave", "bind", "/srv/data", "/data", List.of("ro", "rslave"), true));
        assertThat(VolumeMounts.volume("cache:/var/cache:nocopy")).isEqualTo(new VolumeMounts.Given(
                "--volume cache:/var/cache:nocopy", "volume", "cache", "/var/cache", List.of(), false));
    }

    @Test
    void mountFlag_takesDockersFields() throws Exception {
        assertThat(VolumeMounts.mount("type=bind,src=/srv,dst=/srv,readonly,bind-propagation=rshared"))
                .isEqualTo(new VolumeMounts.Given("--mount type=bind,src=/srv,dst=/srv,readonly,bind-propagation=rshared",
                        "bind", "/srv", "/srv", List.of("ro", "rshared"), true));
        assertThat(VolumeMounts.mount("source=db,target=/db,volume-nocopy").type()).isEqualTo("volume");
        assertThat(VolumeMounts.mount("type=tmpfs,target=/scratch,tmpfs-size=1m,tmpfs-mode=1777").options())
                .containsExactly("size=1m", "mode=1777");
    }

    @Test
    void badInput_namesTheFlagAndTheCause() {
        assertThatThrownBy(() -> VolumeMounts.volume("/srv")).hasMessageStartingWith("--volume /srv: expected"
                + " SOURCE:TARGET[:OPTIONS]");
        assertThatThrownBy(() -> VolumeMounts.volume("/srv:data")).hasMessage("--volume /srv:data: the target must be"
                + " an absolute path in the container, and not /");
        assertThatThrownBy(() -> VolumeMounts.volume("/srv:/data:rx")).hasMessageStartingWith("--volume /srv:/data:rx:"
                + " unknown option rx (ro, rw, nocopy, or a propagation: ");
        assertThatThrownBy(() -> VolumeMounts.mount("type=nfs,src=a,dst=/a")).hasMessage("--mount type=nfs,src=a,dst=/a:"
                + " type=nfs (bind, volume or tmpfs)");
        assertThatThrownBy(() -> VolumeMounts.mount("type=bind,dst=/a")).hasMessage("--mount type=bind,dst=/a:"
                + " type=bind needs source=PATH");
        assertThatThrownBy(() -> VolumeMounts.mount("type=bind,src=/a,dst=/a,size=1")).hasMessageStartingWith(
                "--mount type=bind,src=/a,dst=/a,size=1: unknown field size");
        assertThatThrownBy(() -> VolumeMounts.mount("src=a")).hasMessage("--mount src=a: needs target=PATH");
    }
}
