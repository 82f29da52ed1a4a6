/* Global VM counters (what /proc/meminfo sums): one item by its enum name. */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H
#include "kernel.h"

/* Zone items (NR_FREE_PAGES, ...) live in vm_zone_stat (4.8+) or vm_stat; node items
 * (NR_FILE_PAGES, NR_ANON_MAPPED, NR_SHMEM, ...) moved to vm_node_stat in 4.8. */
enum mm_stat_home { MM_STAT_ZONE, MM_STAT_NODE };
int mm_vmstat_global(struct mm_kernel *k, enum mm_stat_home home, const char *item, int64_t *pages,
		     struct mm_err *err);
/* totalram_pages / totalhigh_pages (plain or atomic, by generation). */
int mm_total_pages(struct mm_kernel *k, int high, uint64_t *pages, struct mm_err *err);

#endif
