package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One of {@code mounts}: {@code type} bind (or {@code bind}/{@code rbind} among the options), tmpfs,
 * proc, sysfs, devpts, mqueue, cgroup...; {@code options} as mount(8) takes them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciMount(String destination, String type, String source, List<String> options) {
    public OciMount {
        options = Absent.empty(options);
    }
}
