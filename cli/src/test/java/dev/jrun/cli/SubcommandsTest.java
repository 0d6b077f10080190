package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Subcommands are added lazily, by the names they are called by. */
class SubcommandsTest {
    @Test
    void eachName_isItsCommandsNameOrAlias() {
        for (Map.Entry<String, java.util.function.Supplier<Object>> entry : Subcommands.ALL.entrySet()) {
            CommandLine.Model.CommandSpec spec = new CommandLine(entry.getValue().get()).getCommandSpec();
            assertThat(spec.names()).as(entry.getKey()).contains(entry.getKey());
        }
    }

    @Test
    void onlyTheNamedOnes_areAdded_allWhenNoneIs_noneForVersion() {
        assertThat(Subcommands.commandLine(new JrunCommand(), "--root", "/x", "state", "c1").getSubcommands())
                .containsOnlyKeys("state");
        assertThat(Subcommands.commandLine(new JrunCommand(), "delete", "-f", "c1").getSubcommands())
                .containsOnlyKeys("rm", "delete");
        assertThat(Subcommands.commandLine(new JrunCommand(), "--help").getSubcommands())
                .containsKeys(Subcommands.ALL.keySet().toArray(String[]::new));
        assertThat(Subcommands.commandLine(new JrunCommand(), "--version").getSubcommands()).isEmpty();
    }
}
