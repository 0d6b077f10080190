#!/usr/bin/env bash
# Runs jrun's cgroup tests inside a guest VM booted with cgroup v2 only, to test the v2 backend for
# real on a host that has cgroup v1 (this project's machines do); or any test classes, on a cgroup v1
# or hybrid layout, or on another Debian kernel (see the environment below). The guest is a stock Debian kernel
# from Debian's packages and a busybox initramfs; its root file system is this host's own /, shared
# read-only over virtio-9p (so the guest runs the host's java, the project and the test images as
# they are), with tmpfs wherever the tests write. qemu runs with TCG emulation (-accel tcg): slower
# than KVM, but it needs no /dev/kvm (here that is PVM, which cannot boot a stock kernel).
#
#   test-vm/run.sh [TEST_CLASS ...]    default: the cgroup and security tests (see `tests` below)
#   test-vm/run.sh all                 every test class of runtime-core and cli (a skip is no failure)
#
# It builds, once, in test-vm/.cache/ (git-ignored): the kernel (apt-get download linux-image-ARCH's
# current version), an initramfs (busybox-static and the kernel modules for virtio-9p and overlayfs,
# with their dependencies). Each run: the project is built (mvn -DskipTests package: nothing goes
# into ~/.m2, so the guest runs this checkout's own jars), the guest boots with `cgroup_no_v1=all`,
# mounts cgroup2 on /sys/fs/cgroup, runs the test classes through dev.jrun.testing.TestMain (one
# line per test, then passed/skipped/failed per class), checks that no jrun cgroup is left, and
# powers off. The guest's console is printed and kept in test-vm/.cache/console.log, the table of
# classes in test-vm/.cache/summary-KERNEL-LAYOUT.txt.
# Exit code: 0 when every test ran and passed (with `all`: none failed) and no cgroup was left; 1
# otherwise; 2 for a set-up failure (a missing package, a kernel that would not boot).
#
# Needs: qemu-system-x86 (x86_64 hosts) or qemu-system-arm (arm64 hosts), busybox-static, apt-get
# (Debian or Ubuntu), Maven and a JDK. Run as root or not: the guest is root in itself either way,
# but only files the user may read are visible in it. Environment: JRUN_VM_MEMORY (MiB, default
# 3072), JRUN_VM_CPUS (default 2), JRUN_VM_TIMEOUT (seconds, default 1800; 14400 with `all`),
# JRUN_VM_CGROUP (the guest's cgroup layout: v2, the default; v1, one hierarchy per controller as
# systemd's legacy mode; hybrid, v1 plus an empty cgroup2 on /sys/fs/cgroup/unified as systemd's
# hybrid mode), JRUN_VM_KERNEL (a linux-image .deb, a path or a URL, instead of Debian's current
# kernel; e.g. bullseye's 5.10:
# https://deb.debian.org/debian/pool/main/l/linux/linux-image-5.10.0-32-amd64-unsigned_5.10.223-1_amd64.deb),
# JRUN_VM_ARCH (arm64 on an x86_64 host: an arm64 guest, Debian's arm64 kernel, with the arm64 JRE,
# busybox and test images of test-vm/arm64-env.sh, which needs root and qemu-system-arm; by default
# the launch, barrier, /proc, seccomp and cgroup tests).
set -euo pipefail

