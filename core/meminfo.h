/* The /proc/meminfo figures a panic report needs, from the global counters. */
#ifndef MM_MEMINFO_H
#define MM_MEMINFO_H
#include "kernel.h"

enum mm_meminfo_item {
	MM_MI_TOTAL,       /* totalram_pages */
	MM_MI_FREE,        /* NR_FREE_PAGES */
	MM_MI_HIGH_TOTAL,  /* totalhigh_pages */
	MM_MI_CACHED,      /* NR_FILE_PAGES (buffers included: no separate count here) */
	MM_MI_ANON,        /* NR_ANON_MAPPED / NR_ANON_PAGES */
	MM_MI_SHMEM,       /* NR_SHMEM */
	MM_MI_SLAB_RECLAIMABLE,
	MM_MI_SLAB_UNRECLAIMABLE,
	MM_MI_NR
};

struct mm_meminfo {
	int64_t v[MM_MI_NR];  /* pages */
	int valid[MM_MI_NR];
	struct mm_err err[MM_MI_NR];
};

const char *mm_meminfo_name(enum mm_meminfo_item i); /* the /proc/meminfo label */
/* Reads every item it can; an item the kernel does not have is left invalid with its error. */
void mm_meminfo_read(struct mm_kernel *k, struct mm_meminfo *mi);

#endif
