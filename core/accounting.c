/* MemTotal item by item, from the vm_stat counters (vmstat.c: each counter in the array its
 * enum says, node_stat_item or zone_stat_item) and the variables /proc/meminfo adds. Every
 * item that cannot be read is left unknown with its error; the remainder then says so. */
#include "accounting.h"
#include "meminfo.h"
#include "read.h"
#include "vmstat.h"
#include "page_alloc/page_alloc.h"
#include <stdio.h>
#include <string.h>

#define SZ_KB 1024

const char *const mm_acct_item_name[MM_ACCT_NR] = {
	"free", "per-cpu free lists", "page cache", "shmem", "anon", "slab reclaimable",
	"slab unreclaimable", "kernel stacks", "page tables", "vmalloc", "per-cpu areas",
	"zsmalloc (zram)", "misc reclaimable",
};
const char *const mm_acct_item_key[MM_ACCT_NR] = {
	"free", "pcp", "file", "shmem", "anon", "slab_reclaimable", "slab_unreclaimable",
	"kernel_stack", "page_tables", "vmalloc", "percpu", "zspages", "misc_reclaimable",
};

/* A vm_stat item from the array its enum belongs to. */
static int stat_item(struct mm_kernel *k, const char *name, int64_t *pages, struct mm_err *err)
{
	long v;
	enum mm_stat_home home = mm_enum_of(k, "node_stat_item", name, &v) == 0 ? MM_STAT_NODE : MM_STAT_ZONE;

	if (home == MM_STAT_ZONE && mm_enum_of(k, "zone_stat_item", name, &v))
		return mm_err_set(err, MM_EABSENT, "counter %s not in this kernel", name);
	return mm_vmstat_global(k, home, name, pages, err);
}

static int var_long(struct mm_kernel *k, const char *name, int64_t *v, struct mm_err *err)
{
	uint32_t x;
	int rc = mm_read_sym_u32(k, name, &x, err);
	if (!rc)
		*v = (int32_t)x;
	return rc;
}

/* Pages on every zone's per-CPU lists: zone->per_cpu_pageset (5.14+, struct per_cpu_pages) or
 * zone->pageset (struct per_cpu_pageset, its .pcp), per CPU. */
static int pcp_pages(struct mm_kernel *k, int64_t *pages, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	struct mm_zones z;
	long ptr_off, count_off;
	int rc;

	if (o->zone_per_cpu_pageset >= 0)
		ptr_off = o->zone_per_cpu_pageset, count_off = o->per_cpu_pages_count;
	else if (o->zone_pageset >= 0 && o->per_cpu_pageset_pcp >= 0 && o->per_cpu_pages_count >= 0)
		ptr_off = o->zone_pageset, count_off = o->per_cpu_pageset_pcp + o->per_cpu_pages_count;
	else
		return mm_err_set(err, MM_EABSENT, "neither zone.per_cpu_pageset nor zone.pageset in the debug info");
	if ((rc = MM_NEED(k, err, per_cpu_pages, count)) || (rc = mm_zones_read(k, &z, err)))
		return rc;
	*pages = 0;
	for (int i = 0; i < z.nr_zones && i < MM_MAX_ZONES; i++) {
		uint32_t ptr, n;
		if (!z.zone[i].spanned)
			continue;
		if ((rc = mm_read_u32(k, z.zone[i].addr + (kva_t)ptr_off, &ptr, err)))
			return mm_err_wrap(err, "zone %s per-CPU lists", z.zone[i].name);
		for (int cpu = 0; cpu < k->nr_cpus && ptr; cpu++) {
			if ((rc = mm_read_u32(k, ptr + k->per_cpu_offset[cpu] + (kva_t)count_off, &n, err)))
				return mm_err_wrap(err, "zone %s CPU %d per-CPU list", z.zone[i].name, cpu);
			if ((int32_t)n > 0)
				*pages += (int32_t)n;
		}
	}
	return MM_OK;
}

/* The kernel's Percpu (pcpu_nr_pages: populated pages x units) and the part of it past the
 * first and reserved chunks, which are memblock memory outside MemTotal. */
static int percpu_pages(struct mm_kernel *k, int64_t *all, int64_t *dynamic, struct mm_err *err)
{
	static const char *const boot_chunks[] = { "pcpu_first_chunk", "pcpu_reserved_chunk" };
	int64_t populated, units, boot = 0;
	int rc;

	if ((rc = var_long(k, "pcpu_nr_populated", &populated, err)) || (rc = var_long(k, "pcpu_nr_units", &units, err)))
		return rc;
	if ((rc = MM_NEED(k, err, pcpu_chunk, nr_populated)))
		return rc;
	for (size_t i = 0; i < sizeof(boot_chunks) / sizeof(boot_chunks[0]); i++) {
		uint32_t chunk, n;
		if (mm_read_sym_u32(k, boot_chunks[i], &chunk, NULL) || !chunk)
			continue;
		if ((rc = mm_read_u32(k, chunk + (kva_t)k->off.pcpu_chunk_nr_populated, &n, err)))
			return mm_err_wrap(err, "%s", boot_chunks[i]);
		boot += (int32_t)n;
	}
	*all = populated * units;
	*dynamic = populated > boot ? (populated - boot) * units : 0;
	return MM_OK;
}

static void item(struct mm_accounting *a, enum mm_acct_item i, int rc, int64_t pages)
{
	a->known[i] = rc == MM_OK;
	a->v[i] = rc == MM_OK ? (pages < 0 ? 0 : pages) : 0;
}

