// SPDX-License-Identifier: GPL-2.0
/*
 * mmtest - puts a 32-bit ARM kernel into a known memory state, then panics,
 * so that mmview's real-dump bench gets dumps whose contents are known.
 *
 *   insmod mmtest.ko mode=MODE    sets the state up (and stays loaded)
 *   echo 1 > /sys/module/mmtest/parameters/trigger
 *                                 does the last step and panics
 *
 * Between the two steps the guest's /init copies /proc/{meminfo,vmallocinfo,
 * slabinfo,...} to the console, so the host has the kernel's own view of the
 * state right before the panic.
 *
 * Every fact the tests need is printed as one line "mmtest: key=value"; the
 * host collects those lines into scenario.txt.
 *
 * Modes:
 *   vmalloc-fail  fill vmalloc space with FRAG_SIZE areas, free every other
 *                 one; trigger: vmalloc(VMALLOC_REQUEST) fails, and the
 *                 "driver" panics.
 *   guard-fault   vmalloc a GUARD_BUF_SIZE buffer; trigger: write one byte
 *                 past its end, into the guard page (oops, panic_on_oops).
 *   kmap          kmap() KMAP_NPAGES HighMem pages (pkmap slots); trigger:
 *                 kmap_local_page() + nested kmap_atomic() (two fixmap slots
 *                 live) and panic inside them.
 *   slab-frag     cache "mmtest_frag": allocate SLAB_NOBJS objects, free all
 *                 but a scattered seventh; trigger: panic.
 *   slab-leak     kmalloc(LEAK_OBJ_SIZE) from one call site (slab_leak_one),
 *                 never freed: LEAK_SETUP_OBJS at setup; trigger: on until the
 *                 OOM killer panics (panic_on_oom=1; booted with slub_debug=U,
 *                 so every object keeps its allocating call site).
 *   page-leak     alloc_pages(GFP_KERNEL, 0) kept on a private list (the
 *                 driver forgets them): LEAK_SETUP_PAGES at setup; trigger: on
 *                 until the OOM killer panics.
 * The two leaks print their exact totals from a panic notifier, after the
 * "Kernel panic" line: slab_leak_objects=N, page_leak_pages=N.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/version.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
#include <linux/panic_notifier.h>
#endif

#define FRAG_SIZE	(128 * 1024)		/* vmalloc-fail: size of each area */
#define FRAG_MAX	8192			/* more than fits in 240 MiB */
#define VMALLOC_REQUEST	(4 * 1024 * 1024)	/* vmalloc-fail: the request that fails */
#define GUARD_BUF_SIZE	(3 * PAGE_SIZE)		/* guard-fault: buffer size */
#define KMAP_NPAGES	8			/* kmap: pages held with kmap() */
#define SLAB_OBJ_SIZE	200			/* slab-frag: object size */
#define SLAB_NOBJS	2100			/* slab-frag: objects allocated */
#define SLAB_KEEP_EVERY	7			/* slab-frag: keep 1 object in 7 */
#define LEAK_OBJ_SIZE	512			/* slab-leak: kmalloc-512 */
#define LEAK_SETUP_OBJS	32768			/* slab-leak: leaked before /proc is copied */
#define LEAK_SETUP_PAGES 16384			/* page-leak: 64 MiB before /proc is copied */
#define NRECORD		4			/* addresses recorded per list */
#define MAGIC		0x6d6d7400u		/* "mmt\0" */

static char *mode = "none";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "vmalloc-fail | guard-fault | kmap | slab-frag | slab-leak | page-leak");

/* vmalloc-fail */
static void **frag_areas;
static unsigned int frag_count;

/* guard-fault */
static char *guard_buf;

/* kmap */
static struct page *kmap_pages[KMAP_NPAGES];
static struct page *local_pages[2];

/* slab-frag */
struct frag_obj {
	u32 magic;
	u32 index;
	char payload[SLAB_OBJ_SIZE - 8];
};
static struct kmem_cache *frag_cache;
static struct frag_obj **frag_objs;

/* slab-leak */
struct leak_obj {
	u32 magic;
	u32 index;
	struct leak_obj *next;
	char payload[LEAK_OBJ_SIZE - 12];
};
static struct leak_obj *leak_head;
static unsigned long leak_objects;

/* page-leak */
static LIST_HEAD(leak_pages);
static unsigned long leak_npages;

