package dev.jrun.linux;

import com.sun.jna.Pointer;

/**
 * posix_spawn's attributes, file actions, argv and envp in native memory. Built before the launch
 * thread pivots, so the spawn itself is a single call that needs no class or library loading.
 */
final class NativeSpawn implements PreparedSpawn {
    private static final int SIZEOF_SPAWN_ATTR = 512;
    private static final int SIZEOF_FILE_ACTIONS = 256;

    private final SpawnRequest request;
    private final NativeMemory memory = new NativeMemory();
    private final Pointer pid = memory.allocate(8);
    private final Pointer attributes = memory.allocate(SIZEOF_SPAWN_ATTR);
    private final Pointer actions = memory.allocate(SIZEOF_FILE_ACTIONS);
    private final Pointer argv;
    private final Pointer envp;
    private boolean initialised;

    private NativeSpawn(SpawnRequest request) {
        this.request = request;
        this.argv = memory.stringArray(request.argv());
        this.envp = memory.stringArray(request.env());
    }

    static NativeSpawn prepare(SpawnRequest request, LinuxSyscalls sys) throws SyscallException {
        NativeSpawn spawn = new NativeSpawn(request);
        try {
            spawn.initialise(sys);
            return spawn;
        } catch (SyscallException | RuntimeException e) {
            spawn.close();
            throw e;
        }
    }

    private void initialise(LinuxSyscalls sys) throws SyscallException {
        sys.checkReturned("posix_spawnattr_init", LibC.posix_spawnattr_init(attributes), () -> "attr");
        sys.checkReturned("posix_spawn_file_actions_init", LibC.posix_spawn_file_actions_init(actions), () -> "fa");
        initialised = true;
        sys.checkReturned("posix_spawnattr_setflags",
                LibC.posix_spawnattr_setflags(attributes, (short) request.flags()),
                () -> SpawnRequest.FLAG_NAMES.render(request.flags()));
        Pointer empty = memory.allocate(LinuxSyscalls.SIZEOF_SIGSET);
        LibC.sigemptyset(empty);
        sys.checkReturned("posix_spawnattr_setsigmask", LibC.posix_spawnattr_setsigmask(attributes, empty),
                () -> "empty set");
        Pointer all = memory.allocate(LinuxSyscalls.SIZEOF_SIGSET);
        LibC.sigfillset(all);
        sys.checkReturned("posix_spawnattr_setsigdefault", LibC.posix_spawnattr_setsigdefault(attributes, all),
                () -> "all signals");
        for (SpawnRequest.FileAction action : request.actions()) {
            sys.checkReturned("posix_spawn_file_actions_add", add(action), action::toString);
        }
    }

    private int add(SpawnRequest.FileAction action) {
        if (action instanceof SpawnRequest.FileAction.Open o) {
            return LibC.posix_spawn_file_actions_addopen(actions, o.fd(), o.path(), o.flags(), o.mode());
        } else if (action instanceof SpawnRequest.FileAction.Dup2 d) {
            return LibC.posix_spawn_file_actions_adddup2(actions, d.fd(), d.newFd());
        } else if (action instanceof SpawnRequest.FileAction.Fchdir f) {
            return LibC.posix_spawn_file_actions_addfchdir_np(actions, f.fd());
        } else if (action instanceof SpawnRequest.FileAction.Chdir c) {
            return LibC.posix_spawn_file_actions_addchdir_np(actions, c.path());
        } else {
            return LibC.posix_spawn_file_actions_addclosefrom_np(actions,
                    ((SpawnRequest.FileAction.CloseFrom) action).lowFd());
        }
    }

    /** Calls posix_spawn; returns its error number (0 on success). */
    int spawn() {
        return LibC.posix_spawn(pid, request.path(), actions, attributes, argv, envp);
    }

    int pid() {
        return pid.getInt(0);
    }

    @Override
    public SpawnRequest request() {
        return request;
    }

    @Override
    public void close() {
        if (initialised) {
            LibC.posix_spawn_file_actions_destroy(actions);
            LibC.posix_spawnattr_destroy(attributes);
            initialised = false;
        }
        memory.close();
    }
}
