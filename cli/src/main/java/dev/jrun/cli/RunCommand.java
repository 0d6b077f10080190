package dev.jrun.cli;

import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.image.Image;
import dev.jrun.linux.Signals;
import dev.jrun.runtime.Deadline;
import dev.jrun.runtime.Ulimit;
import dev.jrun.runtime.Usage;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.ProcMount;
import dev.jrun.launch.Stdio;
import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.rootfs.RootfsMode;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerSpec;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jrun run IMAGE [CMD...]}: create, start, wait, remove; exits with the container's code. */
@Command(name = "run", sortOptions = false,
        description = "Run a command in a new container from an image.")
final class RunCommand implements Callable<Integer> {
    /** The exit code of a job stopped at its --timeout, as timeout(1) uses. */
    static final int TIMED_OUT = 124;

    @ParentCommand
    JrunCommand global;

    /** Only --help: -h is the hostname, as in docker run. */
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the container (default: its short id).")
    String name;

    @Option(names = "--keep", description = "Keep the stopped container (needs --name); remove it with `jrun rm`.")
    boolean keep;

    @Option(names = {"-d", "--detach"}, description = "Run in the background: print the container's id and return;"
            + " its output goes to `jrun logs`, and it is kept when it stops (unless --rm).")
    boolean detach;

    @Option(names = "--rm", description = "With -d: remove the container when it stops.")
    boolean rm;

    @Option(names = {"-t", "--tty"}, description = "Give the container a terminal, relayed to yours (raw mode; its"
            + " size follows yours).")
    boolean tty;

    @Option(names = {"-i", "--interactive"}, description = "Accepted, as docker's: stdin always reaches the container.")
    boolean interactive;

