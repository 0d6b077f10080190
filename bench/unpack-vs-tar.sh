#!/usr/bin/env bash
# Unpacking a large image: `jrun load` (each layer into the layer store) against GNU tar extracting
# the very same layer blobs, on the same filesystem, each run into an empty directory.
#
# Once, cached in bench/.cache/ (git-ignored): a Debian bookworm minbase rootfs made by debootstrap
# (about 200 MB, 6,800 entries; /dev left empty, as in images) and three OCI images of it, whose
# layer blobs are plain `tar | gzip -n` and `tar | zstd` outputs, kept as files for tar to read:
#   gzip     one layer, tar+gzip
#   zstd     one layer, tar+zstd
#   layers   four tar+gzip layers: / without usr, var, etc | usr without share | usr/share | etc + var
# Then, in one hyperfine run, each run into a new empty directory (prepare: sync, drop the last run's
# page cache, mkdir; nothing syncs in the timed part, for tar and jrun alike; no tree is deleted
# before the end, see "settle"):
#   tar gzip                  tar --numeric-owner -xzf rootfs.tar.gz -C DIR
#   tar zstd                  tar --numeric-owner --zstd -xf rootfs.tar.zst -C DIR
#   tar 4 layers              the four layer blobs, one tar after the other, each into its own DIR/N
#   tar 4 layers, parallel    the same, four tars at once
#   jrun load gzip|zstd|4 layers   ./jrun --data-root DIR/data --root DIR/state load IMAGE
#   java -jar load gzip       (--java-jar) java -jar cli/target/jrun.jar ... load gzip image
#   tar, uncompressed         references: the same rootfs from a plain tar (the filesystem's share),
#   gzip|zstd -d, no files    each blob decompressed to /dev/null (decompression's share), and tar
#   tar zstd + 2 digests      zstd checking what jrun checks (SHA-256 of the blob and of the tar)
# then jrun API load zstd|gzip: InProcessLoad.java loads each image RUNS times in one JVM, through
# runtime-core's API, after the same preparation (an embedding program: no JVM start per load),
# and in a second one, the start of containers whose layers are already in the store (warm):
#   jrun run bookworm|4 layers|busybox   ./jrun --data-root STORE --root STATE run IMAGE /bin/true
#   jrun run bookworm|4 layers|busybox by id   the same with the id `jrun load` printed
# It prints the machine, the images, hyperfine's output and a table (mean ± sd, median, against
# tar), and exports markdown and JSON to bench/.cache/results/.
#
# Usage (as root):
#   bench/unpack-vs-tar.sh [OPTIONS] [RUNS]     RUNS: timed runs per entry, 10 unless given (>= 2);
#                                               the warm starts get max(RUNS, 20), warm-up 3
#   --tar-only     time the tar entries only (no jrun load needed)
#   --dry-run      build the images, check every entry once (jrun ones only if `load` exists),
#                  print what would be timed; time nothing
#   --build-only   build (or find) the cached rootfs and images, print their sizes, stop
#   --oci-dir      give jrun the OCI layout directories instead of oci-archive tars
#   --java-jar     also time `java -jar cli/target/jrun.jar load` of the gzip image (plain JVM flags)
#   --sync         end every timed command with `sync` (time to disk, the same for tar and jrun)
#   --settle SECS  before timing, wait until this script's last deletion here is SECS old; default
#                  370 on ext4 without a journal (see "settle" below), else 0
# Environment: JRUN (the jrun command, default ./jrun: the launcher, which builds jrun if needed),
# JRUN_BENCH_DIR (targets; default /var/tmp/jrun-bench-unpack, which should be on the
# data root's filesystem), JRUN_BENCH_CACHE (default bench/.cache), DEBIAN_MIRROR (default
# http://deb.debian.org/debian).
#
# Needs root, debootstrap (first run only), GNU tar, gzip, zstd, python3, hyperfine; skopeo if
# present makes the oci-archives (and checks every blob's digest), else tar does.
set -euo pipefail

