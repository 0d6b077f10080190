package dev.jrun.oci;

import java.util.List;
import java.util.Map;

/** A list or map config.json leaves out reads as empty, so no caller meets null. */
final class Absent {
    private Absent() {}

    static <T> List<T> empty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <K, V> Map<K, V> empty(Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
