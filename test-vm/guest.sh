#!/bin/sh
# The guest's second stage, PID 1 on the host's / (over virtio-9p, under a tmpfs overlay): a tmpfs for
# the tests' temporary directories, cgroup2 on /sys/fs/cgroup (jrun enables the controllers it needs
# down its path), then the test classes, then a check that no jrun cgroup is left. Prints
# "JRUN-VM-EXIT <code>" and powers off.
# $1: the settings file test-vm/run.sh wrote (REPO, JAVA, CLASSPATH, TEST_IMAGES, JAVA_OPTIONS, TESTS).
set -u
. "$1"
finish() {
    echo "JRUN-VM-EXIT $1"
    sync
    echo o >/proc/sysrq-trigger
    while :; do :; done # builtins only: the root file system goes with the power
}
# A tmpfs of its own for the tests' temporary directories: container rootfs overlays need an upper
# directory on tmpfs (or a disk), not on the root overlay.
tmp=/jrun-vm-tmp
mkdir -p "$tmp" && mount -t tmpfs -o mode=1777 tmpfs "$tmp" || finish 2
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup || finish 2
export TMPDIR=$tmp PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
echo "== guest: Linux $(uname -r), /sys/fs/cgroup is $(stat -f -c %T /sys/fs/cgroup)," \
    "controllers: $(cat /sys/fs/cgroup/cgroup.controllers), $(nproc) cpus"
cd "$REPO/runtime-core" || finish 2
# The tests' own cgroups go under jrun-test-<pid> (and jrun, the default parent), as on the host.
"$JAVA" -XX:+UseSerialGC $JAVA_OPTIONS -Djava.io.tmpdir="$tmp" -Djrun.test.images="$TEST_IMAGES" -Djrun.repo="$REPO" -cp "$CLASSPATH" dev.jrun.testing.TestMain $TESTS
rc=$?
for crash in hs_err_pid*.log "$tmp"/hs_err_pid*.log; do
    [ -f "$crash" ] && head -n 60 "$crash"
done
# The default parent (jrun) stays, as docker's does; nothing may be left below it, nor any test's parent.
left=$(find /sys/fs/cgroup/jrun -mindepth 1 -type d 2>/dev/null; find /sys/fs/cgroup -maxdepth 1 -name 'jrun-test-*')
if [ -n "$left" ]; then
    echo "cgroups left after the tests:" $left
    rc=1
else
    echo "no cgroup left under /sys/fs/cgroup/jrun, and no test's parent group"
fi
finish "$rc"
