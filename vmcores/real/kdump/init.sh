#!/bin/busybox sh
# /init of the kdump variants of the real-dump scenarios (SCENARIO-kdump, see docs/real-dumps.md).
#
# One initramfs, two kernels:
#  - the first kernel (no /proc/vmcore): load the capture kernel and its initramfs (/kdump/) with
#    `kexec -p`, then run the scenario's own /init (init.scenario = init.sh), which panics; the
#    panic starts the capture kernel inside the crashkernel= reservation.
#  - the capture kernel (/proc/vmcore exists): write /proc/vmcore to each virtio disk the host
#    attached, found by its serial: "kdump-elf" gets a plain copy (ELF, vmcore-copy),
#    "kdump-dLEVEL-COMP" gets `makedumpfile -COMP -d LEVEL` (kdump-compressed; COMP: c zlib,
#    l lzo). Each file starts at the disk's first byte; the host cuts it out (kdump/extract.py).
# Console lines "mmtest-kdump: key=value" go to scenario.txt; "@@mmview-kdump-done" ends the run
# (the host then writes its own QEMU dump of the same memory and stops the guest).
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export LD_LIBRARY_PATH=/lib/arm-linux-gnueabihf

say() { echo "mmtest-kdump: $*"; }

mount -t proc proc /proc
if [ ! -e /proc/vmcore ]; then
    # ---- the first kernel
    mount -t sysfs sysfs /sys
    say "crashkernel_range=$(sed -n 's/^ *\([0-9a-f]*-[0-9a-f]*\) : Crash kernel$/\1/p' /proc/iomem | head -1)"
    # --image-size: room for the zImage decompressor (it moves itself past the decompressed
    # kernel, and its bss, stack and malloc area end beyond what kexec-tools counts): without
    # it the initrd sits right there and its first bytes are overwritten ("Initramfs unpacking
    # failed: invalid magic at start of compressed archive").
    kexec -d -p /kdump/vmlinuz --initrd=/kdump/initrd.gz --image-size=0x2000000 \
        --append="$(cat /kdump/append)" > /tmp/kexec.log 2>&1
    rc=$?
    grep -E '^(segment|kexec_load|Kernel|Initrd|DT|elfcorehdr|crashkernel|kernel command line)' \
        /tmp/kexec.log | sed 's/^/kexec: /'
    [ $rc = 0 ] || { cat /tmp/kexec.log; echo "mmtest-init: FAILED: kexec -p (rc $rc)"; }
    say "kexec_crash_loaded=$(cat /sys/kernel/kexec_crash_loaded)"
    rm -f /tmp/kexec.log
    umount /sys
    umount /proc
    exec /init.scenario
fi

# ---- the capture kernel
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
say "capture_kernel=$(uname -r)"
say "vmcore_size=$(stat -c %s /proc/vmcore)"
for m in $(cat /lib/modules/kdump-modules); do
    [ -d "/sys/module/$m" ] || insmod "/lib/modules/$m.ko" || say "failed=insmod $m"
done
n=0
while [ -z "$(ls /sys/block | grep '^vd')" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
sleep 1
for v in $(ls /sys/block | grep '^vd'); do
    serial=$(cat "/sys/block/$v/serial" 2>/dev/null)
    t0=$(date +%s)
    case "$serial" in
        kdump-elf)
            vmcore-copy "/dev/$v"
            rc=$? ;;
        kdump-d*-?)
            level=${serial#kdump-d}; comp=${level#*-}; level=${level%-*}
            makedumpfile -f "-$comp" -d "$level" /proc/vmcore "/dev/$v"
            rc=$? ;;
        *) say "unknown_disk=$v:$serial"; continue ;;
    esac
    say "${serial#kdump-}_rc=$rc"
    [ $rc = 0 ] || echo "mmtest-init: FAILED: $serial (rc $rc)"
    say "${serial#kdump-}_seconds=$(( $(date +%s) - t0 ))"
done
sync
echo "@@mmview-kdump-done"
while true; do sleep 60; done
