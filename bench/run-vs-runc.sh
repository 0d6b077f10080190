#!/usr/bin/env bash
# Start-to-exit time of one container running `true`, three ways, in one hyperfine run:
#   jrun        ./jrun run busybox.tar true                 (the launcher: tuned flags + class-data archive)
#   java -jar   java -jar cli/target/jrun.jar run ... true  (same jar, a plain JVM with default flags)
#   runc        runc run of the same image's rootfs as an OCI bundle, made once before timing
#   jrun tmpfs  ./jrun --data-root=<dir in /dev/shm> run ... true   (only if /dev/shm is a tmpfs)
# then the ratio of medians. jrun unpacks the image into a fresh rootfs on every run; runc reuses
# a bundle unpacked beforehand, so the difference includes that unpacking. The tmpfs entry shows
# how much of jrun's time is that unpacking on this machine's disk.
#
# Usage (as root): bench/run-vs-runc.sh [RUNS]     RUNS: 20 (the minimum) unless given; warm-up is 3 runs.
set -euo pipefail

die() {
    echo "run-vs-runc.sh: $*" >&2
    exit 1
}

repo=$(readlink -f -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..")
image=$repo/test-rootfs/target/images/busybox.tar
runs=${1:-20}
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 20)) || die "RUNS must be a number >= 20, got '$runs'"

((EUID == 0)) || die "needs root: jrun run and runc run create namespaces and mounts (try: sudo $0)"
for tool in hyperfine runc tar; do
    command -v "$tool" >/dev/null || die "$tool not found (on Debian: apt-get install $tool)"
done
if command -v python3 >/dev/null; then
    json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
    layers_expr='"\n".join(d[0]["Layers"])'
elif command -v jq >/dev/null; then
    json() { jq -r "$2" "$1"; }
    layers_expr='.[0].Layers[]'
else
    die "needs python3 or jq to read JSON (on Debian: apt-get install python3)"
fi

cd "$repo"
# Builds the jar and the start-up archive if needed, so no run below pays for that.
./jrun --version >/dev/null || die "./jrun --version failed"
[[ -f $image ]] || die "no test image at $image (mvn install builds it)"

work=$(mktemp -d /tmp/run-vs-runc.XXXXXX)
shm=
trap 'rm -rf -- "$work" ${shm:+"$shm"}' EXIT
if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]]; then
    shm=$(mktemp -d /dev/shm/run-vs-runc.XXXXXX)
fi

# --- the OCI bundle for runc: the image's layers, in order, unpacked into bundle/rootfs -----------
# (plain tar: fine for this one-layer image; whiteouts of multi-layer images are not applied)
mkdir -p "$work/image" "$work/bundle/rootfs" "$work/runc-state"
tar -xf "$image" -C "$work/image"
while IFS= read -r layer; do
    tar -xf "$work/image/$layer" -C "$work/bundle/rootfs"
done < <(json "$work/image/manifest.json" "$layers_expr")
(cd "$work/bundle" && runc spec)
if command -v python3 >/dev/null; then
    python3 - "$work/bundle/config.json" <<'EOF'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
spec["process"]["args"] = ["true"]
spec["process"]["terminal"] = False
json.dump(spec, open(path, "w"), indent=2)
EOF
else
    jq '.process.args = ["true"] | .process.terminal = false' "$work/bundle/config.json" >"$work/config.json"
    mv "$work/config.json" "$work/bundle/config.json"
fi

jrun_cmd="./jrun run $image true"
java_cmd="java -jar cli/target/jrun.jar run $image true"
# a fresh container id per run; runc removes the container when it exits
runc_cmd="runc --root $work/runc-state run --bundle $work/bundle bench\$RANDOM\$RANDOM"

entries=(-n jrun "$jrun_cmd" -n "java -jar" "$java_cmd" -n runc "$runc_cmd")
[[ -n $shm ]] && entries+=(-n "jrun tmpfs" "./jrun --data-root=$shm run $image true")

# One run of each first: hyperfine would only say "non-zero exit code".
for ((i = 2; i < ${#entries[@]}; i += 3)); do
    bash -c "${entries[i]}" </dev/null >/dev/null || die "this fails, so it cannot be timed: ${entries[i]}"
done

hyperfine --shell=bash --warmup 3 --runs "$runs" --export-json "$work/results.json" "${entries[@]}"

median() {
    local expr
    if command -v python3 >/dev/null; then
        expr="[r['median'] for r in d['results'] if r['command'] == '$1'][0]"
    else
        expr=".results[] | select(.command == \"$1\") | .median"
    fi
    json "$work/results.json" "$expr"
}
jrun_ms=$(median jrun) java_ms=$(median "java -jar") runc_ms=$(median runc)
tmpfs_ms=$([[ -n $shm ]] && median "jrun tmpfs" || echo 0)
awk -v j="$jrun_ms" -v p="$java_ms" -v r="$runc_ms" -v t="$tmpfs_ms" 'BEGIN {
    printf "\nmedians: jrun %.1f ms, java -jar %.1f ms, runc %.1f ms", j * 1000, p * 1000, r * 1000
    if (t > 0) printf ", jrun tmpfs %.1f ms", t * 1000
    printf "\njrun / runc        = %.2f\n", j / r
    printf "java -jar / runc   = %.2f\n", p / r
    printf "java -jar / jrun   = %.2f  (what the launcher flags and archive buy)\n", p / j
    if (t > 0) printf "jrun tmpfs / runc  = %.2f  (without unpacking to disk)\n", t / r
}'
