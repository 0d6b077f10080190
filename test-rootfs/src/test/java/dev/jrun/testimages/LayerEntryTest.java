package dev.jrun.testimages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LayerEntryTest {

    @Test
    void directory_dropsLeadingAndTrailingSlashesAndKeepsStickyBit() {
        LayerEntry tmp = LayerEntry.directory("/tmp/", 01777);

        assertThat(tmp.path()).isEqualTo("tmp");
        assertThat(tmp.mode()).isEqualTo(01777);
    }

    @Test
    void hardLink_targetTakesThePathForm() {
        assertThat(LayerEntry.hardLink("bin/sh", "/bin/busybox").linkTarget()).isEqualTo("bin/busybox");
    }

    @Test
    void file_rejectsFileTypeBitsInMode() {
        assertThatThrownBy(() -> LayerEntry.file("a", 0100644, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a: mode 100644 has bits beyond 07777");
    }

    @Test
    void data_isACopy() {
        LayerEntry entry = LayerEntry.file("a", 0644, "x");

        entry.data()[0] = 'y';

        assertThat(entry.data()).containsExactly('x');
    }
}