/* Prints "mmtest: KEY=0x..,0x..,..." for up to NRECORD addresses. */
static void print_addrs(const char *key, void **addrs, unsigned int n)
{
	char line[160];
	int len = 0;
	unsigned int i;

	line[0] = '\0';
	for (i = 0; i < n && i < NRECORD; i++)
		len += scnprintf(line + len, sizeof(line) - len, "%s0x%08lx",
				 i ? "," : "", (unsigned long)addrs[i]);
	pr_info("mmtest: %s=%s\n", key, line);
}

/* ---- vmalloc-fail ---------------------------------------------------- */

static int vmalloc_fail_setup(void)
{
	unsigned int i, freed = 0;

	frag_areas = kcalloc(FRAG_MAX, sizeof(*frag_areas), GFP_KERNEL);
	if (!frag_areas)
		return -ENOMEM;
	/* Fill vmalloc space quietly: the first failure here is expected. */
	for (frag_count = 0; frag_count < FRAG_MAX; frag_count++) {
		void *p = __vmalloc(FRAG_SIZE, GFP_KERNEL | __GFP_NOWARN);

		if (!p)
			break;
		memset(p, 0xa5, 64);
		frag_areas[frag_count] = p;
	}
	/* Free every other area: lots of free space, no large hole. */
	for (i = 1; i < frag_count; i += 2) {
		vfree(frag_areas[i]);
		frag_areas[i] = NULL;
		freed++;
	}
	pr_info("mmtest: frag_size=%u\n", FRAG_SIZE);
	pr_info("mmtest: frag_allocated=%u\n", frag_count);
	pr_info("mmtest: frag_freed=%u\n", freed);
	pr_info("mmtest: frag_live=%u\n", frag_count - freed);
	pr_info("mmtest: frag_first=0x%08lx\n", (unsigned long)frag_areas[0]);
	pr_info("mmtest: frag_last_live=0x%08lx\n",
		(unsigned long)frag_areas[(frag_count - 1) & ~1u]);
	return frag_count ? 0 : -ENOMEM;
}

static void vmalloc_fail_trigger(void)
{
	unsigned long size = VMALLOC_REQUEST;
	void *p;

	pr_info("mmtest: vmalloc_request_size=%lu\n", size);
	p = vmalloc(size);
	if (p)
		panic("mmtest: vmalloc of %lu bytes unexpectedly succeeded at %px", size, p);
	pr_info("mmtest: vmalloc_failed_size=%lu\n", size);
	panic("mmtest: vmalloc of %lu bytes failed", size);
}

/* ---- guard-fault ----------------------------------------------------- */

static int guard_fault_setup(void)
{
	guard_buf = vmalloc(GUARD_BUF_SIZE);
	if (!guard_buf)
		return -ENOMEM;
	memset(guard_buf, 0x5a, GUARD_BUF_SIZE);
	pr_info("mmtest: guard_buf=0x%08lx\n", (unsigned long)guard_buf);
	pr_info("mmtest: guard_buf_size=%lu\n", (unsigned long)GUARD_BUF_SIZE);
	pr_info("mmtest: fault_addr=0x%08lx\n", (unsigned long)(guard_buf + GUARD_BUF_SIZE));
	return 0;
}

static void guard_fault_trigger(void)
{
	/* The classic off-by-one: the first byte past the end is the guard page. */
	WRITE_ONCE(guard_buf[GUARD_BUF_SIZE], 0x5a);
	/* Not reached with panic_on_oops=1. */
	panic("mmtest: write past vmalloc buffer %px did not fault", guard_buf);
}

/* ---- kmap ------------------------------------------------------------ */

static int kmap_setup(void)
{
	void *vaddrs[KMAP_NPAGES];
	unsigned long pfns[KMAP_NPAGES];
	char line[160];
	int len = 0;
	unsigned int i;

	for (i = 0; i < KMAP_NPAGES; i++) {
		struct page *page = alloc_page(GFP_HIGHUSER);

		if (!page)
			return -ENOMEM;
		if (!PageHighMem(page))
			pr_warn("mmtest: page %u (pfn 0x%lx) is not HighMem\n", i, page_to_pfn(page));
		kmap_pages[i] = page;
		vaddrs[i] = kmap(page);		/* held: a pkmap slot stays in use */
		pfns[i] = page_to_pfn(page);
		*(u32 *)vaddrs[i] = MAGIC | i;
	}
	for (i = 0; i < 2; i++) {
		local_pages[i] = alloc_page(GFP_HIGHUSER);
		if (!local_pages[i])
			return -ENOMEM;
	}
	pr_info("mmtest: kmap_pages=%u\n", KMAP_NPAGES);
	for (i = 0; i < KMAP_NPAGES; i++)
		len += scnprintf(line + len, sizeof(line) - len, "%s0x%lx", i ? "," : "", pfns[i]);
	pr_info("mmtest: kmap_pfns=%s\n", line);
	len = 0;
	for (i = 0; i < KMAP_NPAGES; i++)
		len += scnprintf(line + len, sizeof(line) - len, "%s0x%08lx", i ? "," : "",
				 (unsigned long)vaddrs[i]);
	pr_info("mmtest: kmap_vaddrs=%s\n", line);
	pr_info("mmtest: kmap_local_pfns=0x%lx,0x%lx\n",
		page_to_pfn(local_pages[0]), page_to_pfn(local_pages[1]));
	return 0;
}