void mm_accounting_read(struct mm_kernel *k, struct mm_accounting *a)
{
	struct mm_meminfo mi;
	struct mm_zones z;
	struct mm_err e = { 0 };
	int64_t x = 0, y = 0;
	uint64_t total;
	int rc;

	memset(a, 0, sizeof(*a));
	a->total = a->reserved = a->cma_total = a->cma_free = a->percpu_all = -1;
	a->vmap_stack = k->off.task_struct_stack_vm_area >= 0;
	if (mm_total_pages(k, 0, &total, NULL) == MM_OK)
		a->total = (int64_t)total;
	mm_meminfo_read(k, &mi);
	/* rc first, then the value: an argument list has no evaluation order */
	rc = stat_item(k, "NR_FREE_PAGES", &x, &a->err[MM_ACCT_FREE]);
	item(a, MM_ACCT_FREE, rc, x);
	rc = pcp_pages(k, &x, &a->err[MM_ACCT_PCP]);
	item(a, MM_ACCT_PCP, rc, x);
	rc = stat_item(k, "NR_SHMEM", &y, &a->err[MM_ACCT_SHMEM]);
	item(a, MM_ACCT_SHMEM, rc, y);
	rc = stat_item(k, "NR_FILE_PAGES", &x, &a->err[MM_ACCT_FILE]);
	if (rc == MM_OK && a->known[MM_ACCT_SHMEM]) {
		int64_t swapcache = 0;
		stat_item(k, "NR_SWAPCACHE", &swapcache, NULL); /* 5.12+: in NR_FILE_PAGES too */
		x -= y + swapcache;
	} else if (rc == MM_OK)
		rc = mm_err_set(&a->err[MM_ACCT_FILE], MM_EABSENT, "NR_SHMEM unknown: shmem cannot be taken out of NR_FILE_PAGES");
	item(a, MM_ACCT_FILE, rc, x);
	item(a, MM_ACCT_ANON, mi.valid[MM_MI_ANON] ? MM_OK : MM_EABSENT, mi.v[MM_MI_ANON]);
	a->err[MM_ACCT_ANON] = mi.err[MM_MI_ANON];
	item(a, MM_ACCT_SLAB_RECL, mi.valid[MM_MI_SLAB_RECLAIMABLE] ? MM_OK : MM_EABSENT, mi.v[MM_MI_SLAB_RECLAIMABLE]);
	a->err[MM_ACCT_SLAB_RECL] = mi.err[MM_MI_SLAB_RECLAIMABLE];
	item(a, MM_ACCT_SLAB_UNRECL, mi.valid[MM_MI_SLAB_UNRECLAIMABLE] ? MM_OK : MM_EABSENT, mi.v[MM_MI_SLAB_UNRECLAIMABLE]);
	a->err[MM_ACCT_SLAB_UNRECL] = mi.err[MM_MI_SLAB_UNRECLAIMABLE];
	rc = stat_item(k, "NR_KERNEL_STACK_KB", &x, &a->err[MM_ACCT_KSTACK]);
	item(a, MM_ACCT_KSTACK, rc, x * SZ_KB / k->page_size);
	rc = stat_item(k, "NR_PAGETABLE", &x, &a->err[MM_ACCT_PGTABLE]);
	if (rc == MM_OK && stat_item(k, "NR_SECONDARY_PAGETABLE", &y, NULL) == MM_OK)
		x += y;
	item(a, MM_ACCT_PGTABLE, rc, x);
	rc = var_long(k, "nr_vmalloc_pages", &x, &a->err[MM_ACCT_VMALLOC]);
	if (rc == MM_OK && a->vmap_stack && a->known[MM_ACCT_KSTACK])
		x -= a->v[MM_ACCT_KSTACK]; /* account_kernel_stack counts a vmap'd stack's pages */
	item(a, MM_ACCT_VMALLOC, rc, x);
	rc = percpu_pages(k, &a->percpu_all, &x, &a->err[MM_ACCT_PERCPU]);
	item(a, MM_ACCT_PERCPU, rc, x);
	rc = stat_item(k, "NR_ZSPAGES", &x, &a->err[MM_ACCT_ZSPAGES]);
	if (rc == MM_EABSENT && !mm_has_symbol(k, "zs_malloc")) /* no zsmalloc in this kernel: none */
		rc = MM_OK, x = 0;
	item(a, MM_ACCT_ZSPAGES, rc, x);
	rc = stat_item(k, "NR_KERNEL_MISC_RECLAIMABLE", &x, &a->err[MM_ACCT_MISC]);
	if (rc == MM_EABSENT) /* 4.20+; before it, nothing was counted there */
		rc = MM_OK, x = 0;
	item(a, MM_ACCT_MISC, rc, x);
	for (int i = 0; i < MM_ACCT_NR; i++)
		if (a->known[i])
			a->explained += a->v[i];
	a->remainder = a->total >= 0 ? a->total - a->explained : 0;
	if (mm_zones_read(k, &z, &e) == MM_OK) {
		a->reserved = 0;
		for (int i = 0; i < z.nr_zones && i < MM_MAX_ZONES; i++)
			if (z.zone[i].managed >= 0 && (int64_t)z.zone[i].present >= z.zone[i].managed)
				a->reserved += (int64_t)z.zone[i].present - z.zone[i].managed;
	}
	if (var_long(k, "totalcma_pages", &x, NULL) == MM_OK)
		a->cma_total = x;
	if (stat_item(k, "NR_FREE_CMA_PAGES", &x, NULL) == MM_OK)
		a->cma_free = x;
}

int mm_accounting_remainder_large(const struct mm_kernel *k, const struct mm_accounting *a)
{
	return a->total > 0 && a->remainder * 50 > a->total &&
	       (uint64_t)a->remainder * k->page_size > 4ull << 20;
}
