#!/usr/bin/env bash
# podman run --rm of busybox `true`, with jrun and with runc as its OCI runtime, in one hyperfine run;
# then the OCI cycle alone (create, start, wait, delete of one bundle) by each runtime, without podman.
# What a user of podman or containerd pays for jrun: three JVM starts per container (create, start,
# delete), against runc's Go binary.
#
# Usage (as root): bench/podman-run.sh [RUNS]     RUNS: 20 (the minimum) unless given; warm-up 3 runs.
# Its images and containers go to a temporary directory, removed at the end (podman's own run-time
# files stay in /run/libpod: with tmp_dir and file locks moved too, every run here took 20 s, runc's too).
set -euo pipefail

die() {
    echo "podman-run.sh: $*" >&2
    exit 1
}

repo=$(readlink -f -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..")
image=$repo/test-rootfs/target/images/busybox.tar
runs=${1:-20}
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 20)) || die "RUNS must be a number >= 20, got '$runs'"
((EUID == 0)) || die "needs root (try: sudo $0)"
for tool in hyperfine podman runc; do
    command -v "$tool" >/dev/null || die "$tool not found (on Debian: apt-get install $tool)"
done
[[ -f $image ]] || die "$image is missing: build the project first (mvn -DskipTests install)"
"$repo/jrun" --version >/dev/null || die "./jrun --version failed"

tmp=$(mktemp -d /tmp/jrun-podman-bench.XXXXXX)
cleanup() {
    podman rm -af -t 0 >/dev/null 2>&1 || true
    grep " $tmp/" /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# the hard limits of this host: podman's defaults for root are above them where root lacks CAP_SYS_RESOURCE
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[[ $nproc == unlimited || $nproc -gt 32768 ]] && nproc=32768
cat >"$tmp/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$tmp/events.log"
CONF
cat >"$tmp/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$tmp/graph"
runroot = "$tmp/run"
CONF
export CONTAINERS_CONF=$tmp/containers.conf CONTAINERS_STORAGE_CONF=$tmp/storage.conf
podman load -q -i "$image" >/dev/null
name=$(podman images --format '{{.Repository}}:{{.Tag}}' | head -1)

# the same image as a bundle, for the bare OCI cycle
mkdir -p "$tmp/bundle/rootfs"
podman export "$(podman create "$name" true)" | tar -x -C "$tmp/bundle/rootfs"
(cd "$tmp/bundle" && runc spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' config.json)

hyperfine -N -w 3 -r "$runs" \
    -n "podman + jrun" "podman --runtime $repo/jrun run --rm --network=none $name true" \
    -n "podman + runc" "podman --runtime /usr/sbin/runc run --rm --network=none $name true"
cycle() { # RUNTIME ROOT: create, start, wait for the exit, delete
    echo "cd $tmp/bundle && $1 --root $2 create c && $1 --root $2 start c &&" \
        "while [ \"\$($1 --root $2 state c | grep -o stopped)\" != stopped ]; do :; done && $1 --root $2 delete c"
}
hyperfine -w 3 -r "$runs" \
    -n "OCI cycle, jrun" "$(cycle "$repo/jrun" "$tmp/jrun-root")" \
    -n "OCI cycle, runc" "$(cycle runc "$tmp/runc-root")"
