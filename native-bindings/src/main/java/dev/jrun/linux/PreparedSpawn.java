package dev.jrun.linux;

/** posix_spawn's native arguments, built ahead of the spawn; close frees them. */
public interface PreparedSpawn extends AutoCloseable {
    SpawnRequest request();

    @Override
    void close();
}
