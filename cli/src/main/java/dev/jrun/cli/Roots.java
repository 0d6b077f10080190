package dev.jrun.cli;

import dev.jrun.runtime.JrunSettings;

/** The engine settings from the global options. */
final class Roots {
    private Roots() {}

    static JrunSettings settings(JrunCommand global) {
        JrunSettings d = JrunSettings.defaults();
        return new JrunSettings(global.root != null ? global.root : d.stateRoot(),
                global.dataRoot != null ? global.dataRoot : d.dataRoot());
    }
}
