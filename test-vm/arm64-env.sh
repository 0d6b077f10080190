#!/usr/bin/env bash
# Provisions, on an x86_64 Debian host, what jrun's arm64 test modes run (test-vm/arm64-user.sh,
# and test-vm/run.sh with JRUN_VM_ARCH=arm64), from Debian's packages only, in test-vm/.cache/arm64/:
#   jre/bin/java     an arm64 JRE (openjdk-17-jre-headless:arm64, extracted: installing it through
#                    multiarch would replace the host's amd64 JDK), run through qemu-user and binfmt
#   busybox          busybox-static:arm64's binary
#   bin/             for the arm64 guest, which sees the host's / but cannot run its programs: a link
#                    per busybox applet, util-linux:arm64's unshare (busybox's has no --cgroup) and
#                    dash:arm64 as sh (busybox's sh runs its own applets before any in PATH)
#   qemu-aarch64     qemu-user from Debian unstable (11.1 when written; static, read through an apt
#                    list of this cache's own, the host's sources untouched), which runs the JVM: the
#                    first with fsopen, fsmount and move_mount, which jrun mounts /proc with (Debian
#                    12's 7.2 lacks them and openat2, 13's 10.0 them); binfmt's 7.2 runs the busybox
#   images/          the test images (test-rootfs's BuildTestImages) built from that busybox: arm64
# Installs qemu-user-static, binfmt-support and the arm64 libraries the JRE links (libc6, libgcc-s1,
# libstdc++6, zlib1g: multiarch installs them beside the amd64 ones), mounts binfmt_misc and enables
# qemu-aarch64 (flags PF: the interpreter is opened at registration, so arm64 binaries still run
# after a container's pivot_root). Downloads happen once; the images are rebuilt every run (a second).
#
#   test-vm/arm64-env.sh [images]   with `images`, after the project is built with test-vm/run.sh's
#                                   Maven command (test-rootfs/target/test-classpath.txt lists the
#                                   image builder's classpath), the test images too
# Needs root (apt-get install, binfmt registration). Exit code 2 on any failure, naming it.
set -euo pipefail

# shellcheck source=test-vm/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/common.sh"
dir=$repo/test-vm/.cache/arm64
[[ $(uname -m) == x86_64 ]] || die "runs on x86_64 hosts (this is $(uname -m)): an arm64 host tests arm64 natively"
((EUID == 0)) || die "needs root: installs Debian packages and registers qemu-aarch64 with binfmt_misc"
command -v apt-get >/dev/null || die "apt-get not found: everything comes from Debian's packages"
export DEBIAN_FRONTEND=noninteractive

# --- packages: the emulator and the arm64 libraries, beside the host's own ---------------------------
libs=(libc6:arm64 libgcc-s1:arm64 libstdc++6:arm64 zlib1g:arm64)
wanted=(qemu-user-static binfmt-support "${libs[@]}")
missing=$(dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package}\n' "${wanted[@]}" 2>&1 | grep -v '^ii ' || true)
if [[ -n $missing ]]; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        note "adding the arm64 architecture to dpkg"
        dpkg --add-architecture arm64
    fi
    note "installing ${wanted[*]}"
    apt-get update -q >/dev/null || die "apt-get update failed"
    apt-get install -y -q --no-install-recommends "${wanted[@]}" >/dev/null || die "apt-get install ${wanted[*]} failed"
fi

# --- binfmt: arm64 executables run through qemu-aarch64-static --------------------------------------
binfmt=/proc/sys/fs/binfmt_misc
[[ -f $binfmt/status ]] || mount -t binfmt_misc binfmt_misc "$binfmt" || die "cannot mount binfmt_misc on $binfmt"
[[ -f $binfmt/qemu-aarch64 ]] || update-binfmts --enable qemu-aarch64 || die "update-binfmts --enable qemu-aarch64 failed"
grep -qx enabled "$binfmt/qemu-aarch64" || echo 1 >"$binfmt/qemu-aarch64"
grep -q '^flags: .*F' "$binfmt/qemu-aarch64" ||
    die "qemu-aarch64 is registered without flag F ($(grep flags "$binfmt/qemu-aarch64")): arm64 binaries would not run after pivot_root"

