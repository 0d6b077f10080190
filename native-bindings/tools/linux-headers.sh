#!/usr/bin/env bash
# Fetches the kernel's UAPI headers as Debian ships them (linux-libc-dev) for amd64 and arm64 and
# unpacks each with dpkg -x, so both architectures' headers can be read on either host. apt runs
# with a private state and package cache under the cache directory: the system's architectures,
# lists and caches stay as they are, and no root is needed. Signatures and checksums are apt's own.
# Prints one line per architecture: its Debian name, the package version, then the C preprocessor
# options that read its headers as its own compiler would (only its headers on the include path; its
# architecture macros defined, the other's undefined). A second run fetches nothing (delete the cache
# directory to fetch again).
#   native-bindings/tools/linux-headers.sh [cache dir, default ~/.cache/jrun/linux-libc-dev]
set -euo pipefail
cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/jrun/linux-libc-dev}
arches=(amd64 arm64)
mkdir -p "$cache"
# checkouts building at once share the cache: one fetches, the others wait and read
exec 9>"$cache/.lock"
flock 9

fetch() {
    local state=$cache/apt
    mkdir -p "$state/lists/partial" "$state/archives/partial"
    : >"$state/status"
    # the system's post-update hooks (cache cleaning, PackageKit, appstream) are not ours to run
    printf '#clear APT::Update::Post-Invoke;\n#clear APT::Update::Post-Invoke-Success;\n' >"$state/apt.conf"
    local apt=(apt-get -q -c "$state/apt.conf" -o "APT::Architecture=${arches[0]}"
        -o "Dir::State::Lists=$state/lists" -o "Dir::State::status=$state/status" -o "Dir::Cache=$state"
        -o "Dir::Cache::archives=$state/archives" -o "Debug::NoLocking=true" -o "APT::Sandbox::User=$(id -un)")
    for arch in "${arches[@]}"; do
        apt+=(-o "APT::Architectures::=$arch")
    done
    "${apt[@]}" --error-on=any update >&2
    (cd "$state/archives" && "${apt[@]}" download "${arches[@]/#/linux-libc-dev:}" >&2)
    for arch in "${arches[@]}"; do
        local deb
        deb=$(ls "$state/archives"/linux-libc-dev_*_"$arch".deb | tail -1)
        rm -rf "${cache:?}/$arch"
        dpkg -x "$deb" "$cache/$arch"
        dpkg-deb -f "$deb" Version >"$cache/$arch/version"
    done
    rm -rf "$state"
}

for arch in "${arches[@]}"; do
    [[ -s $cache/$arch/version ]] || { fetch; break; }
done
declare -A target=(
    [amd64]="-U__aarch64__ -U__AARCH64EL__ -D__x86_64__ -D__x86_64 -D__amd64__ -D__amd64 -I$cache/amd64/usr/include/x86_64-linux-gnu"
    [arm64]="-U__x86_64__ -U__x86_64 -U__amd64__ -U__amd64 -D__aarch64__ -D__AARCH64EL__ -I$cache/arm64/usr/include/aarch64-linux-gnu"
)
for arch in "${arches[@]}"; do
    printf '%s %s -nostdinc %s -I%s\n' "$arch" "$(cat "$cache/$arch/version")" "${target[$arch]}" "$cache/$arch/usr/include"
done
