package dev.jrun.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.container.Lifecycle.Status;
import dev.jrun.container.Lifecycle.Verb;
import dev.jrun.oci.OciState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which verb each status takes, the error for one it refuses, and the state as clients read it. */
class LifecycleTest {
    @Test
    void eachVerb_takesTheStatusesOfTheSpec() {
        assertThat(Verb.START.accepts(Status.CREATED)).isTrue();
        assertThat(Verb.START.accepts(Status.RUNNING)).isFalse();
        assertThat(Verb.KILL.accepts(Status.STOPPED)).isFalse();
        assertThat(Verb.DELETE.accepts(Status.RUNNING)).isFalse();
        assertThat(Verb.DELETE.accepts(Status.CREATED)).as("runc deletes a created container").isTrue();
        assertThat(Verb.RESUME.accepts(Status.PAUSED)).isTrue();
    }

    @Test
    void aVerbTheStatusRefuses_namesBoth() {
        assertThatThrownBy(() -> Lifecycle.require("web", Status.RUNNING, Verb.START))
                .hasMessage("container web is running: start needs it created");
        assertThatThrownBy(() -> Lifecycle.require("web", Status.STOPPED, Verb.KILL))
                .hasMessage("container web is stopped: kill needs it created, running or paused");
        Lifecycle.require("web", Status.PAUSED, Verb.RESUME);
    }

    @Test
    void theState_isTheSpecsJson() {
        assertThat(new OciState("1.2.0", "web", Status.CREATED.ociName(), 4242, "/b", Map.of()).toJson())
                .isEqualTo("{\n  \"ociVersion\" : \"1.2.0\",\n  \"id\" : \"web\",\n  \"status\" : \"created\",\n"
                        + "  \"pid\" : 4242,\n  \"bundle\" : \"/b\"\n}");
        assertThat(new OciState("1.2.0", "web", "stopped", 0, "/b", Map.of("a", "b")).toJson())
                .doesNotContain("\"pid\"").contains("\"annotations\" : {\n    \"a\" : \"b\"\n  }");
    }
}
