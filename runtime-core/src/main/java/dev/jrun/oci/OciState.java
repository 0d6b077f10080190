package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/**
 * A container's state as the runtime-spec defines it, printed by {@code jrun state ID} and given to
 * hooks on their stdin: {@code {"ociVersion", "id", "status", "pid", "bundle", "annotations"}}.
 *
 * @param status creating, created, running, paused or stopped
 * @param pid the first process's host pid; 0 (left out) when there is none
 * @param bundle the bundle directory's absolute path
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record OciState(String ociVersion, String id, String status, int pid, String bundle,
                       Map<String, String> annotations) {
    public OciState {
        annotations = Absent.empty(annotations);
    }

    /** A list of states, as {@code jrun list --format json} prints it. */
    public static String toJson(java.util.List<OciState> states) {
        try {
            return OciSpecReader.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(states);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: records of strings and numbers", e);
        }
    }

    /** Indented JSON, as runc prints it. */
    public String toJson() {
        try {
            return OciSpecReader.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a record of strings and numbers", e);
        }
    }
}
