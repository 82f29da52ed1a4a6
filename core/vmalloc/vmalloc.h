/* vmalloc space from the kernel's own bookkeeping: every area of every generation's lists
 * (vmlist, vmap_area_list, vmap_nodes), lazily freed areas, the free-area list where the
 * kernel keeps one, the gaps between areas, and the allocator's fit test. Plain data out;
 * no printing. */
#ifndef MM_VMALLOC_H
#define MM_VMALLOC_H
#include "../kernel.h"

/* How this kernel keeps vmap_area state (mm/vmalloc.c, private flags). */
enum mm_va_gen {
	MM_VA_GEN_VMLIST,      /* <= 3.9: vm_struct.next list only */
	MM_VA_GEN_FLAGS_LIST,  /* 3.4-4.4 with vmap_area_list: flags, purge_list a list_head */
	MM_VA_GEN_FLAGS_LLIST, /* 4.9-5.3: flags, purge_list is an llist_node */
	MM_VA_GEN_NOFLAGS,     /* 5.4-6.2: no flags; vm == NULL is vm_map_ram */
	MM_VA_GEN_VMAP_RAM,    /* 6.3-6.8: flags = VMAP_RAM | VMAP_BLOCK */
	MM_VA_GEN_NODES,       /* 6.9+: vmap_nodes[].busy / .lazy / .pool */
};

enum mm_va_state {
	MM_VA_LIVE,       /* a vm_struct: vmalloc, vmap, ioremap, module */
	MM_VA_STATIC,     /* live, an ARM static mapping (iotable_init) */
	MM_VA_VM_MAP_RAM, /* vm_map_ram / vmap block: no vm_struct */
	MM_VA_LAZY,       /* freed, waiting for the lazy purge ("unpurged vm_area") */
	MM_VA_SETUP,      /* reserved, vm_struct not attached yet */
	MM_VA_POOLED,     /* 6.9+: a free area cached in a vmap_node pool */
	MM_VA_NSTATES
};
extern const char *const mm_va_state_name[MM_VA_NSTATES];

struct mm_vmalloc_area {
	kva_t start, end;     /* [start, end): the vmap_area range, guard page included */
	uint32_t size;        /* end - start */
	uint32_t flags;       /* vm_struct.flags (0 without a vm_struct) */
	uint32_t va_flags;    /* vmap_area.flags as read (0 where the member is absent) */
	kva_t caller;
	uint32_t nr_pages;
	phys_t phys_addr;
	kva_t pages;          /* struct page ** */
	kva_t vm;             /* vm_struct address, 0 if none */
	kva_t va;             /* vmap_area address, 0 on vmlist kernels */
	enum mm_va_state state;
	int vm_bad;           /* vm pointer set but the vm_struct could not be used */
	uint32_t seq;         /* order the kernel's lists gave (the areas are sorted by start) */
};

struct mm_vmalloc_gap {
	kva_t start, end;     /* [start, end) */
};

/* Something wrong that did not stop the walk: bad vm pointer, overlap, free list mismatch. */
struct mm_vmalloc_problem {
	int code;             /* MM_ECORRUPT, MM_EREAD, ... */
	kva_t where;
	char msg[160];
};

struct mm_vmalloc {
	enum mm_va_gen gen;
	struct mm_vmalloc_area *area; /* sorted by start */
	size_t narea;
	/* The kernel's free-area list (free_vmap_area_list, 5.2+), sorted by start. */
	int has_free_list;
	struct mm_vmalloc_gap *kfree;
	size_t nkfree;
	struct mm_vmalloc_problem *prob;
	size_t nprob;
	size_t nprob_more;    /* problems past the cap, summed up in a last "... and N more" */
	/* A purge in flux at the panic: lazily freed ranges on no list the dump reaches (a
	 * purge's private list), told apart from corruption by vmap_lazy_nr. They are in area[]
	 * as MM_VA_LAZY with va 0. */
	uint32_t purging_ranges;
	uint64_t purging_pages;
	size_t cap_area, cap_kfree, cap_prob;
};

/* Walks everything the generation keeps. Returns MM_OK, or the error that stopped a list walk
 * (err names it); what was collected before the error stays in v. Free with mm_vmalloc_free. */
int mm_vmalloc_read(struct mm_kernel *k, struct mm_vmalloc *v, struct mm_err *err);
void mm_vmalloc_free(struct mm_vmalloc *v);
enum mm_va_gen mm_vmalloc_va_gen(struct mm_kernel *k);

/* The usable end of an area: its end less the guard page (none for vm_map_ram, VM_NO_GUARD). */
kva_t mm_vmalloc_guard_start(const struct mm_kernel *k, const struct mm_vmalloc *v,
			     const struct mm_vmalloc_area *a);

/* Gaps of [lo, hi) not covered by any area (v->area in address order, as mm_vmalloc_read
 * leaves it: the walk stops at the first area past hi); areas in `free_states` (a bit mask of
 * 1 << enum mm_va_state) count as free. Returns the count, gaps malloc'd in *out, -1 no memory. */
