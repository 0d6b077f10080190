#!/usr/bin/env bash
# Start-to-exit time of one container running `true` (busybox.tar), as root and rootless, in one
# hyperfine run: root's launcher (a read-only bind of java in a mount namespace of its own), and the
# same launcher run by an ordinary user, which re-runs itself in a user namespace first: with the
# user's /etc/subuid range (newuidmap and a helper) if it has one, else a single-id mapping.
#
# Usage (as root): bench/rootless-start.sh USER [RUNS]   USER: an existing ordinary user that can read
# this checkout; RUNS: 20 (the minimum) unless given; warm-up is 3 runs. Each store is warm (the
# image's layers are unpacked before timing), so the figures are start-up, not unpacking.
set -euo pipefail

die() {
    echo "rootless-start.sh: $*" >&2
    exit 1
}

repo=$(readlink -f -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..")
image=$repo/test-rootfs/target/images/busybox.tar
user=${1:-}
runs=${2:-20}
[[ -n $user ]] && id "$user" >/dev/null 2>&1 || die "usage: $0 USER [RUNS] (USER: an existing ordinary user)"
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 20)) || die "RUNS must be a number >= 20, got '$runs'"
((EUID == 0)) || die "needs root (to run as root and as $user)"
command -v hyperfine >/dev/null || die "hyperfine not found (on Debian: apt-get install hyperfine)"

uid=$(id -u "$user")
home=$(getent passwd "$user" | cut -d: -f6)
runtime_dir=$(mktemp -d)
chown "$user" "$runtime_dir"
trap 'rm -rf "$runtime_dir"' EXIT
as_user="setpriv --reuid=$uid --regid=$(id -g "$user") --init-groups env -i PATH=/usr/bin:/bin HOME=$home XDG_RUNTIME_DIR=$runtime_dir"
mapping=single-id
grep -q "^$user:" /etc/subuid 2>/dev/null && command -v newuidmap >/dev/null && mapping=subuid-range

cd "$repo"
./jrun run "$image" true || die "./jrun run as root failed"
$as_user ./jrun run "$image" true || die "./jrun run as $user failed"
hyperfine -N -w 3 -r "$runs" \
    -n root "./jrun run $image true" \
    -n "rootless ($mapping)" "$as_user ./jrun run $image true"
