package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** {@code linux}: namespaces, id mappings, cgroup resources, devices, seccomp and the paths to hide. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciLinux(List<Namespace> namespaces, List<IdMapping> uidMappings, List<IdMapping> gidMappings,
                       OciResources resources, List<Device> devices, OciSeccomp seccomp, List<String> maskedPaths,
                       List<String> readonlyPaths, String rootfsPropagation, Map<String, String> sysctl,
                       String cgroupsPath) {

    public OciLinux {
        namespaces = Absent.empty(namespaces);
        uidMappings = Absent.empty(uidMappings);
        gidMappings = Absent.empty(gidMappings);
        devices = Absent.empty(devices);
        maskedPaths = Absent.empty(maskedPaths);
        readonlyPaths = Absent.empty(readonlyPaths);
        sysctl = Absent.empty(sysctl);
    }

    /**
     * @param type pid, network, mount, ipc, uts, user, cgroup or time
     * @param path a namespace file to join ({@code /proc/PID/ns/net}); null makes a new one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {}

    public record IdMapping(long containerID, long hostID, long size) {}

    /** A device node to make in the container; {@code type} c, b, u or p. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {}
}