static void kmap_trigger(void)
{
	void *local, *atomic;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	local = kmap_local_page(local_pages[0]);	/* fixmap slot, this CPU */
#else
	local = kmap_atomic(local_pages[0]);		/* before kmap_local: per-CPU kmap_atomic */
#endif
	*(u32 *)local = MAGIC | 0x10;
	atomic = kmap_atomic(local_pages[1]);		/* nested: next fixmap slot */
	*(u32 *)atomic = MAGIC | 0x11;
	pr_info("mmtest: kmap_local_vaddrs=0x%08lx,0x%08lx\n",
		(unsigned long)local, (unsigned long)atomic);
	pr_info("mmtest: kmap_local_cpu=%d\n", smp_processor_id());
	panic("mmtest: panic inside kmap_atomic with %d pages kmapped", KMAP_NPAGES);
}

/* ---- slab-frag ------------------------------------------------------- */

static void frag_ctor(void *obj)
{
	/* A constructor also keeps SLUB from merging this cache with kmalloc-256. */
	memset(obj, 0, sizeof(struct frag_obj));
}

static int slab_frag_setup(void)
{
	void *live[NRECORD], *freed[NRECORD];
	unsigned int i, nlive = 0, nfreed = 0;

	frag_cache = kmem_cache_create("mmtest_frag", sizeof(struct frag_obj), 0, 0, frag_ctor);
	if (!frag_cache)
		return -ENOMEM;
	frag_objs = kcalloc(SLAB_NOBJS, sizeof(*frag_objs), GFP_KERNEL);
	if (!frag_objs)
		return -ENOMEM;
	for (i = 0; i < SLAB_NOBJS; i++) {
		frag_objs[i] = kmem_cache_alloc(frag_cache, GFP_KERNEL);
		if (!frag_objs[i])
			return -ENOMEM;
		frag_objs[i]->magic = MAGIC;
		frag_objs[i]->index = i;
	}
	/* Keep one object in SLAB_KEEP_EVERY: almost every slab stays partial. */
	for (i = 0; i < SLAB_NOBJS; i++) {
		if (i % SLAB_KEEP_EVERY == 0) {
			if (nlive < NRECORD)
				live[nlive] = frag_objs[i];
			nlive++;
			continue;
		}
		if (nfreed < NRECORD)
			freed[nfreed] = frag_objs[i];
		nfreed++;
		kmem_cache_free(frag_cache, frag_objs[i]);
		frag_objs[i] = NULL;
	}
	pr_info("mmtest: slab_cache=mmtest_frag\n");
	pr_info("mmtest: slab_obj_size=%zu\n", sizeof(struct frag_obj));
	pr_info("mmtest: slab_allocated=%u\n", SLAB_NOBJS);
	pr_info("mmtest: slab_live=%u\n", nlive);
	pr_info("mmtest: slab_freed=%u\n", nfreed);
	print_addrs("slab_live_objs", live, nlive);
	print_addrs("slab_freed_objs", freed, nfreed);
	return 0;
}

static void slab_frag_trigger(void)
{
	panic("mmtest: slab-frag: %u of %u objects live in cache mmtest_frag",
	      (SLAB_NOBJS + SLAB_KEEP_EVERY - 1) / SLAB_KEEP_EVERY, SLAB_NOBJS);
}

/* ---- slab-leak, page-leak ------------------------------------------- */

/* The one call site of every leaked object: kmalloc's caller, in each object's alloc track. */
static noinline struct leak_obj *slab_leak_one(void)
{
	struct leak_obj *o = kmalloc(LEAK_OBJ_SIZE, GFP_KERNEL);

	if (!o)
		return NULL;
	o->magic = MAGIC;
	o->index = leak_objects++;
	o->next = leak_head;
	leak_head = o;
	return o;
}