die() {
    echo "unpack-vs-tar.sh: $*" >&2
    exit 1
}
note() {
    echo "unpack-vs-tar.sh: $*" >&2
}
# Prints a command, then runs it: the build's log shows exactly how each file was made.
run() {
    printf '+ %s\n' "$*" >&2
    "$@"
}

repo=$(readlink -f -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..")
cache=${JRUN_BENCH_CACHE:-$repo/bench/.cache}
work=${JRUN_BENCH_DIR:-/var/tmp/jrun-bench-unpack}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
busybox=$repo/test-rootfs/target/images/busybox.tar
jrun=${JRUN:-./jrun} # run from $repo; word-split on purpose, so JRUN may carry arguments
# Bump when the way images are made changes: cached images of an older recipe are rebuilt.
recipe=2

mode=all java_jar=0 image_form=archive with_sync=0 runs=10 settle=
while (($#)); do
    case $1 in
        --tar-only) mode=tar-only ;;
        --dry-run) mode=dry-run ;;
        --build-only) mode=build-only ;;
        --oci-dir) image_form=dir ;;
        --java-jar) java_jar=1 ;;
        --sync) with_sync=1 ;;
        --settle)
            [[ ${2:-} =~ ^[0-9]+$ ]] || die "--settle needs a number of seconds"
            settle=$2
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) runs=$1 ;;
    esac
    shift
done
[[ $runs =~ ^[0-9]+$ ]] && ((runs >= 2)) || die "RUNS must be a number >= 2, got '$runs'"
warm_runs=$((runs > 20 ? runs : 20))

((EUID == 0)) || die "needs root: the rootfs holds files of other owners, and jrun run creates namespaces (try: sudo $0)"
for tool in tar gzip zstd python3 find sort; do
    command -v "$tool" >/dev/null || die "$tool not found (on Debian: apt-get install $tool)"
done
tar --version | grep -q 'GNU tar' || die "needs GNU tar (--numeric-owner, --zstd, --null -T)"
if [[ $mode != build-only && $mode != dry-run ]]; then
    command -v hyperfine >/dev/null || die "hyperfine not found (on Debian: apt-get install hyperfine)"
fi
arch=$(dpkg --print-architecture 2>/dev/null) || arch=
case $arch in
    amd64 | arm64) ;; # Debian's and Go's (OCI's) names agree for these two
    *) die "unsupported architecture '$arch' (the image's config needs its OCI name)" ;;
esac

rootfs_tar=$cache/debootstrap-$suite-minbase-$arch.tar
images=$cache/images
layers=$images/layers
build=$work/build
deleted_mark=$work/.deleted # its mtime: when this script last deleted a tree here (see "settle")
mkdir -p "$cache" "$work"

# --- 1. the rootfs: debootstrap once, kept as a tar ------------------------------------------------
build_rootfs() {
    [[ -f $rootfs_tar ]] && return
    command -v debootstrap >/dev/null || die "debootstrap not found (on Debian: apt-get install debootstrap)"
    local dir=$build/debootstrap start=$SECONDS
    rm -rf --one-file-system "$dir"
    mkdir -p "$build"
    note "building the rootfs with debootstrap (a few minutes; log: $cache/debootstrap.log)"
    run debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
        tail -n 20 "$cache/debootstrap.log" >&2
        die "debootstrap failed (log: $cache/debootstrap.log)"
    }
    # debootstrap makes device nodes in /dev; images carry none (runtimes make their own /dev)
    run tar -C "$dir" --numeric-owner --sort=name --anchored --exclude='./dev/*' -cf "$rootfs_tar.tmp" .
    mv -f "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf --one-file-system "$dir"
    touch "$deleted_mark"
    note "rootfs built in $((SECONDS - start)) s: $rootfs_tar"
}

# --- 2. the images: layer tars, compressed once; OCI layouts around those exact blobs --------------
# One layer: its entries (find's output, sorted, so parents come first) into an uncompressed tar.
make_layer() {
    local name=$1
    shift
    (cd "$build/rootfs" && find "$@" -print0 | LC_ALL=C sort -z) >"$build/$name.list"
    run tar -C "$build/rootfs" --numeric-owner --no-recursion --null -T "$build/$name.list" \
        -cf "$build/$name.tar"
}

