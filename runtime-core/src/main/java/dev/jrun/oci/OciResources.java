package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code linux.resources}: the cgroup's limits and device list. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciResources(Memory memory, Cpu cpu, Pids pids, List<DeviceAccess> devices) {
    public OciResources {
        devices = Absent.empty(devices);
    }

    /** Bytes; {@code swap} is memory plus swap, as docker's --memory-swap. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(Long limit, Long reservation, Long swap) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(Long shares, Long quota, Long period, String cpus, String mems) {}

    public record Pids(long limit) {}

    /** One rule of the device list, in order: the last that matches decides. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceAccess(boolean allow, String type, Long major, Long minor, String access) {}
}
