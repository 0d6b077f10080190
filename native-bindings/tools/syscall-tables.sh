#!/usr/bin/env bash
# Writes the syscall name -> number tables that the seccomp compiler uses, from the kernel's UAPI
# headers (Debian's linux-libc-dev): x86_64 from asm/unistd_64.h, aarch64 from the generic table
# asm-generic/unistd.h that arm64 uses (its __NR3264_* entries under their 64-bit names).
# Run it again when a newer linux-libc-dev brings new system calls:
#   native-bindings/tools/syscall-tables.sh
set -euo pipefail
out=$(dirname "$0")/../src/main/resources/dev/jrun/linux
include=${INCLUDE:-/usr/include}
x86=
for candidate in "$include"/*/asm/unistd_64.h "$include"/asm/unistd_64.h; do
    [[ -f $candidate ]] && x86=$candidate && break
done
[[ -n $x86 ]] || { echo "no asm/unistd_64.h under $include (apt-get install linux-libc-dev)" >&2; exit 1; }
version=$(dpkg-query -W -f '${Version}' linux-libc-dev 2>/dev/null || echo unknown)
header() { printf '# %s: system call numbers, from %s (linux-libc-dev %s)\n' "$1" "$2" "$version"; }
{
    header x86_64 "${x86#"$include"/}"
    sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$/\1 \2/p' "$x86" | sort -k2,2n
} >"$out/syscalls-x86_64.txt"
{
    header aarch64 asm-generic/unistd.h
    sed -n -e 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$/\1 \2/p' \
        -e 's/^#define __NR3264_fstatat \([0-9]*\)$/newfstatat \1/p' \
        -e 's/^#define __NR3264_\([a-z0-9_]*\) \([0-9]*\)$/\1 \2/p' "$include/asm-generic/unistd.h" |
        grep -v '^syscalls ' | sort -k2,2n -u
} >"$out/syscalls-aarch64.txt"
wc -l "$out"/syscalls-*.txt
