#!/bin/sh
# The guest's second stage, PID 1 on the host's / (over virtio-9p, under a tmpfs overlay): a tmpfs for
# the tests' temporary directories, the cgroup layout asked for on /sys/fs/cgroup, the kernel's own
# modules for modprobe, then the test classes, then a check that no jrun cgroup is left. Prints
# "JRUN-VM-EXIT <code>" and powers off.
# $1: the settings file test-vm/run.sh wrote (REPO, JAVA, CLASSPATH, TEST_IMAGES, JAVA_OPTIONS, TESTS,
# CGROUP, MODULES, BUSYBOX, ALLOW_SKIPS).
set -u
. "$1"
finish() {
    echo "JRUN-VM-EXIT $1"
    sync
    echo o >/proc/sysrq-trigger
    while :; do :; done # builtins only: the root file system goes with the power
}
# The v1 hierarchies as systemd's legacy mode mounts them: every enabled controller of
# /proc/cgroups on its own, but cpu with cpuacct and net_cls with net_prio.
v1_hierarchies() {
    for controller in $(awk '!/^#/ && $4 == 1 { print $1 }' /proc/cgroups); do
        case $controller in
            cpu) echo cpu,cpuacct ;;
            net_cls) echo net_cls,net_prio ;;
            cpuacct | net_prio) ;;
            *) echo "$controller" ;;
        esac
    done
}
# CGROUP v2: cgroup2 alone (the kernel was booted with cgroup_no_v1=all), every controller enabled in
# the root's cgroup.subtree_control as systemd does (jrun enables them further down its own path).
# v1: a tmpfs with one v1 hierarchy per controller set (symbolic links for each member of a set)
# and systemd's named hierarchy; hybrid: that, plus an empty cgroup2 on /sys/fs/cgroup/unified, as
# systemd's hybrid mode (and this project's hosts) have it.
mount_cgroups() {
    case $CGROUP in
        v2)
            mount -t cgroup2 cgroup2 /sys/fs/cgroup || return 1
            for controller in $(cat /sys/fs/cgroup/cgroup.controllers); do
                echo "+$controller" >/sys/fs/cgroup/cgroup.subtree_control || return 1
            done
            ;;
        v1 | hybrid)
            mount -t tmpfs -o mode=0755 cgroup /sys/fs/cgroup || return 1
            for set in $(v1_hierarchies); do
                mkdir "/sys/fs/cgroup/$set" && mount -t cgroup -o "$set" cgroup "/sys/fs/cgroup/$set" || return 1
                case $set in *,*) for member in $(echo "$set" | tr , ' '); do ln -s "$set" "/sys/fs/cgroup/$member"; done ;; esac
            done
            mkdir /sys/fs/cgroup/systemd && mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd || return 1
            if [ "$CGROUP" = hybrid ]; then
                mkdir /sys/fs/cgroup/unified && mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified || return 1
            fi
            ;;
        *) echo "unknown cgroup layout $CGROUP (v2, v1 or hybrid)" && return 1 ;;
    esac
}
# A tmpfs of its own for the tests' temporary directories: container rootfs overlays need an upper
# directory on tmpfs (or a disk), not on the root overlay.
tmp=/jrun-vm-tmp
mkdir -p "$tmp" && mount -t tmpfs -o mode=1777 tmpfs "$tmp" || finish 2
# A booted system's own state, not the host's live one seen through the 9p lower layer (which changes
# under the overlay: a host test's CNI address once showed up in the guest's /var/lib/cni). Not /tmp,
# which may hold the checkout itself.
for dir in /run /var/lib/cni; do
    mkdir -p "$dir" && mount -t tmpfs -o mode=0755 tmpfs "$dir" || finish 2
done
mkdir -p /run/lock || finish 2
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount_cgroups || finish 2
# The guest kernel's modules (veth, bridge, netfilter: what CNI plug-ins make the kernel ask for) where
# the kernel's modprobe looks, with busybox's modprobe, which reads the modules.dep run.sh made.
mkdir -p /lib/modules && ln -s "$MODULES" "/lib/modules/$(uname -r)" && ln -sf "$BUSYBOX" /sbin/modprobe || finish 2
# lo up, and a dummy interface where a host has its network card (the guest has none: -nic none)
ip link set lo up && ip link add eth0 type dummy && ip link set eth0 up || finish 2
export TMPDIR=$tmp PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
echo "== guest: Linux $(uname -r), $(nproc) cpus, cgroup layout $CGROUP:" \
    $(awk '$3 ~ /^cgroup/ { print $2 " (" $3 ")" }' /proc/self/mounts)
[ -f /sys/fs/cgroup/cgroup.subtree_control ] && echo "== root cgroup.subtree_control: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
cd "$REPO/runtime-core" || finish 2
# The tests' own cgroups go under jrun-test-<pid> (and jrun, the default parent), as on the host.
start=$(cut -d. -f1 /proc/uptime)
"$JAVA" -XX:+UseSerialGC $JAVA_OPTIONS -Djava.io.tmpdir="$tmp" -Djrun.test.images="$TEST_IMAGES" -Djrun.repo="$REPO" \
    -cp "$CLASSPATH" dev.jrun.testing.TestMain $ALLOW_SKIPS $TESTS
rc=$?
echo "== the test classes ran for $(($(cut -d. -f1 /proc/uptime) - start)) s"
for crash in hs_err_pid*.log "$tmp"/hs_err_pid*.log; do
    [ -f "$crash" ] && head -n 60 "$crash"
done
# The default parent (jrun) stays, as docker's does; nothing may be left below it, nor any test's
# parent (v2: /sys/fs/cgroup/jrun; v1: one per hierarchy, /sys/fs/cgroup/memory/jrun ...).
left=$(find /sys/fs/cgroup/jrun /sys/fs/cgroup/*/jrun -mindepth 1 -type d 2>/dev/null
    find /sys/fs/cgroup /sys/fs/cgroup/* -maxdepth 1 -name 'jrun-test-*' 2>/dev/null)
if [ -n "$left" ]; then
    echo "cgroups left after the tests:" $left
    rc=1
else
    echo "no cgroup left under jrun's default parent, and no test's parent group"
fi
finish "$rc"
