/* Allocation sites of a tracked SLUB cache: its live objects counted by allocating call site,
 * the way the kernel's alloc_calls (sysfs, <= 5.13) and alloc_traces (debugfs, 5.14+) count
 * them: every object on no freelist, of every slab the cache reaches (cpu, cpu-partial, node
 * partial and SLUB_DEBUG's full list), keyed by caller and stack. */
#ifndef MM_SLAB_SITES_H
#define MM_SLAB_SITES_H
#include "track.h"

/* One caller and stack: a line of alloc_traces. */
struct mm_site {
	kva_t caller;
	uint32_t handle;          /* stack depot handle (0: none, or an inline-stack kernel) */
	uint64_t count;
	uint64_t age_sum;         /* jiffies, over the objects with an age */
	uint32_t age_min, age_max;
	uint64_t naged;
	int pid_min, pid_max;
	uint64_t cpus;            /* bit per CPU (0..63) */
};

/* One caller, its stacks' totals. */
struct mm_site_caller {
	kva_t caller;
	uint64_t count;
	uint64_t age_sum, naged;
	uint32_t age_min, age_max;
	int pid_min, pid_max;
	uint64_t cpus;
	size_t first, nstacks;    /* its stacks: sites[first .. first+nstacks), most objects first */
};

struct mm_sites {
	struct mm_site *site;     /* after mm_slab_sites: n sites grouped by caller */
	size_t n, cap;
	struct mm_site_caller *caller; /* most objects first */
	size_t ncallers;
	uint64_t objects;         /* live objects whose track was read */
	uint64_t untracked;       /* of them, with an alloc track never set */
	uint64_t unread;          /* live objects in slabs that could not be walked */
	struct mm_slab_stats st;
	long nproblems;
	struct mm_err first_problem;
};

/* Counts the live objects of cache c (tracked: mm_slab_tracked) by site. A slab that cannot be
 * walked is counted in unread and named in first_problem; the rest is still counted. Returns 0,
 * or an error when the cache's lists could not be walked at all (what was found is kept). */
int mm_slab_sites(struct mm_kernel *k, struct mm_tracking *tr, struct mm_slab_cache *c,
		  struct mm_sites *s, struct mm_err *err);
void mm_sites_free(struct mm_sites *s);

#endif
