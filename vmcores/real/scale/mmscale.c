// SPDX-License-Identifier: GPL-2.0
/*
 * mmscale - what a busy device's drivers hold, for the `scale` scenarios (with /bin/busy
 * filling the caches from user space; see scale/init.sh):
 *
 *   insmod mmscale.ko    SCALE_NVMALLOC one-page vmalloc areas, every fourth freed (gaps),
 *                        and SCALE_NKMALLOC kmalloc(SCALE_KMALLOC_SIZE) objects, all kept
 *   echo 1 > /sys/module/mmscale/parameters/trigger      panics
 *
 * Facts go to the log as "mmtest: key=value" lines (the host collects them into scenario.txt).
 * Built next to mmtest.ko (vmcores/real/build adds it to the module's Kbuild in the cache).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/mm.h>

#define SCALE_NVMALLOC		12000
#define SCALE_NKMALLOC		200000
#define SCALE_KMALLOC_SIZE	48
#define MAGIC			0x6d6d7400u

static void **areas;
static void **objs;
static unsigned int nareas, nfreed, nobjs;

static int trigger_set(const char *val, const struct kernel_param *kp)
{
	panic("mmtest: scale: %u vmalloc areas and %u kmalloc objects live", nareas - nfreed, nobjs);
	return 0;
}

static const struct kernel_param_ops trigger_ops = {
	.set = trigger_set,
};
module_param_cb(trigger, &trigger_ops, NULL, 0200);
MODULE_PARM_DESC(trigger, "write anything: panic");

static int __init mmscale_init(void)
{
	unsigned int i;

	areas = vzalloc(SCALE_NVMALLOC * sizeof(*areas));
	objs = vzalloc(SCALE_NKMALLOC * sizeof(*objs));
	if (!areas || !objs)
		return -ENOMEM;
	for (nareas = 0; nareas < SCALE_NVMALLOC; nareas++) {
		void *p = __vmalloc(PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN);

		if (!p)
			break;
		memset(p, 0x5a, 64);
		areas[nareas] = p;
	}
	for (i = 3; i < nareas; i += 4) {
		vfree(areas[i]);
		areas[i] = NULL;
		nfreed++;
	}
	for (nobjs = 0; nobjs < SCALE_NKMALLOC; nobjs++) {
		u32 *o = kmalloc(SCALE_KMALLOC_SIZE, GFP_KERNEL | __GFP_NOWARN);

		if (!o)
			break;
		o[0] = MAGIC;
		o[1] = nobjs;
		objs[nobjs] = o;
	}
	pr_info("mmtest: scale_vmalloc_allocated=%u\n", nareas);
	pr_info("mmtest: scale_vmalloc_live=%u\n", nareas - nfreed);
	pr_info("mmtest: scale_vmalloc_first=0x%08lx\n", (unsigned long)areas[0]);
	pr_info("mmtest: scale_kmalloc_size=%u\n", SCALE_KMALLOC_SIZE);
	pr_info("mmtest: scale_kmalloc_live=%u\n", nobjs);
	pr_info("mmtest: scale_kmalloc_first=0x%08lx\n", (unsigned long)objs[0]);
	return nareas && nobjs ? 0 : -ENOMEM;
}
module_init(mmscale_init);

/* No exit function: the module holds its state until the panic, by design. */

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A busy device's driver allocations for mmview's scale dumps");
