package dev.jrun.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Id maps as /proc/self/uid_map shows them: root's, a single id, a subuid range. */
class UserNamespaceTest {
    @Test
    void theInitialNamespace_mapsEveryIdToItself() {
        var ranges = UserNamespace.parse(List.of("         0          0 4294967295"));
        var userns = new UserNamespace(ranges, ranges, true);
        assertThat(userns.initial()).isTrue();
        assertThat(userns.hostUid(1000)).isEqualTo(1000);
    }

    @Test
    void aSubuidRange_mapsTheUserTo0AndTheRangeAbove() {
        var ranges = UserNamespace.parse(List.of("0 1001 1", "1 100000 65536"));
        var userns = new UserNamespace(ranges, ranges, true);
        assertThat(userns.initial()).isFalse();
        assertThat(userns.hostUid(0)).isEqualTo(1001);
        assertThat(userns.hostUid(1000)).isEqualTo(100999);
        assertThat(userns.mapsUid(65536)).isTrue();
        assertThat(userns.mapsUid(65537)).isFalse();
        assertThat(userns.mappedUids()).isEqualTo(65537);
    }

    @Test
    void aSingleId_mapsOnly0() {
        var ranges = UserNamespace.parse(List.of("0 1001 1"));
        var userns = new UserNamespace(ranges, ranges, false);
        assertThat(userns.mapsGid(5)).isFalse();
        assertThat(userns.hostUid(1)).isEqualTo(-1);
    }
}
