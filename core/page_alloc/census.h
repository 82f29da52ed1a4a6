/* Every struct page of the zones classified (page_kind.c), with the pages vmalloc areas own
 * told apart: what each page of RAM is, counted, and the allocated pages nothing owns kept as
 * pfn runs and grouped by the struct page state they share (a driver leaking alloc_pages
 * shows up there). */
#ifndef MM_CENSUS_H
#define MM_CENSUS_H
#include "../kernel.h"

enum mm_census_class {
	MM_CEN_FREE,       /* buddy free blocks */
	MM_CEN_PCP,        /* refcount 0, not buddy: per-CPU lists, being freed */
	MM_CEN_FILE,       /* page cache, shmem excluded */
	MM_CEN_SHMEM,      /* file mapping with PG_swapbacked */
	MM_CEN_ANON,
	MM_CEN_SLAB,
	MM_CEN_PGTABLE,
	MM_CEN_VMALLOC,    /* a page of a vmalloc area (vm_struct.pages) */
	MM_CEN_MOVABLE,    /* movable_ops mapping: zsmalloc, balloon */
	MM_CEN_RESERVED,   /* PG_reserved: not in MemTotal */
	MM_CEN_KERNEL,     /* allocated, no owner in struct page or vmalloc */
	MM_CEN_UNREADABLE,
	MM_CEN_NCLASSES
};
extern const char *const mm_census_class_name[MM_CEN_NCLASSES];

#define MM_CENSUS_RUNS 16
#define MM_CENSUS_SIGS 8

/* A run of MM_CEN_KERNEL pages, and a struct page state many of them share. */
struct mm_census_run {
	uint64_t start, end;       /* pfns [start, end) */
};
struct mm_census_sig {
	uint32_t flags;            /* page->flags without the zone/node/section bits */
	int32_t refcount;
	int compound;              /* part of a compound page */
	uint64_t pages;
	uint64_t first_pfn;
};

struct mm_census {
	uint64_t pages[MM_CEN_NCLASSES];
	uint64_t scanned;
	int vmalloc_known;         /* vmalloc areas were read (else their pages count as kernel) */
	char vmalloc_err[160];
	uint32_t flags_mask;       /* the page->flags bits compared in signatures */
	struct mm_census_run run[MM_CENSUS_RUNS]; /* the longest runs, longest first */
	int nruns;
	uint64_t total_runs;
	struct mm_census_sig sig[MM_CENSUS_SIGS]; /* the commonest states, commonest first */
	int nsigs;
	uint64_t sigs_dropped;     /* pages whose state did not fit the table */
};

/* Scans the struct pages of every zone. MM_OK, or the error that stopped it (the counts
 * gathered before it stay). */
int mm_census_read(struct mm_kernel *k, struct mm_census *c, struct mm_err *err);

#endif
