#!/usr/bin/env bash
# Containers launched from inside one JVM through runtime-core's API: the cost an embedding program
# (a job scheduler, a judge) pays per container, without a JVM start. Prints median, p90 and p99.
#   sudo bench/in-process-launch.sh [RUNS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
[[ $(id -u) == 0 ]] || { echo "bench/in-process-launch.sh: needs root (it creates namespaces)" >&2; exit 1; }
"$repo/jrun" --version >/dev/null # builds the jar if needed
image=$repo/test-rootfs/target/images/busybox.tar
for root in /var/tmp/jrun-bench-disk /dev/shm/jrun-bench-tmpfs; do
    java -cp "$repo/cli/target/jrun.jar" "$repo/bench/InProcessLaunch.java" "$image" "$root" "${1:-200}"
    rm -rf "$root"
done
