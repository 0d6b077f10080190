#!/usr/bin/env bash
# Runs jrun's launch-path tests on an arm64 JVM under qemu-user, on an x86_64 Debian host: arm64
# class loading, JNA's aarch64 dispatch, the arm64 syscall numbers and open flags, arm64 test
# images (built from busybox-static:arm64) and the arm64 manifest picked from a multi-platform index.
# User-mode emulation is fast (a few minutes) but not faithful: the tests skip, naming the reason,
# what it cannot do (seccomp, a pid 1's signal handlers, pid and CPU accounting), its containers run
# without their seccomp filter, and launches wait for the barrier as vfork would
# (dev.jrun.testing.QemuUser); test-vm/run.sh with JRUN_VM_ARCH=arm64 runs them on an arm64 kernel.
#
#   test-vm/arm64-user.sh [TEST_CLASS ...]    default: the classes in `tests` below
#
# Each run: the project is built on the host (its bytecode runs anywhere; never installed),
# test-vm/arm64-env.sh provisions the arm64 JRE, qemu and images in test-vm/.cache/arm64/, then
#   1. the host's JVM runs PlatformRunTest with the arm64 images: an arm64 image refused on this
#      x86_64 host unless asked for with its platform, then run through binfmt's qemu-aarch64;
#   2. the arm64 JVM runs the test classes through dev.jrun.testing.TestMain (one line per test).
# Exit code: 0 when both passed (skips of what qemu-user cannot do allowed), 1 when a test failed,
# 2 for a set-up failure. Needs root (the tests create containers; arm64-env.sh installs packages).
set -euo pipefail

# shellcheck source=test-vm/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/common.sh"
dir=$repo/test-vm/.cache/arm64
tests=("$@")
if ((${#tests[@]} == 0)); then
    tests=(dev.jrun.runtime.PlatformRunTest#multiPlatformIndex_runsThisHostsVariant dev.jrun.runtime.ExitCodeTest
        dev.jrun.launch.LaunchFailureTest dev.jrun.runtime.IsolationTest dev.jrun.runtime.RootfsTest
        dev.jrun.runtime.ProcessConfigTest dev.jrun.runtime.EtcFilesMountTest dev.jrun.runtime.UlimitTest
        dev.jrun.runtime.CgroupLimitsTest dev.jrun.runtime.SecurityDefaultsTest dev.jrun.runtime.DeadlineTest
        dev.jrun.runtime.HostUntouchedTest)
fi

build_project
"$repo/test-vm/arm64-env.sh" images || exit 2
classpath=$repo/runtime-core/target/test-classes:$repo/runtime-core/target/classes:$(<"$repo/runtime-core/target/test-classpath.txt")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$repo/runtime-core"
start=$SECONDS

note "1. the host's JVM ($(uname -m)) runs an arm64 image"
set +e
java -Djava.io.tmpdir="$tmp" -Djrun.test.images="$repo/test-rootfs/target/images" \
    -Djrun.test.arm64Images="$dir/images" -cp "$classpath" dev.jrun.testing.TestMain \
    'dev.jrun.runtime.PlatformRunTest#arm64Image_onX86_64_isRefusedUnlessAskedFor_thenRunsThroughBinfmt'
host_rc=$?
note "2. the arm64 JVM under $("$dir/qemu-aarch64" --version | head -n1) runs ${tests[*]}"
"$dir/qemu-aarch64" "$dir/jre/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$tmp" \
    -Djrun.test.images="$dir/images" -Djrun.test.busybox="$dir/busybox" -Djrun.repo="$repo" \
    -cp "$classpath" dev.jrun.testing.TestMain "${tests[@]}"
arm64_rc=$?
set -e
note "ran for $((SECONDS - start)) s; host JVM exit $host_rc, arm64 JVM exit $arm64_rc"
((host_rc == 0 && arm64_rc == 0)) || exit 1