long mm_vmalloc_gaps(const struct mm_vmalloc *v, kva_t lo, kva_t hi, unsigned free_states,
		     struct mm_vmalloc_gap **out);

/* Where an address falls. */
enum mm_vmalloc_where { MM_VM_OUTSIDE, MM_VM_AREA, MM_VM_GUARD, MM_VM_HOLE };
struct mm_vmalloc_lookup {
	enum mm_vmalloc_where where;
	const struct mm_vmalloc_area *area; /* AREA / GUARD: the area */
	uint32_t offset;                    /* AREA: from start; GUARD: bytes past the usable end */
	uint32_t page_index;                /* AREA: page within the area */
	const struct mm_vmalloc_area *below, *above; /* HOLE: the neighbours (may be NULL) */
	kva_t hole_start, hole_end;
};
/* Looks addr up among the areas; range [lo, hi) bounds a hole with no neighbour. */
void mm_vmalloc_lookup(const struct mm_kernel *k, const struct mm_vmalloc *v, kva_t addr,
		       struct mm_vmalloc_lookup *r);

/* Would an allocation fit, as __get_vm_area_node / alloc_vmap_area decide: size page-aligned,
 * plus a guard page unless MM_FIT_NO_GUARD, placed at the lowest aligned address of the first
 * gap of [vstart, vend) that holds it. With MM_FIT_AUGMENTED (5.2+: the free areas are an
 * rb-tree augmented with each subtree's largest free size) and align above PAGE_SIZE,
 * find_vmap_lowest_match only descends into subtrees holding a gap of need + align - 1: only
 * such a gap is sure to be found (the root's own gap may still serve: not modelled). */
enum { MM_FIT_NO_GUARD = 1, MM_FIT_AUGMENTED = 2 };
struct mm_vmalloc_fit {
	uint64_t need;          /* bytes searched for: aligned size + guard */
	uint64_t align;
	uint64_t search_len;    /* MM_FIT_AUGMENTED, align > PAGE_SIZE: need + align - 1; else 0 */
	int fits;
	kva_t addr;             /* fits: where it would go */
	struct mm_vmalloc_gap gap; /* fits: the lowest fitting gap; else the largest */
	uint64_t usable;        /* usable bytes of that gap at this alignment */
	uint64_t missing;       /* !fits: need - usable of the largest gap */
};
int mm_vmalloc_fit(const struct mm_kernel *k, const struct mm_vmalloc_gap *gaps, long ngaps,
		   uint64_t size, uint64_t align, unsigned opts, kva_t vstart, kva_t vend,
		   struct mm_vmalloc_fit *f);
/* The alignment __get_vm_area_node gives a VM_IOREMAP request of size bytes (ARM passes
 * PAGE_ALIGN(offset + size)): 1 << clamp(order, PAGE_SHIFT, IOREMAP_MAX_ORDER), order being
 * fls(size) up to 4.8 (which doubles a power of two) and get_count_order_long(size) from 4.9;
 * ARM's IOREMAP_MAX_ORDER is 24 (16 MB) up to 4.4 and later on !SMP && !LPAE, else the
 * generic 7 + PAGE_SHIFT. */
uint64_t mm_vmalloc_ioremap_align(struct mm_kernel *k, const struct mm_vmalloc *v, uint64_t size);

/* Statistics of one range. */
#define MM_VMALLOC_HIST 33
struct mm_vmalloc_stats {
	kva_t lo, hi;
	uint64_t total;
	uint64_t bytes[MM_VA_NSTATES];
	uint32_t count[MM_VA_NSTATES];
	uint64_t free;
	uint32_t ngaps;
	struct mm_vmalloc_gap largest;
	uint32_t hist[MM_VMALLOC_HIST]; /* gaps with 2^i <= size < 2^(i+1) */
	uint64_t hist_bytes[MM_VMALLOC_HIST]; /* and their bytes */
	double frag;                    /* 1 - largest / free; 0 when nothing is free */
};
int mm_vmalloc_stats(const struct mm_vmalloc *v, kva_t lo, kva_t hi, struct mm_vmalloc_stats *s);

/* Callers of live areas, aggregated. */
struct mm_vmalloc_caller {
	kva_t caller;
	uint64_t bytes;
	uint32_t count;
};
/* Sorted by bytes (by_count 0) or count; returns the number, array malloc'd, -1 no memory. */
long mm_vmalloc_callers(const struct mm_vmalloc *v, kva_t lo, kva_t hi, int by_count,
			struct mm_vmalloc_caller **out);
/* Sorts them again, by bytes (by_count 0) or count: both orders from one count. */
void mm_vmalloc_callers_sort(struct mm_vmalloc_caller *c, long n, int by_count);

/* The caller as %pS prints it: "name+0x1c/0x90", the size found as kallsyms does (the distance
 * to the next symbol), or "0x%x" when no symbol covers it. */
const char *mm_vmalloc_caller_ps(struct mm_kernel *k, kva_t addr, char *buf, size_t len);

#endif
