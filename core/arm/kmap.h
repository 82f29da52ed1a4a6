/* Highmem windows: pkmap (kmap) slots and fixmap slots (kmap_atomic / kmap_local per CPU,
 * early console, text poke, early ioremap), named the way each generation numbers them. */
#ifndef MM_ARM_KMAP_H
#define MM_ARM_KMAP_H
#include "../kernel.h"

/* ---- fixmap ---- */

struct mm_fixmap_scheme {
	int have_enum;         /* enum fixed_addresses (3.19+) */
	long kmap_begin, kmap_end; /* FIX_KMAP_BEGIN/END, inclusive */
	long per_cpu;          /* kmap slots per CPU: KM_TYPE_NR (<= 5.10) or KM_MAX_IDX (5.11+) */
	long nr_cpus;          /* NR_CPUS the enum was sized with */
	long earlycon, text_poke0, text_poke1, btmap_end, btmap_begin; /* -1 when absent */
	/* kmap slots in use per CPU: slots at or above the depth still mapped are stale (ARM
	 * clears no PTE at kunmap_atomic before 5.11 without DEBUG_HIGHMEM). -1: unknown. */
	int depth[MM_MAX_CPUS];
	const char *depth_from; /* "__kmap_atomic_idx", "kmap_ctrl.idx of rq->curr", NULL */
	char depth_why[96];     /* why the depths are unknown, when they are */
};

struct mm_fixmap_slot {
	long idx;
	kva_t va;
	const char *what;  /* "kmap", "earlycon", "text poke", "early ioremap", "fixmap" */
	int cpu, nest;     /* kmap: which CPU and which nesting level (type / kmap_local idx) */
	int stale;         /* kmap: 1 above the CPU's depth (unused, PTE left), 0 in use, -1 unknown */
	char name[48];     /* "kmap cpu 0 #1", "earlycon", "text poke 0", "fixmap 12" */
};

void mm_fixmap_scheme(struct mm_kernel *k, struct mm_fixmap_scheme *s);
/* Fixmap index of va (-1 outside the fixmap) and the address of an index. */
long mm_fixmap_index(const struct mm_kernel *k, kva_t va);
kva_t mm_fixmap_addr(const struct mm_kernel *k, long idx);
/* Names the slot at va. Returns 0, or -1 when va is not in the fixmap. */
int mm_fixmap_slot(struct mm_kernel *k, const struct mm_fixmap_scheme *s, kva_t va,
		   struct mm_fixmap_slot *out);

/* ---- pkmap ---- */

struct mm_pkmap_slot {
	unsigned nr;
	kva_t va;
	int count;          /* pkmap_count[nr]: 0 free, 1 unused but needs a flush, n: n-1 users */
	int mapped;         /* the PTE is present */
	phys_t pa;
	uint64_t pfn;
	kva_t page;         /* struct page from the PTE (FLATMEM), 0 unknown */
	kva_t htable_page;  /* struct page page_address_htable gives for va, 0 none */
};

struct mm_pkmap {
	unsigned n;                 /* LAST_PKMAP */
	struct mm_pkmap_slot *slot; /* n slots */
	int have_htable;            /* page_address_htable was walked */
	unsigned htable_entries;    /* page_address_map entries found */
	unsigned htable_stray;      /* entries whose virtual is no pkmap slot */
	int nerrors;
	struct mm_err errors[4];    /* parts that could not be read (the rest is filled) */
};

/* Reads pkmap_count, the pkmap PTE page and page_address_htable. MM_EABSENT without HIGHMEM. */
int mm_pkmap_read(struct mm_kernel *k, struct mm_pkmap *p, struct mm_err *err);
void mm_pkmap_free(struct mm_pkmap *p);


#endif