    @Spec
    CommandSpec commandSpec;

    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Container hostname (default: short id).")
    String hostname;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VAL]",
            description = "Set an environment variable; KEY alone takes the host's value.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read KEY=VAL lines from FILE (# comments).")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container.")
    String workdir;

    @Option(names = "--entrypoint", paramLabel = "CMD",
            description = "Replace the image's entrypoint (and drop its default command).")
    String entrypoint;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", converter = ByteSize.class,
            description = "Memory limit, e.g. 64m; the kernel kills the job (exit 137) past it.")
    Long memory;

    @Option(names = "--memory-swap", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Memory plus swap limit (with --memory).")
    Long memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Soft memory limit, reclaimed first under pressure.")
    Long memoryReservation;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU time limit in cores, e.g. 0.5.")
    Double cpus;

    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "N", description = "Relative CPU weight (default 1024).")
    Long cpuShares;

    @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs the job may use, e.g. 0-1.")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "LIST", description = "Memory nodes the job may use.")
    String cpusetMems;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Most processes and threads at once.")
    Long pidsLimit;

    @Option(names = "--cgroup-parent", paramLabel = "PATH", description = "Parent of the container's cgroup (default jrun).")
    String cgroupParent = "jrun";

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall-clock limit (e.g. 30s, 1.5m, 2h): then the stop signal, then KILL; exit 124.")
    Duration timeout;

    @Option(names = "--stop-signal", paramLabel = "SIGNAL", description = "Signal sent at the timeout (default TERM).")
    String stopSignal = "TERM";

    @Option(names = "--stop-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the stop signal gets before KILL (default 10s).")
    Duration stopTimeout = Duration.ofSeconds(10);

    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]",
            description = "A resource limit: nofile, nproc, fsize, cpu, core, stack, memlock or as.")
    List<String> ulimits = new ArrayList<>();

    enum CgroupNs { PRIVATE, HOST }

    @Option(names = "--cgroupns", paramLabel = "MODE",
            description = "private (default): the job sees its cgroup as /; host: the host's cgroup paths.")
    CgroupNs cgroupns = CgroupNs.PRIVATE;

    @Option(names = "--oom-score-adj", paramLabel = "N",
            description = "The OOM killer's bias for the job, -1000 (never) to 1000 (first).")
    Integer oomScoreAdj;

    @Option(names = "--stats-file", paramLabel = "FILE",
            description = "When the container ends, write its usage (JSON: exit, times, peak memory and pids, OOM, timeout, limits).")
    Path statsFile;

    @Option(names = "--stats", description = "The same usage report on stderr.")
    boolean stats;

    @Option(names = "--read-only", description = "Mount the container's root read-only (/dev and --tmpfs stay writable).")
    boolean readOnly;

    @Option(names = "--tmpfs", paramLabel = "PATH[:OPTS]",
            description = "Mount a tmpfs at PATH (default rw,noexec,nosuid,nodev; size=, mode=, uid=, gid=).")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "SOURCE:TARGET[:OPTS]",
            description = "Bind an existing host path (absolute) or a named volume (made on first use, filled from"
                    + " the image) at TARGET; OPTS: ro, rw, nocopy, a propagation (rprivate, rslave, ...).")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "type=…,source=…,target=…",
            description = "A bind, volume or tmpfs as docker's --mount: readonly, bind-propagation=, volume-nocopy,"
                    + " tmpfs-size=, tmpfs-mode=.")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--device", paramLabel = "HOST[:CONTAINER][:rwm]",
            description = "Give the container a host device node (read, write, mknod; all three by default).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--explain", description = "Print every kernel step as it happens, with why, on stderr.")
    boolean explain;

    @Mixin
    SecurityOptions security;

    @Mixin
    NetworkOptions network;

    @Mixin
    ImagePick pick;

    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "Image archive or OCI layout (PATH or PATH:TAG), or a loaded image's name or id.")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments (replace the image's Cmd).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws JrunException {
        if (detach && (timeout != null || statsFile != null || stats || explain || tty)) {
            throw new JrunException("-d: --timeout, --stats, --stats-file, --explain and -t need a run in the foreground");
        }
        if (detach && System.getenv(Monitor.HAND_OVER) == null) {
            // the monitor starts this same command as its child, which then hands the container over
            return Monitor.submit(Roots.settings(global), commandSpec.root().commandLine().getParseResult().originalArgs());
        }
        ProcessPrivileges privileges = security.privileges(); // bad flags fail before any work
        network.parse();
        Jrun jrun = new Jrun(Roots.settings(global));
        Image loaded = pick.find(jrun, image);
        if (loaded.layers().stream().anyMatch(layer -> layer.file() != null)) {
            jrun.load(loaded, ProgressBar.forStderr()); // from an archive: into the store, and listed by jrun images
        }
        ContainerSpec.Builder spec = ContainerSpec.builder(loaded).name(name).keep(detach ? !rm : keep)
                .detached(detach).hostname(hostname).stdio(tty ? TerminalRelay.stdio() : Stdio.INHERIT)
                .workdir(workdir).command(command).procMount(ProcMount.fromSystemProperty())
                .rootfsMode(RootfsMode.fromSystemProperty()).cgroupParent(cgroupParent).oomScoreAdj(oomScoreAdj)
                .cgroupNamespace(cgroupns == CgroupNs.PRIVATE).privileges(privileges).user(security.user);
        security.groupAdd.forEach(spec::groupAdd);
        spec.readOnly(readOnly);
        tmpfs.forEach(spec::tmpfs);
        volumes.forEach(spec::volume);
        mounts.forEach(spec::mount);
        devices.forEach(spec::device);
        network.applyTo(spec);
        if (entrypoint != null) {
            spec.entrypoint(entrypoint.isEmpty() ? List.of() : List.of(entrypoint));
        }
        EnvOptions.resolve(envFiles, env).forEach(spec::env);
        spec.limits(limits()).deadline(deadline());
        for (String ulimit : ulimits) {
            try {
                spec.ulimit(Ulimit.parse(ulimit));
            } catch (IllegalArgumentException e) {
                throw new JrunException(e.getMessage());
            }
        }
        LaunchObserver observer = explain ? new ExplainPrinter(System.err) : LaunchObserver.NONE;
        if (detach) {
            return handOver(jrun.create(build(spec), observer));
        }
        try (Container container = jrun.create(build(spec), observer);
             SignalForwarder forwarder = SignalForwarder.install(container)) {
            container.start();
            forwarder.started();
            int code = tty ? TerminalRelay.relay(container.terminalFd(), () -> container.waitFor().shellCode())
                    : container.waitFor().shellCode();
            report(container.usage());
            if (container.timedOut() != null) {
                System.err.println("jrun: timed out after " + Deadline.render(timeout) + ": "
                        + container.timedOut());
                return TIMED_OUT;
            }
            if (container.usage().oomKilled()) {
                System.err.println("jrun: killed: out of memory" + (memory == null ? "" : ", limit " + ByteSize.render(memory)));
            }
            return code;
        }
    }

    /** run -d, as the monitor's child: starts the container and lets go of it; the monitor inherits it. */
    private static int handOver(Container container) throws JrunException {
        try {
            container.start();
            container.handOver();
        } catch (JrunException e) {
            container.close();
            throw e;
        }
        System.out.println(container.id());
        return 0;
    }

    /** --stats-file and --stats: the usage as JSON, written even when the job failed or timed out. */
    private void report(Usage usage) throws JrunException {
        if (statsFile == null && !stats) {
            return;
        }
        try {
            String json = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(usage);
            if (statsFile != null) {
                java.nio.file.Files.writeString(statsFile, json + "\n");
            }
            if (stats) {
                System.err.println(json);
            }
        } catch (java.io.IOException e) {
            throw new JrunException("--stats-file " + statsFile + ": " + e.getMessage(), e);
        }
    }

    private Deadline deadline() throws JrunException {
        try {
            return new Deadline(timeout, Signals.parse(stopSignal), stopTimeout);
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage().startsWith("unknown signal") ? "--stop-signal: " + e.getMessage()
                    : e.getMessage());
        }
    }

    /** The cgroup limits the flags ask for; an impossible combination is a one-line error. */
    private CgroupLimits limits() throws JrunException {
        try {
            return CgroupLimits.NONE
                    .withMemory(memory == null ? -1 : memory, memorySwap == null ? -1 : memorySwap,
                            memoryReservation == null ? -1 : memoryReservation)
                    .withCpu(cpus == null ? -1 : CgroupLimits.quotaForCpus(cpus),
                            cpus == null ? -1 : CgroupLimits.DEFAULT_CPU_PERIOD, cpuShares == null ? -1 : cpuShares,
                            cpusetCpus, cpusetMems)
                    .withPids(pidsLimit == null ? -1 : pidsLimit);
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        }
    }

    private static ContainerSpec build(ContainerSpec.Builder spec) throws JrunException {
        try {
            return spec.build();
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        }
    }
}