# shellcheck source=test-vm/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/common.sh"
cache=$repo/test-vm/.cache
tests=("$@")
if ((${#tests[@]} == 0)); then
    tests=(dev.jrun.runtime.ExitCodeTest dev.jrun.launch.LaunchFailureTest dev.jrun.runtime.IsolationTest
        dev.jrun.runtime.RootfsTest dev.jrun.cgroup.CgroupBackendsTest dev.jrun.runtime.CgroupLimitsTest dev.jrun.runtime.DeadlineTest
        dev.jrun.runtime.UlimitTest dev.jrun.runtime.SecurityDefaultsTest dev.jrun.runtime.EscapeBatteryTest
        dev.jrun.runtime.DeviceOptionsTest dev.jrun.cgroup.DeviceProgramKernelTest
        dev.jrun.runtime.BundleLifecycleTest dev.jrun.cli.RootlessIT#withADelegatedCgroupV2Subtree_limitsApply)
fi
whole_suite=$([[ ${tests[*]} == all ]] && echo yes || true)
timeout_s=${JRUN_VM_TIMEOUT:-$([[ -n $whole_suite ]] && echo 14400 || echo 1800)}

# --- the guest's cgroup layout (test-vm/guest.sh mounts it) ---------------------------------------
cgroup=${JRUN_VM_CGROUP:-v2}
case $cgroup in
    v2) cgroup_cmdline=cgroup_no_v1=all ;; # no v1 hierarchy can be mounted: as on a v2-only host
    v1 | hybrid) cgroup_cmdline= ;;
    *) die "JRUN_VM_CGROUP=$cgroup: the layouts are v2, v1 and hybrid" ;;
esac

# JRUN_VM_ARCH=arm64 on an x86_64 host: an arm64 guest, whose JRE, busybox and test images
# test-vm/arm64-env.sh provisions (cortex-a72: -cpu max emulates twice as slowly).
foreign=
case ${JRUN_VM_ARCH:-$(uname -m)}/$(uname -m) in
    x86_64/x86_64 | amd64/x86_64) qemu=(qemu-system-x86_64 -machine q35 -cpu "${JRUN_VM_CPU_MODEL:-max}") kernel_pkg=linux-image-amd64 console=ttyS0 qemu_pkg=qemu-system-x86 ;;
    aarch64/aarch64 | arm64/aarch64) qemu=(qemu-system-aarch64 -machine virt -cpu max) kernel_pkg=linux-image-arm64 console=ttyAMA0 qemu_pkg=qemu-system-arm ;;
    aarch64/x86_64 | arm64/x86_64) qemu=(qemu-system-aarch64 -machine virt -cpu "${JRUN_VM_CPU_MODEL:-cortex-a72}") kernel_pkg=linux-image-arm64:arm64 console=ttyAMA0 qemu_pkg=qemu-system-arm foreign=$cache/arm64 ;;
    *) die "cannot run a ${JRUN_VM_ARCH:-$(uname -m)} guest on this $(uname -m) host (x86_64 and aarch64 hosts run their own; x86_64 hosts run arm64 too)" ;;
esac
command -v "${qemu[0]}" >/dev/null || die "${qemu[0]} not found (on Debian: apt-get install --no-install-recommends $qemu_pkg)"
busybox=$(command -v busybox) || die "busybox not found (on Debian: apt-get install busybox-static)"
[[ $(ldd "$busybox" 2>&1) == *"not a dynamic executable"* ]] ||
    die "$busybox is not statically linked (on Debian: apt-get install busybox-static)"
