/* Every kernel virtual alias of a physical address: the linear map, and whatever the kernel
 * page tables map outside lowmem (vmalloc, ioremap, modules, pkmap, fixmap, vectors). */
#ifndef MM_ARM_PTOV_H
#define MM_ARM_PTOV_H
#include "../kernel.h"

#define MM_MAX_ALIASES 64

struct mm_alias {
	kva_t va;
	uint32_t size; /* bytes the mapping's leaf covers */
	int linear;    /* the lowmem linear map (no page-table entry needed) */
};

struct mm_aliases {
	phys_t pa;
	int n;        /* aliases found; only the first MM_MAX_ALIASES are kept */
	struct mm_alias a[MM_MAX_ALIASES];
	int nbad;     /* page-table pages that could not be read (skipped) */
	struct mm_err bad;
};

/* Scans the page tables of [MODULES_VADDR, PAGE_OFFSET) and [high_memory, 4G), one table page
 * at a time. Returns MM_OK, or the error that stopped the scan (aliases so far are kept). */
int mm_ptov(struct mm_kernel *k, phys_t pa, struct mm_aliases *out, struct mm_err *err);

#endif
