package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --log lines as runc writes them, so containerd's shim can read the error back. */
class ErrorLogTest {
    @Test
    void json_isOneObjectPerLine_withLevelMsgAndTime() throws Exception {
        String line = ErrorLog.line(ErrorLog.Format.JSON, "container \"x\" does not exist", "2026-12-02T05:00:00Z");
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        assertThat(new ObjectMapper().readValue(line, Map.class)).containsExactly(
                Map.entry("level", "error"), Map.entry("msg", "container \"x\" does not exist"),
                Map.entry("time", "2026-12-02T05:00:00Z"));
    }

    @Test
    void text_isLogfmt() {
        assertThat(ErrorLog.line(ErrorLog.Format.TEXT, "a \"b\"", "T"))
                .isEqualTo("time=\"T\" level=error msg=\"a \\\"b\\\"\"" + System.lineSeparator());
    }
}