guest_busybox=$busybox
if [[ -n $foreign ]]; then # the JVM runs 15-20 times slower there: the launch, barrier, /proc, seccomp and cgroup tests
    # the overlay root too (RootfsTest); not cpus_aBusyLoopGetsAboutHalfACore: under TCG a 0.5 CPU quota measured 0.62 as often as not
    (($# > 0)) || tests=(dev.jrun.runtime.PlatformRunTest#multiPlatformIndex_runsThisHostsVariant
        dev.jrun.runtime.ExitCodeTest dev.jrun.launch.LaunchFailureTest dev.jrun.runtime.IsolationTest
        dev.jrun.runtime.RootfsTest dev.jrun.runtime.SecurityDefaultsTest dev.jrun.cgroup.CgroupBackendsTest
        dev.jrun.runtime.CgroupLimitsTest#{cgroupnsHost_showsTheContainersCgroupByItsHostPath,usage_countsEveryProcessOfTheJob}
        dev.jrun.runtime.CgroupLimitsTest#{procSelfCgroup_showsTheContainersOwnCgroupAsRoot,oomScoreAdj_isTheJobs}
        dev.jrun.runtime.CgroupLimitsTest#{pids_aForkLoopStopsAtTheLimit,memory_aJobBelowItsLimitRuns}
        dev.jrun.runtime.CgroupLimitsTest#memory_aJobPastItsLimitIsKilledByTheOomKiller)
    "$repo/test-vm/arm64-env.sh" || exit 2
    guest_busybox=$(readlink -f -- "$foreign/busybox")
fi
command -v apt-get >/dev/null || die "apt-get not found: the guest kernel comes from Debian's packages"

# --- the kernel: the version linux-image-ARCH depends on, or JRUN_VM_KERNEL's .deb; fetched once ----
kernel_version() {
    apt-cache depends "$kernel_pkg" 2>/dev/null | sed -n 's/^ *Depends: linux-image-\([0-9][^ :]*\)\(:[a-z0-9]*\)\?$/\1/p' | head -n1
}
if [[ -n ${JRUN_VM_KERNEL:-} ]]; then
    deb=${JRUN_VM_KERNEL##*/}
    [[ $deb == linux-image-*.deb ]] || die "JRUN_VM_KERNEL=$JRUN_VM_KERNEL does not name a linux-image-*.deb"
    kdir=$cache/kernel-${deb%.deb}
    fetch_kernel() {
        if [[ $JRUN_VM_KERNEL == *://* ]]; then
            curl -fsS -o "$kdir/deb/$deb" "$JRUN_VM_KERNEL" || die "cannot download $JRUN_VM_KERNEL"
        else
            cp -- "$JRUN_VM_KERNEL" "$kdir/deb/" || die "cannot read $JRUN_VM_KERNEL"
        fi
    }
else
    version=$(kernel_version)
    [[ -n $version ]] || die "apt-cache knows no $kernel_pkg (run apt-get update first)"
    kdir=$cache/kernel-$version
    fetch_kernel() {
        (cd "$kdir/deb" && apt-get download "linux-image-$version" >/dev/null 2>&1) ||
            (cd "$kdir/deb" && apt-get download "linux-image-$version-unsigned" >/dev/null) ||
            die "apt-get download linux-image-$version failed"
    }
fi
if [[ ! -f $kdir/.done ]]; then
    note "fetching the guest kernel (${JRUN_VM_KERNEL:-linux-image-$version})"
    rm -rf "$kdir" && mkdir -p "$kdir/deb"
    fetch_kernel
    dpkg-deb -x "$kdir"/deb/*.deb "$kdir/root"
    rm -rf "$kdir/deb"
    touch "$kdir/.done"
fi
version=$(ls "$kdir/root/lib/modules" | head -n1)
vmlinuz=$(ls "$kdir"/root/boot/vmlinuz-* 2>/dev/null | head -n1)
[[ -n $version && -f $vmlinuz ]] || die "no vmlinuz and modules in $kdir/root (not a kernel package?)"
modules=$kdir/root/lib/modules/$version

# --- the initramfs: busybox, the modules the guest needs (dependencies first), the init script -----
# Modules that this kernel has built in are simply not found, and need no loading.
initramfs=$cache/initramfs-$version.cpio.gz
if [[ ! -f $initramfs || $repo/test-vm/init -nt $initramfs || $guest_busybox -nt $initramfs ]]; then
    note "building the initramfs for $version"
    [[ -f $modules/modules.dep ]] || "$busybox" depmod -b "$kdir/root" "$version"
    ird=$cache/initramfs-$version
    rm -rf "$ird" && mkdir -p "$ird"/{bin,dev,proc,sys,newroot,modules}
    cp "$guest_busybox" "$ird/bin/busybox"
    cp "$repo/test-vm/init" "$ird/init"
    declare -A seen=()
    add_module() { # $1: a path from modules.dep; its dependencies go first
        [[ -n ${seen[$1]:-} ]] && return
        seen[$1]=1
        local dep
        for dep in $(sed -n "s|^$1: *||p" "$modules/modules.dep"); do add_module "$dep"; done
        cp "$modules/$1" "$ird/modules/"
        echo "${1##*/}" >>"$ird/modules/order"
    }
    for name in virtio_pci 9pnet_virtio 9p overlay; do
        path=$(grep -o "^[^:]*/$name\.ko[^:]*" "$modules/modules.dep" || true)
        if [[ -n $path ]]; then
            add_module "$path"
        elif ! grep -q "/$name\.ko" "$modules/modules.builtin"; then
            die "kernel $version has no module $name"
        fi
    done
    (cd "$ird" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -1 >"$initramfs.tmp")
    mv "$initramfs.tmp" "$initramfs"
    rm -rf "$ird"
fi

# --- the project: built on the host, run in the guest from the host's own files ---------------------
build_project
if [[ -n $whole_suite ]]; then
    # every top-level test class the build compiled (nested ones run with their outer class); the
    # runtime's before the CLI's, which start a JVM per command and take longest
    mapfile -t tests < <(for module in runtime-core cli; do (cd "$repo/$module/target/test-classes" &&
        find . -name '*Test.class' -o -name '*IT.class' | grep -v '\$' | sed 's|^\./||; s|\.class$||; s|/|.|g' | sort); done)
fi
# Both modules' tests: the CLI's run `java -cp <this> dev.jrun.cli.Main`, so cli's classes and picocli too.
classpath=$repo/runtime-core/target/test-classes:$repo/runtime-core/target/classes
classpath+=:$repo/cli/target/test-classes:$repo/cli/target/classes
classpath+=:$(<"$repo/runtime-core/target/test-classpath.txt"):$(<"$repo/cli/target/test-classpath.txt")
java=$(readlink -f -- "$(command -v java)") || die "java not found"
images=$repo/test-rootfs/target/images java_options=
# The arm64 JRE and test images, and the busybox the tests write images with.
if [[ -n $foreign ]]; then
    "$repo/test-vm/arm64-env.sh" images || exit 2
    java=$foreign/jre/bin/java images=$foreign/images java_options="-Djrun.test.busybox=$guest_busybox"
fi
# Debian's guest kernels (6.1, 5.10) have no procfs pidns= (6.18 has): that case of the /proc test skips, the fallback's runs
java_options+=" -Djrun.test.expectedSkips=dev.jrun.runtime.IsolationTest.proc_listsOnlyTheContainersProcesses#1"
# TCG runs a JVM 10-20 times slower: the CLI tests' bounds on the processes they wait for grow 4 times
java_options+=" -Djrun.test.slowdown=4"
mkdir -p "$cache"
# What the guest's second stage (test-vm/guest.sh) reads: shell assignments, each value quoted.
{
    printf 'REPO=%q\n' "$repo"
    printf 'JAVA=%q\n' "$java"
    printf 'CLASSPATH=%q\n' "$classpath"
    printf 'TEST_IMAGES=%q\n' "$images"
    printf 'JAVA_OPTIONS=%q\n' "$java_options"
    printf 'TESTS=%q\n' "${tests[*]}"
    printf 'ALLOW_SKIPS=%q\n' "${whole_suite:+--allow-skips}"
    printf 'CGROUP=%q\n' "$cgroup"
    printf 'MODULES=%q\n' "$modules"
    printf 'BUSYBOX=%q\n' "$busybox"
} >"$cache/guest.env"

# --- boot ------------------------------------------------------------------------------------------
log=$cache/console.log
note "booting linux $version under qemu (TCG, ${JRUN_VM_CPUS:-2} cpus, ${JRUN_VM_MEMORY:-3072} MiB, cgroup $cgroup);" \
    "${#tests[@]} test classes; console: $log"
start=$SECONDS
set +e
# thread=single: one host thread emulates both vCPUs in turn. With multi-threaded TCG the guest's JVM
# crashed in about one run in five (corrupt objects, SEGV_ACCERR in compiled code; never on the host).
timeout --foreground "$timeout_s" "${qemu[@]}" -accel "tcg,thread=${JRUN_VM_TCG_THREAD:-single}" \
    -smp "${JRUN_VM_CPUS:-2}" \
    -m "${JRUN_VM_MEMORY:-3072}" -nographic -no-reboot -nic none \
    -kernel "$vmlinuz" -initrd "$initramfs" \
    -append "console=$console quiet panic=-1 $cgroup_cmdline jrun.guest=$repo/test-vm/guest.sh jrun.env=$cache/guest.env${foreign:+ jrun.bin=$foreign/bin}" \
    -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
    </dev/null 2>&1 | tee "$log"
qemu_rc=${PIPESTATUS[0]}
set -e
result=$(sed -n 's/^JRUN-VM-EXIT \([0-9]*\).*/\1/p' "$log" | tail -n1)
note "the guest ran for $((SECONDS - start)) s"
summary=$cache/summary-$version-$cgroup.txt
sed -n '/^CLASS  /,/^== /p' "$log" | tr -d '\r' >"$summary"
if [[ ! -s $summary ]]; then # the guest ended before its table: count the lines of the tests that ended
    tr -d '\r' <"$log" | awk '/^(PASS|FAIL|SKIP) [a-z]/ { c = $2; sub(/:$/, "", c); sub(/\.[^.]*$/, "", c)
        if (!(c in seen)) { seen[c] = 1; order[++n] = c } count[c, $1]++ }
        END { if (n) printf "%-50s %6s %7s %6s (the tests that ended)\n", "CLASS", "passed", "skipped", "failed"
            for (i = 1; i <= n; i++) printf "%-50s %6d %7d %6d\n", order[i], count[order[i], "PASS"],
                count[order[i], "SKIP"], count[order[i], "FAIL"] }' >"$summary"
fi
[[ -s $summary ]] && note "per class (kept in $summary):" && cat "$summary" >&2
if [[ -z $result ]]; then
    ((qemu_rc == 124)) && die "the guest did not finish within $timeout_s s (console: $log)"
    die "the guest ended without a result (qemu exit $qemu_rc; console: $log)"
fi
exit "$result"
