/* Where MemTotal went, from the kernel's own counters: free, per-CPU free lists, page cache,
 * shmem, anon, slab, kernel stacks, page tables, vmalloc, per-CPU areas, zsmalloc, and the
 * remainder no counter explains (what a driver's alloc_pages leak looks like). */
#ifndef MM_ACCOUNTING_H
#define MM_ACCOUNTING_H
#include "kernel.h"

enum mm_acct_item {
	MM_ACCT_FREE,        /* NR_FREE_PAGES */
	MM_ACCT_PCP,         /* pages on the zones' per-CPU free lists (not in NR_FREE_PAGES) */
	MM_ACCT_FILE,        /* NR_FILE_PAGES - NR_SHMEM - NR_SWAPCACHE */
	MM_ACCT_SHMEM,       /* NR_SHMEM */
	MM_ACCT_ANON,        /* NR_ANON_MAPPED / NR_ANON_PAGES */
	MM_ACCT_SLAB_RECL,
	MM_ACCT_SLAB_UNRECL,
	MM_ACCT_KSTACK,      /* NR_KERNEL_STACK_KB */
	MM_ACCT_PGTABLE,     /* NR_PAGETABLE (+ NR_SECONDARY_PAGETABLE) */
	MM_ACCT_VMALLOC,     /* nr_vmalloc_pages, vmap'd kernel stacks taken out */
	MM_ACCT_PERCPU,      /* per-CPU chunks past the first (the first is memblock: reserved) */
	MM_ACCT_ZSPAGES,     /* NR_ZSPAGES: zsmalloc (zram, zswap) */
	MM_ACCT_MISC,        /* NR_KERNEL_MISC_RECLAIMABLE */
	MM_ACCT_NR
};
extern const char *const mm_acct_item_name[MM_ACCT_NR];
extern const char *const mm_acct_item_key[MM_ACCT_NR];

struct mm_accounting {
	int64_t total;               /* MemTotal (pages), -1 unknown */
	int64_t v[MM_ACCT_NR];       /* pages */
	int known[MM_ACCT_NR];
	struct mm_err err[MM_ACCT_NR];
	int64_t explained;           /* sum of the known items */
	int64_t remainder;           /* total - explained (valid when total >= 0) */
	int64_t reserved;            /* present - managed over the zones: outside MemTotal, -1 */
	int64_t cma_total, cma_free; /* -1 unknown */
	int64_t percpu_all;          /* the kernel's Percpu: populated pages x units, -1 */
	int vmap_stack;              /* kernel stacks are vmalloc areas (task_struct.stack_vm_area) */
};

void mm_accounting_read(struct mm_kernel *k, struct mm_accounting *a);
/* A remainder worth saying: over 2% of MemTotal and 4 MiB. */
int mm_accounting_remainder_large(const struct mm_kernel *k, const struct mm_accounting *a);

#endif