# --- the arm64 JRE and busybox: downloaded and extracted once ---------------------------------------
# $1: the package (arch- or release-qualified), then apt-get's options; extracts it into $dir/root once.
extract() {
    local mark=$dir/root/.${1//[:\/]/_}
    [[ -f $mark ]] && return
    note "downloading $1"
    local debs=$dir/debs
    rm -rf "$debs" && mkdir -p "$debs" && chmod 777 "$debs" # apt-get download runs as _apt where it can
    (cd "$debs" && apt-get "${@:2}" download "$1" >/dev/null 2>&1) || die "apt-get download $1 failed"
    dpkg-deb -x "$debs"/*.deb "$dir/root" || die "dpkg-deb -x $1 failed"
    rm -rf "$debs"
    touch "$mark"
}
mkdir -p "$dir/root"
extract openjdk-17-jre-headless:arm64
extract busybox-static:arm64
extract util-linux:arm64
extract dash:arm64
unstable=$dir/apt
if [[ ! -f $dir/root/.qemu-user ]]; then
    mkdir -p "$unstable"/{lists/partial,cache/archives/partial}
    echo "deb [arch=amd64] http://deb.debian.org/debian unstable main" >"$unstable/sources.list"
    apt=(-o "Dir::Etc::SourceList=$unstable/sources.list" -o Dir::Etc::SourceParts=/nonexistent
        -o "Dir::State::Lists=$unstable/lists" -o "Dir::Cache=$unstable/cache")
    apt-get "${apt[@]}" update -q >/dev/null || die "apt-get update of Debian unstable's package list failed"
    extract qemu-user "${apt[@]}"
    rm -rf "$unstable"
    find "$dir/root/usr/bin" -name 'qemu-*' ! -name qemu-aarch64 -delete # only arm64 is emulated
fi
jvm=$dir/root/usr/lib/jvm/java-17-openjdk-arm64
[[ -x $jvm/bin/java ]] || die "openjdk-17-jre-headless:arm64 has no $jvm/bin/java"
# The package links lib/jvm.cfg and conf/ to /etc/java-17-openjdk/, which came with it into root/etc;
# links whose target is not in the package (security/cacerts) stay on the host's file.
find "$jvm" -type l -lname '/*' | while read -r link; do
    target=$(readlink "$link")
    if [[ -e $dir/root$target ]]; then ln -sfn "$dir/root$target" "$link"; fi
done
ln -sfn "$jvm" "$dir/jre"
ln -sfn "$dir/root/bin/busybox" "$dir/busybox"
ln -sfn "$dir/root/usr/bin/qemu-aarch64" "$dir/qemu-aarch64"
if [[ ! -e $dir/bin/unshare ]]; then
    mkdir -p "$dir/bin"
    "$dir/busybox" --install -s "$dir/bin" || die "$dir/busybox --install -s $dir/bin failed"
    ln -sfn "$dir/root/usr/bin/unshare" "$dir/bin/unshare"
    ln -sfn "$dir/root/bin/dash" "$dir/bin/sh"
fi
"$dir/qemu-aarch64" "$dir/jre/bin/java" -version >/dev/null 2>&1 ||
    die "the arm64 JRE does not start: $dir/qemu-aarch64 $dir/jre/bin/java -version"

# --- the arm64 test images --------------------------------------------------------------------------
[[ ${1:-} == images ]] || exit 0
classpath_file=$repo/test-rootfs/target/test-classpath.txt
[[ -f $classpath_file ]] || die "$classpath_file is missing: build the project first (see test-vm/arm64-user.sh)"
rm -rf "$dir/images"
java -cp "$repo/test-rootfs/target/classes:$(<"$classpath_file")" dev.jrun.testimages.BuildTestImages \
    "$dir/images" "$dir/busybox" || die "building the arm64 test images failed"
