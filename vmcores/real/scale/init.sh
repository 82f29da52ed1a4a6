#!/bin/busybox sh
# /init-scale: the guest's init for the `scale` scenarios (the kernel command line says
# rdinit=/init-scale; vmcores/real/scenarios). A busy device's memory state, then a panic:
#   /bin/busy   (scale/busy.c) forks BUSY_TASKS tasks, makes BUSY_FILES empty tmpfs files,
#               one-page files for ~40% of RAM with every other one deleted (fragmented buddy
#               lists, page cache in HighMem), BUSY_SOCKS socket pairs and BUSY_PIPES pipes
#   mmscale.ko  (scale/mmscale.c) 12,000 one-page vmalloc areas (a quarter freed) and 200,000
#               small kmalloc objects
# The same workload whatever the RAM size (only the page files follow it), so dumps of
# different sizes show how mmview's cost grows. Console protocol: as /init (init.sh).
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /mnt
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

say() { echo "mmtest-init: $*"; }
fail() { echo "mmtest-init: FAILED: $*"; echo c > /proc/sysrq-trigger; }

BUSY_FILES=200000
BUSY_SOCKS=20000
BUSY_PIPES=20000
BUSY_TASKS=3000

echo 1 > /proc/sys/kernel/kptr_restrict
echo 1 > /proc/sys/kernel/sysrq
echo 1000000 > /proc/sys/fs/file-max
say "scenario=${scenario:-none}"
say "uname=$(uname -r)"

mkdir -p /mnt/busy
mount -t tmpfs -o size=90%,nr_inodes=0 tmpfs /mnt/busy || fail "mount tmpfs"
total_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
page_files=$((total_kb / 4 * 2 / 5))
say "busy_page_files_wanted=$page_files"
/bin/busy /mnt/busy/d $BUSY_FILES $page_files $BUSY_SOCKS $BUSY_PIPES $BUSY_TASKS &
busy=$!
n=0
while [ $n -lt 36000 ]; do
    state=$(awk '{ print $3 }' /proc/$busy/stat 2>/dev/null)
    [ "$state" = T ] && break
    [ -n "$state" ] || break
    sleep 0.1
    n=$((n + 1))
done
[ "$state" = T ] || fail "busy did not finish (state '$state')"
insmod /lib/modules/mmscale.ko || fail "insmod mmscale"
say "tasks=$(ls -d /proc/[0-9]* | wc -l)"

echo 1 > /proc/sys/kernel/printk
for f in meminfo vmallocinfo buddyinfo pagetypeinfo slabinfo zoneinfo iomem modules; do
    echo "@@mmview-begin proc/$f"
    cat "/proc/$f"
    echo "@@mmview-end proc/$f"
done
echo 8 > /proc/sys/kernel/printk
echo "@@mmview-trigger"
sh -c 'echo 1 > /sys/module/mmscale/parameters/trigger'
fail "trigger returned"
while true; do sleep 60; done
