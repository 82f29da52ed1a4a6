#!/bin/busybox sh
# /init of the guest that makes mmview's real ARM dumps (see docs/real-dumps.md).
#
# The scenario comes from the kernel command line (`scenario=NAME` reaches /init as an
# environment variable). Each scenario: set the memory state up, copy /proc files to the
# console between marker lines, then panic. Lines "mmtest-init: key=value" and the module's
# "mmtest: key=value" lines end up in scenario.txt on the host.
#
# Console protocol (parsed by vmcores/real/harvest.py):
#   @@mmview-begin proc/NAME   ... file contents ...   @@mmview-end proc/NAME
#   @@mmview-trigger           printed right before the panic is triggered
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /mnt
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs -o size=256m tmpfs /tmp

say() { echo "mmtest-init: $*"; }
fail() { echo "mmtest-init: FAILED: $*"; echo c > /proc/sysrq-trigger; }

# Real addresses in /proc (with no_hash_pointers on the command line).
echo 1 > /proc/sys/kernel/kptr_restrict
echo 1 > /proc/sys/kernel/sysrq
say "scenario=${scenario:-none}"
say "uname=$(uname -r)"

MODDIR=/lib/modules
load() {  # load NAME [ARGS]: insmod /lib/modules/NAME.ko, after what modules/deps says it needs
    m=$1; shift
    for d in $(sed -n "s/^$m: //p" "$MODDIR/deps" 2>/dev/null); do
        [ -d "/sys/module/$d" ] || insmod "$MODDIR/$d.ko" || fail "insmod $d (for $m)"
    done
    insmod "$MODDIR/$m.ko" "$@" || fail "insmod $m $*"
}

capture_proc() {
    # Quiet the console (only KERN_EMERG) so kernel messages do not cut into the files.
    echo 1 > /proc/sys/kernel/printk
    for f in meminfo vmallocinfo buddyinfo pagetypeinfo slabinfo zoneinfo iomem modules; do
        echo "@@mmview-begin proc/$f"
        cat "/proc/$f"
        echo "@@mmview-end proc/$f"
    done
    echo 8 > /proc/sys/kernel/printk
}

# SLUB's own per-call-site counts of the live objects of cache $1 (slub_debug=U): debugfs
# slab/CACHE/alloc_traces (5.14+), else sysfs alloc_calls. Copied as slab/CACHE/alloc_calls.
capture_alloc_calls() {
    mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
    f=/sys/kernel/debug/slab/$1/alloc_traces
    [ -r "$f" ] || f=/sys/kernel/slab/$1/alloc_calls
    [ -r "$f" ] || fail "no alloc_traces or alloc_calls for $1 (slub_debug=U?)"
    echo 1 > /proc/sys/kernel/printk
    echo "@@mmview-begin slab/$1/alloc_calls"
    cat "$f"
    echo "@@mmview-end slab/$1/alloc_calls"
    echo 8 > /proc/sys/kernel/printk
}

# Page cache and a little zram/loop activity: what an idle system has.
make_page_cache() {
    mkdir -p /tmp/cache
    i=0
    while [ $i -lt 8 ]; do
        dd if=/dev/urandom of=/tmp/cache/file$i bs=64k count=32 2>/dev/null
        i=$((i + 1))
    done
    cat /tmp/cache/* > /dev/null
}

scenario_idle() {
    # zsmalloc is built in on some kernels (trixie's 6.12): then there is no module to load.
    [ ! -f "$MODDIR/zsmalloc.ko" ] || load zsmalloc
    load zram
    load loop
    make_page_cache
    # zram: 64 MiB device, 16 MiB written through it (zsmalloc pages)
    echo 64M > /sys/block/zram0/disksize || fail "zram disksize"
    dd if=/tmp/cache/file0 of=/dev/zram0 bs=64k 2>/dev/null
    dd if=/tmp/cache/file1 of=/dev/zram0 bs=64k seek=32 2>/dev/null
    dd if=/dev/zero of=/dev/zram0 bs=64k seek=64 count=128 2>/dev/null
    sync
    # loop: a 16 MiB image in tmpfs, read through the loop device (block-device page cache)
    dd if=/dev/zero of=/tmp/loop.img bs=1M count=16 2>/dev/null
    losetup /dev/loop0 /tmp/loop.img || fail "losetup"
    dd if=/dev/loop0 of=/dev/null bs=64k 2>/dev/null
    say "zram0_disksize=$(cat /sys/block/zram0/disksize)"
    say "zram0_mm_stat=$(cat /sys/block/zram0/mm_stat | tr -s ' ' | sed 's/^ //; s/ /,/g')"
    say "loop0_backing=$(cat /sys/block/loop0/loop/backing_file)"
    say "page_cache_files=8x2MiB"
    capture_proc
    echo "@@mmview-trigger"
    echo c > /proc/sysrq-trigger
}

scenario_oom() {
    make_page_cache
    avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
    pause=$((avail - 48))
    say "hog_pause_mb=$pause"
    say "panic_on_oom=$(cat /proc/sys/vm/panic_on_oom)"
    /bin/hog "$pause" &
    hog=$!
    say "hog_pid=$hog"
    # Wait (up to ~120 s) for the hog to stop itself at PAUSE_MB, then copy /proc.
    n=0
    while [ $n -lt 1200 ]; do
        state=$(awk '{ print $3 }' /proc/$hog/stat 2>/dev/null)
        [ "$state" = T ] && break
        sleep 0.1
        n=$((n + 1))
    done
    [ "$state" = T ] || fail "hog did not pause (state '$state')"
    capture_proc
    echo "@@mmview-trigger"
    kill -CONT $hog
    wait $hog
    fail "hog exited without an OOM panic"
}

scenario_module() {  # vmalloc-fail guard-fault kmap slab-frag slab-leak page-leak: in mmtest.ko
    make_page_cache
    load mmtest mode="$1"
    capture_proc
    [ "$1" != slab-leak ] || capture_alloc_calls kmalloc-512
    echo "@@mmview-trigger"
    # In a child process, like a driver's ioctl or sysfs write would be.
    sh -c 'echo 1 > /sys/module/mmtest/parameters/trigger'
    fail "trigger returned"
}

case "$scenario" in
    idle) scenario_idle ;;
    oom) scenario_oom ;;
    vmalloc-fail|guard-fault|kmap|slab-frag|slab-leak|page-leak) scenario_module "$scenario" ;;
    *) fail "unknown scenario '$scenario'" ;;
esac
# Not reached; keep PID 1 alive if it is.
while true; do sleep 60; done
