package dev.jrun.runtime;

import dev.jrun.testing.Privileged;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that run real containers: root only, an engine on temporary roots. */
abstract class PrivilegedContainerTest {
    @TempDir
    Path tmp;
    TestEngine engine;

    @BeforeEach
    void startEngine() throws Exception {
        Privileged.assumeRoot();
        engine = new TestEngine(tmp);
    }
}
