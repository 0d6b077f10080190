package dev.jrun.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The devices.allow form, read and written back. No root. */
class DeviceRuleTest {

    @Test
    void parse_readsEachPartAndToStringWritesTheKernelsForm() {
        assertThat(DeviceRule.parse("c 1:3 rwm")).isEqualTo(new DeviceRule('c', 1, 3, 7));
        assertThat(DeviceRule.parse("c *:* m")).isEqualTo(new DeviceRule('c', DeviceRule.ANY, DeviceRule.ANY, 1));
        assertThat(DeviceRule.parse("b 8:* rw")).isEqualTo(new DeviceRule('b', 8, DeviceRule.ANY, 6));
        assertThat(DeviceRule.parse(" c  136:*  mwr ")).hasToString("c 136:* rwm");
        assertThat(DeviceRule.parse("a")).isEqualTo(DeviceRule.ALL).hasToString("a");
        assertThat(DeviceRule.parse("a *:* rwm")).isEqualTo(DeviceRule.ALL);
    }

    @Test
    void parse_aMalformedRule_isNamedWithWhatIsWrong() {
        assertThatThrownBy(() -> DeviceRule.parse("x 1:3 rwm"))
                .hasMessage("device rule \"x 1:3 rwm\": the type must be a (all), b (block) or c (character), not x");
        assertThatThrownBy(() -> DeviceRule.parse("c 1:3"))
                .hasMessage("device rule \"c 1:3\": expected TYPE MAJOR:MINOR ACCESS, e.g. c 1:3 rwm, or a");
        assertThatThrownBy(() -> DeviceRule.parse("c 1-3 r")).hasMessage("device rule \"c 1-3 r\": expected MAJOR:MINOR, not 1-3");
        assertThatThrownBy(() -> DeviceRule.parse("c 1:-3 r"))
                .hasMessage("device rule \"c 1:-3 r\": the minor number must be a decimal number or *, not -3");
        assertThatThrownBy(() -> DeviceRule.parse("c 4294967296:0 r"))
                .hasMessageStartingWith("device rule \"c 4294967296:0 r\": the major number must be");
        assertThatThrownBy(() -> DeviceRule.parse("c 1:3 rx"))
                .hasMessage("device rule \"c 1:3 rx\": the access must be some of r (read), w (write) and m (mknod), not rx");
        assertThatThrownBy(() -> DeviceRule.parse("a 1:3 r"))
                .hasMessage("device rule \"a 1:3 r\": a (all devices) stands alone: it allows every access to every device");
        assertThatThrownBy(() -> DeviceRule.parse("")).hasMessageStartingWith("device rule \"\": expected TYPE");
    }

    /** Rules as written in devices.allow form. */
    static java.util.List<DeviceRule> rules(String... rules) {
        return java.util.Arrays.stream(rules).map(DeviceRule::parse).toList();
    }
}
