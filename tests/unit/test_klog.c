/* Panic facts from real log lines (copied from the real armmp 6.1 dumps' consoles). */
#include "unit.h"
#include "../../core/log/klog.h"
#include <string.h>

static struct mm_panic_facts parse(const char *log)
{
	struct mm_panic_facts f;
	mm_klog_parse(log, strlen(log), &f);
	return f;
}

static void test_vmalloc_failure(void **state)
{
	struct mm_panic_facts f = parse(
		"[    7.047274] vmap allocation for size 4198400 failed: use vmalloc=<size> to increase size\n"
		"[    7.047620] sh: vmalloc error: size 4194304, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"[    7.060065] Kernel panic - not syncing: mmtest: vmalloc of 4194304 bytes failed\n"
		"[    7.066080] ---[ end Kernel panic - not syncing: mmtest: vmalloc of 4194304 bytes failed ]---\n");
	(void)state;
	assert_int_equal(f.kind, MM_PANIC_VMALLOC);
	assert_true(f.vmap_size == 4198400);
	assert_true(f.vmalloc_size == 4194304);
	assert_string_equal(f.reason, "mmtest: vmalloc of 4194304 bytes failed");
}

static void test_oom(void **state)
{
	struct mm_panic_facts f = parse(
		"[   16.839849] hog invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
		"[   16.848089] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n");
	(void)state;
	assert_int_equal(f.kind, MM_PANIC_OOM);
	assert_int_equal(f.failed_order, 0);
	assert_string_equal(f.oom_task, "hog");
	assert_string_equal(f.gfp, "0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)");
}

static void test_oops(void **state)
{
	struct mm_panic_facts f = parse(
		"[    5.633510] Unable to handle kernel paging request at virtual address f0b16000\n"
		"[    5.634470] Internal error: Oops: 807 [#1] SMP ARM\n"
		"[    5.645510] Kernel panic - not syncing: Fatal exception\n"
		"[    5.700000] Unable to handle kernel paging request at virtual address 00000000\n");
	(void)state;
	assert_int_equal(f.kind, MM_PANIC_OOPS);
	assert_int_equal(f.have_fault, 1);
	assert_int_equal(f.fault_addr, 0xf0b16000u); /* the fault before the panic, not after */
	assert_string_equal(f.fault_kind, "paging request");
	assert_string_equal(f.oops, "Internal error: Oops: 807 [#1] SMP ARM");
}

static void test_page_alloc_and_sysrq(void **state)
{
	struct mm_panic_facts f = parse(
		"kworker/0:1: page allocation failure: order:3, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)\n"
		"Kernel panic - not syncing: driver gave up\n");
	(void)state;
	assert_int_equal(f.kind, MM_PANIC_PAGE_ALLOC);
	assert_int_equal(f.failed_order, 3);
	f = parse("[   11.390951] Kernel panic - not syncing: sysrq triggered crash\n");
	assert_int_equal(f.kind, MM_PANIC_SYSRQ);
	f = parse("no panic here\n");
	assert_int_equal(f.kind, MM_PANIC_UNKNOWN);
	assert_int_equal(f.failed_order, -1);
	f = parse("");
	assert_int_equal(f.have_panic, 0);
}

/* Real lines of the 5.10 armmp-lpae kmap dump: the PCIe ECAM ioremap fails at boot (no stack:
 * ioremap does not warn_alloc), and 15 s later a driver panics from PID 97. The boot failure is
 * not the panic's cause; the real vmalloc-fail report, whose stack names the panicking PID, is. */
static void test_failure_of_another_task(void **state)
{
	struct mm_panic_facts f = parse(
		"[   37.889922] vmap allocation for size 1052672 failed: use vmalloc=<size> to increase size\n"
		"[   37.890323] pci-host-generic 4010000000.pcie: ECAM ioremap failed\n"
		"[   41.371497] Run /init as init process\n"
		"[   52.697148] Kernel panic - not syncing: mmtest: panic inside kmap_atomic with 8 pages kmapped\n"
		"[   52.697916] CPU: 0 PID: 97 Comm: sh Tainted: G           O      5.10.0-32-armmp-lpae #1 Debian 5.10.223-1\n");
	(void)state;
	assert_int_equal(f.kind, MM_PANIC_OTHER);
	assert_true(f.vmap_size == 0);
	f = parse(
		"[   18.755522] vmap allocation for size 4198400 failed: use vmalloc=<size> to increase size\n"
		"[   18.755992] sh: vmalloc error: size 4194304, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"[   18.759113] CPU: 1 PID: 107 Comm: sh Tainted: G           OE      6.1.0-50-armmp #1  Debian 6.1.176-1\n"
		"[   18.777909] Kernel panic - not syncing: driver gave up\n"
		"[   18.778265] CPU: 1 PID: 107 Comm: sh Tainted: G           OE      6.1.0-50-armmp #1  Debian 6.1.176-1\n");
	assert_int_equal(f.kind, MM_PANIC_VMALLOC);
	assert_true(f.vmap_size == 4198400);
	assert_string_equal(f.gfp, "0xcc0(GFP_KERNEL)");
	f = parse( /* the same report from another task (6.12's header has UID) */
		"kworker/0:1: page allocation failure: order:3, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)\n"
		"CPU: 0 UID: 0 PID: 12 Comm: kworker/0:1 Not tainted 6.12.117+deb13-armmp #1\n"
		"Kernel panic - not syncing: driver gave up\n"
		"CPU: 1 UID: 0 PID: 107 Comm: sh Not tainted 6.12.117+deb13-armmp #1\n");
	assert_int_equal(f.kind, MM_PANIC_OTHER);
	assert_int_equal(f.failed_order, -1);
}

UNIT_GROUP(klog,
	   cmocka_unit_test(test_vmalloc_failure),
	   cmocka_unit_test(test_oom),
	   cmocka_unit_test(test_oops),
	   cmocka_unit_test(test_page_alloc_and_sysrq),
	   cmocka_unit_test(test_failure_of_another_task))
