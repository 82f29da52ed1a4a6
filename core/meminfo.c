/* Each item names its counter by generation, newest first: the first the kernel has wins. A
 * name is only read where its array is certain: the slab counters without _B moved from the
 * zone to the node array in 4.13, so before 5.9 they are trusted only in the single vm_stat
 * array of kernels before 4.8 (the slab walker gives those figures otherwise). */
#include "meminfo.h"
#include "vmstat.h"

struct counter {
	const char *name;
	enum mm_stat_home home;
	int legacy_only; /* only when there is no vm_node_stat (before 4.8) */
};

struct item_source {
	const char *label;
	struct counter c[2];
};

static const struct item_source sources[MM_MI_NR] = {
	[MM_MI_TOTAL] = { "MemTotal" },
	[MM_MI_FREE] = { "MemFree", { { "NR_FREE_PAGES", MM_STAT_ZONE } } },
	[MM_MI_HIGH_TOTAL] = { "HighTotal" },
	[MM_MI_CACHED] = { "Cached", { { "NR_FILE_PAGES", MM_STAT_NODE } } },
	[MM_MI_ANON] = { "AnonPages", { { "NR_ANON_MAPPED", MM_STAT_NODE },
					{ "NR_ANON_PAGES", MM_STAT_NODE } } },
	[MM_MI_SHMEM] = { "Shmem", { { "NR_SHMEM", MM_STAT_NODE } } },
	[MM_MI_SLAB_RECLAIMABLE] = { "SReclaimable", { { "NR_SLAB_RECLAIMABLE_B", MM_STAT_NODE },
						       { "NR_SLAB_RECLAIMABLE", MM_STAT_ZONE, 1 } } },
	[MM_MI_SLAB_UNRECLAIMABLE] = { "SUnreclaim", { { "NR_SLAB_UNRECLAIMABLE_B", MM_STAT_NODE },
						       { "NR_SLAB_UNRECLAIMABLE", MM_STAT_ZONE, 1 } } },
};

const char *mm_meminfo_name(enum mm_meminfo_item i)
{
	return i < MM_MI_NR ? sources[i].label : "?";
}

void mm_meminfo_read(struct mm_kernel *k, struct mm_meminfo *mi)
{
	for (int i = 0; i < MM_MI_NR; i++) {
		const struct item_source *src = &sources[i];
		uint64_t pages;

		mi->valid[i] = 0;
		mm_err_clear(&mi->err[i]);
		if (i == MM_MI_TOTAL || i == MM_MI_HIGH_TOTAL) {
			if (mm_total_pages(k, i == MM_MI_HIGH_TOTAL, &pages, &mi->err[i]) == MM_OK) {
				mi->v[i] = (int64_t)pages;
				mi->valid[i] = 1;
			}
			continue;
		}
		for (int n = 0; n < 2 && src->c[n].name && !mi->valid[i]; n++) {
			const struct counter *c = &src->c[n];
			if (c->legacy_only && mm_has_symbol(k, "vm_node_stat")) {
				mm_err_set(&mi->err[i], MM_EUNSUPPORTED,
					   "%s: its counter array is ambiguous in this kernel", src->label);
				continue;
			}
			mi->valid[i] = mm_vmstat_global(k, c->home, c->name, &mi->v[i], &mi->err[i]) == MM_OK;
		}
	}
}