# An OCI layout, then an oci-archive of it: skopeo copies it (verifying every blob's digest and
# leaving the blobs as they are: checked below), or, without skopeo, tar packs the layout as it is.
make_image() {
    local name=$1
    shift
    # it prints one line per layer: media type, digest, size, diff_id
    run python3 "$repo/bench/oci-image.py" "$images/oci/$name" --tag bench --arch "$arch" "$@" \
        >"$images/oci/$name.layers"
    if command -v skopeo >/dev/null; then
        run skopeo copy --quiet "oci:$images/oci/$name:bench" "oci-archive:$images/$name.tar:bench"
    else
        run tar -C "$images/oci/$name" -cf "$images/$name.tar" oci-layout index.json blobs
    fi
    local kind digest rest members
    members=$(tar -tf "$images/$name.tar")
    while read -r kind digest rest; do
        grep -qx "blobs/sha256/${digest#sha256:}" <<<"$members" ||
            die "$images/$name.tar lacks layer blob $digest: its layers are not the layout's ($kind)"
    done <"$images/oci/$name.layers"
}

build_images() {
    local stamp
    stamp="recipe $recipe, $(stat -c '%n %s %Y' "$rootfs_tar")"
    [[ -f $images/stamp && $(<"$images/stamp") == "$stamp" ]] && return
    local start=$SECONDS
    note "building the images in $images"
    rm -rf --one-file-system "$images" "$build/rootfs"
    mkdir -p "$layers" "$images/oci" "$build/rootfs"
    run tar -C "$build/rootfs" --numeric-owner -xpf "$rootfs_tar"

    make_layer rootfs .
    make_layer 1-base . \( -path './usr/*' -o -path './var/*' -o -path './etc/*' \) -prune -o
    make_layer 2-usr ./usr -mindepth 1 -path './usr/share/*' -prune -o
    make_layer 3-usr-share ./usr/share -mindepth 1
    make_layer 4-etc-var ./etc ./var -mindepth 1
    local name
    for name in rootfs 1-base 2-usr 3-usr-share 4-etc-var; do
        printf '+ gzip -n -6 -c %s > %s\n' "$build/$name.tar" "$layers/$name.tar.gz" >&2
        gzip -n -6 -c "$build/$name.tar" >"$layers/$name.tar.gz"
    done
    run zstd -q -3 -f "$build/rootfs.tar" -o "$layers/rootfs.tar.zst"
    cp "$build/rootfs.tar" "$layers/rootfs.tar" # for the reference entry: the filesystem's share

    make_image gzip --history "tar --numeric-owner -c . | gzip -n -6" \
        "$layers/rootfs.tar.gz=$build/rootfs.tar"
    make_image zstd --history "tar --numeric-owner -c . | zstd -3" \
        "$layers/rootfs.tar.zst=$build/rootfs.tar"
    make_image layers \
        --history "/ without the contents of usr, var, etc" --history "usr without share" \
        --history "usr/share" --history "etc and var" \
        "$layers/1-base.tar.gz=$build/1-base.tar" "$layers/2-usr.tar.gz=$build/2-usr.tar" \
        "$layers/3-usr-share.tar.gz=$build/3-usr-share.tar" "$layers/4-etc-var.tar.gz=$build/4-etc-var.tar"

    # The four layers must hold exactly the one layer's entries.
    local all split
    all=$(tr '\0' '\n' <"$build/rootfs.list" | LC_ALL=C sort | sha256sum)
    split=$(cat "$build"/[1-4]-*.list | tr '\0' '\n' | LC_ALL=C sort | sha256sum)
    [[ $all == "$split" ]] || die "the four layers do not hold the same entries as the one layer"

    {
        printf 'rootfs: debootstrap --variant=minbase %s (%s), %s\n' "$suite" "$arch" "$(du -sh --apparent-size "$build/rootfs" | cut -f1)"
        printf '%-28s %12s %12s %12s %8s\n' layer compressed uncompressed ratio entries
        for name in rootfs 1-base 2-usr 3-usr-share 4-etc-var; do
            local ext size raw
            for ext in gz zst; do
                [[ -f $layers/$name.tar.$ext ]] || continue
                size=$(stat -c %s "$layers/$name.tar.$ext") raw=$(stat -c %s "$build/$name.tar")
                printf '%-28s %12s %12s %12s %8s\n' "$name.tar.$ext" "$size" "$raw" \
                    "$(awk -v a="$raw" -v b="$size" 'BEGIN { printf "%.2f", a / b }')" \
                    "$(tr -cd '\0' <"$build/$name.list" | wc -c)"
            done
        done
        printf 'images (oci-archive): '
        for name in gzip zstd layers; do printf '%s.tar %s  ' "$name" "$(stat -c %s "$images/$name.tar")"; done
        printf '\n'
    } >"$images/info.txt"
    rm -rf --one-file-system "$build"
    touch "$deleted_mark"
    printf '%s\n' "$stamp" >"$images/stamp"
    note "images built in $((SECONDS - start)) s"
}

