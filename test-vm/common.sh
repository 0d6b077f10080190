# Sourced by test-vm's scripts: their messages (named after the script), the project's root, and its build.
# Not run on its own.

script=test-vm/${0##*/}
die() { # a set-up failure: exit 2, as each script documents
    echo "$script: $*" >&2
    exit 2
}
note() {
    echo "$script: $*" >&2
}

repo=$(readlink -f -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..")

# One reactor run packages every module (RootlessIT runs cli's jrun.jar) and has each list its test
# classpath in its own target/test-classpath.txt, naming the project's modules by the jars just built:
# the launch thread loads classes after pivot_root, which works from an open jar, not a classes
# directory. Never installed: ~/.m2 may hold another checkout's build.
build_project() {
    note "building the project (mvn -q -DskipTests package)"
    (cd "$repo" && mvn -q -B -ntp -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile=target/test-classpath.txt) || die "the build failed"
}
