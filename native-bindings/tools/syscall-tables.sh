#!/usr/bin/env bash
# Writes the syscall name -> number tables that the seccomp compiler uses, from the kernel's UAPI
# headers as Debian ships them for amd64 and arm64 (linux-headers.sh fetches both). The C preprocessor
# reads each architecture's asm/unistd.h as that architecture's compiler would, so a table lists only
# the calls its architecture has: arm64 shares asm-generic/unistd.h with 32-bit architectures, whose
# *_time64 calls and sync_file_range2 it has not. ArchHeadersTest checks the tables against the same
# headers. Run it again when a newer linux-libc-dev brings new system calls:
#   native-bindings/tools/syscall-tables.sh
set -euo pipefail
tools=$(dirname "$0")
out=$tools/../src/main/resources/dev/jrun/linux
"$tools/linux-headers.sh" | while read -r debian version cpp; do
    case $debian in
        amd64) arch=x86_64 ;;
        arm64) arch=aarch64 ;;
    esac
    # shellcheck disable=SC2086 # $cpp is a list of options
    names=$(echo '#include <asm/unistd.h>' | cpp $cpp -dM | sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' |
        grep -vx -e syscalls -e arch_specific_syscall) # the table's size; the base of arm's private calls
    # shellcheck disable=SC2086
    table=$({ echo '#include <asm/unistd.h>'; for name in $names; do echo "@@ $name __NR_$name"; done; } |
        cpp $cpp -P | sed -n 's/^@@ //p' | sort -k2,2n)
    if grep -vqE '^[a-z0-9_]+ [0-9]+$' <<<"$table"; then
        echo "$arch: a call's number is not a plain number: $(grep -vE '^[a-z0-9_]+ [0-9]+$' <<<"$table" | head -1)" >&2
        exit 1
    fi
    printf '# %s: system call numbers, from asm/unistd.h of linux-libc-dev %s (%s)\n%s\n' \
        "$arch" "$version" "$debian" "$table" >"$out/syscalls-$arch.txt"
done
wc -l "$out"/syscalls-*.txt