build_rootfs
build_images
echo "== images ($images)"
cat "$images/info.txt"
[[ $mode == build-only ]] && exit 0

# --- settle: ext4 without a journal skips, when it allocates an inode, every free inode of the group
# deleted less than 60 s ago (360 s while its inode table block is dirty, as unpacking makes it):
# fs/ext4/ialloc.c, recently_deleted(), for journal-less file systems only. Creating 6,800 files soon
# after deleting 6,800 then costs seconds of kernel time (perf: 70 % of tar's time in
# recently_deleted), and the figure depends on what was deleted when. So nothing is deleted while
# timing: each run unpacks into a new directory, all are deleted at exit, and timing starts only
# when this script's last deletion here (the mark's mtime) is `settle` seconds old.
target_source=$(readlink -f -- "$(findmnt -n -o SOURCE -T "$work")" 2>/dev/null) || target_source=
target_fstype=$(findmnt -n -o FSTYPE -T "$work")
journal_less=0
if [[ $target_fstype == ext4 ]] && ! compgen -G "/proc/fs/jbd2/${target_source##*/}-*" >/dev/null; then
    journal_less=1
fi
if [[ -z $settle ]]; then
    settle=$((journal_less ? 370 : 0))
fi

# --- 4. the machine --------------------------------------------------------------------------------
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
machine_info() {
    echo "== machine"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cpus:      $(nproc) ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory"
    echo "kernel:    $(uname -srm)"
    echo "target:    $work: $(stat -f -c %T "$work") (stat -f), $(findmnt -n -o FSTYPE,SOURCE -T "$work" | tr -s ' ')"
    if ((journal_less)); then
        echo "           ext4 WITHOUT a journal: new inodes skip those deleted in the last 60-360 s (settle: $settle s)"
    fi
    local data_root=/var/lib/jrun
    while [[ ! -e $data_root ]]; do data_root=${data_root%/*}; done
    if [[ $(stat -c %d "$work") == $(stat -c %d "${data_root:-/}") ]]; then
        echo "           the same filesystem as jrun's default data root (/var/lib/jrun)"
    else
        echo "           NOT the filesystem of jrun's default data root (/var/lib/jrun): set JRUN_BENCH_DIR"
    fi
    echo "tar:       $(tar --version | head -n1); $(gzip --version | head -n1); $(zstd --version | sed 's/^\** *//; s/,.*//')"
    echo "java:      $("$java" -version 2>&1 | tr '\n' ' ')"
    echo "hyperfine: $(hyperfine --version 2>/dev/null || echo none)"
}
machine_text=$(machine_info)
printf '%s\n' "$machine_text"

# --- the timed commands ----------------------------------------------------------------------------
cd "$repo"
t=$work/t         # t/runs/N: one new directory per run, t/cur -> the current one
store=$work/store # the warm starts' data and state roots
trap 'rm -rf --one-file-system -- "$t" "$store"; touch "$deleted_mark"' EXIT
image_of() {
    if [[ $image_form == dir ]]; then echo "$images/oci/$1"; else echo "$images/$1.tar"; fi
}
jrun_global="--data-root $t/cur/data --root $t/cur/state"
suffix=
((with_sync)) && suffix=' && sync'
# Before each run: write back the last run's tree and drop its page cache (kept, it would fill memory
# and make the later entries pay for reclaim), then a new empty target.
prepare="sync && { [[ ! -e $t/cur ]] || python3 $repo/bench/drop-page-cache.py $t/cur/; }"
prepare+=" && n=\$(date +%s%N) && mkdir -p $t/runs/\$n/{1,2,3,4} && ln -sfn runs/\$n $t/cur && sync"
layer_blobs=("$layers/1-base.tar.gz" "$layers/2-usr.tar.gz" "$layers/3-usr-share.tar.gz" "$layers/4-etc-var.tar.gz")

tar_entries=(
    -n "tar gzip" "tar --numeric-owner -xzf $layers/rootfs.tar.gz -C $t/cur$suffix"
    -n "tar zstd" "tar --numeric-owner --zstd -xf $layers/rootfs.tar.zst -C $t/cur$suffix"
    -n "tar 4 layers" "i=0; for f in ${layer_blobs[*]}; do i=\$((i+1)); tar --numeric-owner -xzf \$f -C $t/cur/\$i || exit; done$suffix"
    -n "tar 4 layers, parallel" "i=0; p=(); for f in ${layer_blobs[*]}; do i=\$((i+1)); tar --numeric-owner -xzf \$f -C $t/cur/\$i & p+=(\$!); done; for x in \${p[*]}; do wait \$x || exit; done$suffix"
)
sha256=sha256sum
command -v openssl >/dev/null && sha256="openssl dgst -sha256"
# References: the filesystem's share (an uncompressed tar) and decompression's (no files written).
reference_entries=(
    -n "tar, uncompressed" "tar --numeric-owner -xf $layers/rootfs.tar -C $t/cur$suffix"
    -n "gzip -d, no files" "gzip -dc $layers/rootfs.tar.gz >/dev/null"
    -n "zstd -d, no files" "zstd -dc $layers/rootfs.tar.zst >/dev/null"
    # tar zstd doing jrun's checks too: SHA-256 of the blob and of the tar (its diff_id), by openssl
    # (libcrypto, as jrun; coreutils' sha256sum is twice as slow here)
    -n "tar zstd + 2 digests" "$sha256 $layers/rootfs.tar.zst >/dev/null & zstd -dc $layers/rootfs.tar.zst | tee >($sha256 >/dev/null) | tar --numeric-owner -xf - -C $t/cur && wait$suffix"
)
jrun_entries=(
    -n "jrun load gzip" "$jrun $jrun_global load $(image_of gzip)$suffix"
    -n "jrun load zstd" "$jrun $jrun_global load $(image_of zstd)$suffix"
    -n "jrun load 4 layers" "$jrun $jrun_global load $(image_of layers)$suffix"
)
((java_jar)) && jrun_entries+=(-n "java -jar load gzip" "java -jar cli/target/jrun.jar $jrun_global load $(image_of gzip)$suffix")

warm_global="--data-root $store/data --root $store/state"
warm_entries=(
    -n "jrun run bookworm (warm)" "$jrun $warm_global run $(image_of gzip) /bin/true"
    -n "jrun run 4 layers (warm)" "$jrun $warm_global run $(image_of layers) /bin/true"
    -n "jrun run busybox (warm)" "$jrun $warm_global run $busybox /bin/true"
)

# Whether this jrun has `load`: until the layer store lands it has not, and says "Unmatched argument".
have_load=0
if [[ $mode == tar-only ]]; then
    : # no jrun at all
elif ! jrun_err=$($jrun --version 2>&1 >/dev/null); then
    # it builds jrun first: a tree in the middle of an edit may not compile
    [[ $mode == all ]] && die "$jrun --version failed (it builds jrun): $(tail -n 3 <<<"$jrun_err")"
    note "$jrun --version failed (it builds jrun): $(tail -n 1 <<<"$jrun_err"); the jrun entries are left out"
elif load_help=$($jrun load --help 2>&1); then
    have_load=1
elif [[ $mode == all ]]; then
    die "this jrun has no working \`load\` command (\`$jrun load --help\`: $(head -n1 <<<"$load_help")); --tar-only times the tar side alone"
else
    note "this jrun has no \`load\` yet (\`$jrun load --help\`: $(head -n1 <<<"$load_help")): its entries are left out"
fi

# ./jrun rebuilds jrun when a source is newer than the jar: a run that did so timed a build (and a
# build that replaces the jar under a running `java -jar` fails it).
jar_stamp() { stat -c %Y "$repo/cli/target/jrun.jar" 2>/dev/null || echo none; }
jar_before=$(jar_stamp)
jar_changed() {
    [[ $(jar_stamp) != "$jar_before" ]] && echo " (cli/target/jrun.jar changed meanwhile: a build ran)"
    true
}

entries=("${tar_entries[@]}")
((have_load)) && entries+=("${jrun_entries[@]}")
entries+=("${reference_entries[@]}")

# Room for every run's tree, kept until the end: (runs + warm-up + the untimed run) per entry that
# writes files, and the store of the warm starts; each about the rootfs tar's size, plus 20 %.
writers=0
for ((i = 2; i < ${#entries[@]}; i += 3)); do
    if [[ ${entries[i]} == *" -C "* || ${entries[i]} == *" load "* ]]; then writers=$((writers + 1)); fi
done
((have_load)) && writers=$((writers + 2)) # the two in-process entries
need=$(((writers * (runs + 3) + 3) * $(stat -c %s "$rootfs_tar") * 12 / 10))
avail=$(df --output=avail -B1 "$work" | tail -n1)
if [[ $mode != dry-run ]] && ((avail < need)); then
    die "needs $((need >> 30)) GiB free in $work for the kept trees, has $((avail >> 30)) GiB: fewer RUNS, or JRUN_BENCH_DIR elsewhere"
fi

if [[ $mode != dry-run ]] && ((settle > 0)) && [[ -e $deleted_mark ]]; then
    age=$(($(date +%s) - $(stat -c %Y "$deleted_mark")))
    if ((age < settle)); then
        note "waiting $((settle - age)) s, until this script's last deletion in $work is $settle s old (--settle)"
        sleep $((settle - age))
    fi
fi

# One run of each, untimed: a failure gets its own message (hyperfine would only say "non-zero exit
# code"), the sources come into the page cache, and the entry count shows each unpacked everything.
check_entry() {
    local name=$1 cmd=$2
    bash -c "$prepare"
    local start=$EPOCHREALTIME
    bash -c "$cmd" </dev/null >/dev/null || die "this fails, so it cannot be timed: $cmd"
    local ms
    ms=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
    printf '%-26s %7s ms  %6s entries\n' "$name" "$ms" "$(find "$t/cur/" -mindepth 1 | wc -l)"
}
echo "== one untimed run of each (entries: what it left, with the directories 1-4 and jrun's own files)"
for ((i = 0; i < ${#entries[@]}; i += 3)); do
    check_entry "${entries[i + 1]}" "${entries[i + 2]}"
done

results=$cache/results
stamp=$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$results"

if [[ $mode == dry-run ]]; then
    echo "== would time (hyperfine --shell=bash --warmup 1 --runs $runs --prepare '$prepare'):"
    for ((i = 0; i < ${#entries[@]}; i += 3)); do printf '  %-26s %s\n' "${entries[i + 1]}" "${entries[i + 2]}"; done
    if ((have_load)); then
        echo "== then, after loading each image into $store (warm-up 3, $warm_runs runs):"
        for ((i = 0; i < ${#warm_entries[@]}; i += 3)); do printf '  %-26s %s\n' "${warm_entries[i + 1]}" "${warm_entries[i + 2]}"; done
    fi
    exit 0
fi

# mean ± sd, median, min and max of each entry, in ms; and each jrun entry against its tar.
summary() {
    python3 - "$1" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
by_name = {r["command"]: r for r in results}
against = {"jrun load gzip": "tar gzip", "jrun load zstd": "tar zstd", "jrun load 4 layers": "tar 4 layers",
           "java -jar load gzip": "tar gzip", "jrun run bookworm (warm)": "jrun run busybox (warm)",
           "jrun run 4 layers (warm)": "jrun run busybox (warm)",
           "jrun run bookworm by id": "jrun run busybox by id",
           "jrun run 4 layers by id": "jrun run busybox by id"}
print(f"{'entry':26} {'mean ± sd (ms)':>18} {'median':>8} {'min':>8} {'max':>8}  against")
for r in results:
    ms = {k: r[k] * 1000 for k in ("mean", "stddev", "median", "min", "max") if r.get(k) is not None}
    base = by_name.get(against.get(r["command"], ""))
    ratio = f"{r['median'] / base['median']:.2f} x {base['command']} (medians)" if base else ""
    print(f"{r['command']:26} {ms['mean']:9.1f} ± {ms.get('stddev', 0):6.1f} {ms['median']:8.1f} "
          f"{ms['min']:8.1f} {ms['max']:8.1f}  {ratio}")
EOF
}


echo "== unpacking, $runs runs each"
hyperfine --shell=bash --warmup 1 --runs "$runs" --time-unit millisecond --prepare "$prepare" \
    --export-json "$results/unpack-$stamp.json" --export-markdown "$results/unpack-$stamp.md" "${entries[@]}" ||
    die "hyperfine failed$(jar_changed)"
echo
summary "$results/unpack-$stamp.json"

if ((have_load)) && [[ $mode == all ]]; then
    echo
    echo "== jrun load through the Java API in one JVM (an embedding program: no JVM start), 3 warm-up runs, $runs runs each"
    printf '%-26s %18s %8s %8s %8s\n' entry 'mean ± sd (ms)' median min max
    for name in zstd gzip; do
        "$java" -cp "$repo/cli/target/jrun.jar" "$repo/bench/InProcessLoad.java" "$(image_of $name)" "$t" 3 "$runs" \
            "$prepare" "$name" | tee -a "$results/in-process-$stamp.txt" || die "the in-process load of $name failed"
    done
    echo
    echo "== a container start with the image's layers already in the store, $warm_runs runs each"
    rm -rf --one-file-system "$store"
    declare -A ids=()
    for image in "$(image_of gzip)" "$(image_of layers)" "$busybox"; do
        out=$($jrun $warm_global load "$image") || die "cannot load $image into $store/data"
        # "Loaded image NAME (ID)": by its id, run finds the image in the store without the archive
        [[ $out =~ \(([0-9a-f]{12,64})\)$ ]] && ids[$image]=${BASH_REMATCH[1]}
    done
    if [[ -n ${ids[$(image_of gzip)]:-} && -n ${ids[$(image_of layers)]:-} && -n ${ids[$busybox]:-} ]]; then
        warm_entries+=(
            -n "jrun run bookworm by id" "$jrun $warm_global run ${ids[$(image_of gzip)]} /bin/true"
            -n "jrun run 4 layers by id" "$jrun $warm_global run ${ids[$(image_of layers)]} /bin/true"
            -n "jrun run busybox by id" "$jrun $warm_global run ${ids[$busybox]} /bin/true"
        )
    else
        note "no image id in \`jrun load\`'s output (\"Loaded image NAME (ID)\"): the runs by id are left out"
    fi
    for ((i = 0; i < ${#warm_entries[@]}; i += 3)); do
        bash -c "${warm_entries[i + 2]}" </dev/null >/dev/null || die "this fails, so it cannot be timed: ${warm_entries[i + 2]}"
    done
    hyperfine --shell=bash --warmup 3 --runs "$warm_runs" --time-unit millisecond \
        --export-json "$results/warm-$stamp.json" --export-markdown "$results/warm-$stamp.md" "${warm_entries[@]}" ||
        die "hyperfine failed$(jar_changed)"
    echo
    summary "$results/warm-$stamp.json"
fi
{
    printf '%s\n' "$machine_text"
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    cat "$images/info.txt"
} >"$results/machine-$stamp.txt"
echo
echo "results: $results/*-$stamp.{md,json}, in-process-$stamp.txt, machine-$stamp.txt"
[[ -n $(jar_changed) ]] && note "WARNING: some runs may have timed a build$(jar_changed)"
true