static noinline struct page *page_leak_one(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	if (!page)
		return NULL;
	list_add(&page->lru, &leak_pages);
	leak_npages++;
	return page;
}

/* The exact totals, printed on the panicking CPU after the leak's last allocation. */
static int leak_panic_note(struct notifier_block *nb, unsigned long ev, void *unused)
{
	if (leak_objects)
		pr_emerg("mmtest: slab_leak_objects=%lu\n", leak_objects);
	if (leak_npages)
		pr_emerg("mmtest: page_leak_pages=%lu\n", leak_npages);
	return NOTIFY_DONE;
}

static struct notifier_block leak_nb = { .notifier_call = leak_panic_note };

static int slab_leak_setup(void)
{
	void *first[NRECORD];
	unsigned int i;

	atomic_notifier_chain_register(&panic_notifier_list, &leak_nb);
	for (i = 0; i < LEAK_SETUP_OBJS; i++) {
		void *o = slab_leak_one();

		if (!o)
			return -ENOMEM;
		if (i < NRECORD)
			first[i] = o;
		if (!(i & 1023))
			cond_resched();
	}
	pr_info("mmtest: leak_site=%ps\n", slab_leak_one);
	pr_info("mmtest: leak_obj_size=%u\n", LEAK_OBJ_SIZE);
	pr_info("mmtest: slab_leak_setup_objects=%lu\n", leak_objects);
	print_addrs("leak_objs", first, NRECORD);
	return 0;
}

static void slab_leak_trigger(void)
{
	unsigned long n = 0;

	/* panic_on_oom: the allocation that finds no memory panics inside the OOM killer. */
	while (slab_leak_one())
		if (!(++n & 1023))
			cond_resched();
	panic("mmtest: slab-leak: kmalloc failed after %lu objects without an OOM panic", leak_objects);
}

static int page_leak_setup(void)
{
	unsigned int i;

	atomic_notifier_chain_register(&panic_notifier_list, &leak_nb);
	for (i = 0; i < LEAK_SETUP_PAGES; i++) {
		if (!page_leak_one())
			return -ENOMEM;
		if (!(i & 1023))
			cond_resched();
	}
	pr_info("mmtest: leak_page_site=%ps\n", page_leak_one);
	pr_info("mmtest: page_leak_setup_pages=%lu\n", leak_npages);
	pr_info("mmtest: page_leak_first_pfn=0x%lx\n",
		page_to_pfn(list_last_entry(&leak_pages, struct page, lru)));
	return 0;
}

static void page_leak_trigger(void)
{
	unsigned long n = 0;

	while (page_leak_one())
		if (!(++n & 1023))
			cond_resched();
	panic("mmtest: page-leak: alloc_pages failed after %lu pages without an OOM panic", leak_npages);
}

/* ---- plumbing -------------------------------------------------------- */

struct mmtest_mode {
	const char *name;
	int (*setup)(void);
	void (*trigger)(void);
};

static const struct mmtest_mode modes[] = {
	{ "vmalloc-fail", vmalloc_fail_setup, vmalloc_fail_trigger },
	{ "guard-fault", guard_fault_setup, guard_fault_trigger },
	{ "kmap", kmap_setup, kmap_trigger },
	{ "slab-frag", slab_frag_setup, slab_frag_trigger },
	{ "slab-leak", slab_leak_setup, slab_leak_trigger },
	{ "page-leak", page_leak_setup, page_leak_trigger },
};
static const struct mmtest_mode *cur;

static int trigger_set(const char *val, const struct kernel_param *kp)
{
	if (!cur)
		return -EINVAL;
	pr_info("mmtest: trigger mode=%s\n", cur->name);
	cur->trigger();
	return 0;
}

static const struct kernel_param_ops trigger_ops = {
	.set = trigger_set,
};
module_param_cb(trigger, &trigger_ops, NULL, 0200);
MODULE_PARM_DESC(trigger, "write anything: do the last step of MODE and panic");

static int __init mmtest_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (!strcmp(mode, modes[i].name))
			cur = &modes[i];
	if (!cur) {
		pr_info("mmtest: mode=%s (no setup)\n", mode);
		return 0;
	}
	pr_info("mmtest: mode=%s\n", cur->name);
	ret = cur->setup();
	pr_info("mmtest: setup_result=%d\n", ret);
	return ret;
}
module_init(mmtest_init);

/* No exit function: the module holds its state until the panic, by design. */

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Known memory states and panics for mmview's real-dump bench");
