/* Printing allocation sites and tracks (core/report/slab_sites.c), shared by `slab --sites`,
 * `addr` and `triage`. */
#ifndef MM_REPORT_SLAB_SITES_H
#define MM_REPORT_SLAB_SITES_H
#include "../slab/sites.h"
#include "out.h"

/* The sites table of cache c (limit rows, all if < 0), then the stacks of the first nstacks
 * callers. */
void mm_sites_print(struct mm_kernel *k, struct mm_out *o, struct mm_tracking *tr,
		    const struct mm_slab_cache *c, const struct mm_sites *s, long limit, int nstacks);
/* One track as fields (caller, cpu, pid, age, stack) in the current section. */
void mm_track_print(struct mm_kernel *k, struct mm_out *o, const struct mm_tracking *tr,
		    const struct mm_track *t);
/* `slab -c CACHE --sites`. */
int mm_slab_sites_cmd(struct mm_kernel *k, struct mm_out *o, const struct mm_slab_layout *lay,
		      const char *name, long limit);
#endif
