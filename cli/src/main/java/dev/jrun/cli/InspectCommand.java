package dev.jrun.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.container.ContainerState;
import dev.jrun.network.NetworkAttachment;
import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jrun inspect NAME}: the container's record (status, pid, exit code), its config.json and,
 * while it is attached to a CNI network, that attachment (ADD's result: interfaces, addresses), as JSON.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a container's state and config (JSON).")
final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    JrunCommand global;

    @Parameters(index = "0", paramLabel = "NAME", description = "The container, by name or id.")
    String name;

    @Override
    public Integer call() throws Exception {
        BundleContainers containers = new Jrun(Roots.settings(global)).containers();
        ContainerState state = containers.record(name);
        ObjectNode out = JSON.createObjectNode();
        out.set("state", JSON.valueToTree(state));
        out.set("config", JSON.valueToTree(containers.config(name)));
        NetworkAttachment network = containers.network(name);
        if (network != null) {
            out.set("network", JSON.valueToTree(network));
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }
}
