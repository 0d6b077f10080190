package dev.jrun.cli;

import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** An OCI verb that takes one container id and prints nothing: start, pause, resume. */
abstract class ContainerIdCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    abstract void act(BundleContainers containers) throws JrunException;

    @Override
    public Integer call() throws JrunException {
        act(new Jrun(Roots.settings(global)).containers());
        return 0;
    }
}
