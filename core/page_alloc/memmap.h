/* The memory map: pfn <-> struct page <-> physical address <-> lowmem virtual address, for
 * FLATMEM (mem_map) and every SPARSEMEM encoding of mem_section, plus a bulk reader of
 * struct page ranges. Shared by the buddy walker, `mmview page`, `mmview addr` and slab. */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H
#include "../kernel.h"

/* How mem_section is laid out, told apart from the debug info (never the version). */
enum mm_section_kind {
	MM_SECTION_NONE,       /* FLATMEM */
	MM_SECTION_STATIC,     /* SPARSEMEM_STATIC: struct mem_section mem_section[NR][1] */
	MM_SECTION_ROOTS,      /* SPARSEMEM_EXTREME <= 4.14: struct mem_section *mem_section[ROOTS] */
	MM_SECTION_ROOTS_PTR,  /* SPARSEMEM_EXTREME 4.15+: struct mem_section **mem_section */
};

/* Exact division by a divisor known only at run time, as one multiply: d = odd << shift, and
 * inv the inverse of odd modulo 2^32. x is a multiple of d iff its low shift bits are 0 and
 * (x >> shift) * inv <= qmax = UINT32_MAX / odd; the product is then the quotient
 * (multiplying by inv is a bijection that maps the multiples q * odd, q <= qmax, to q, so a
 * non-multiple cannot land at or below qmax). On crash's 32-bit ARM host a division is a
 * library call, and struct page (36 bytes on armmp 6.1) is rarely a power of two. */
struct mm_exact_div {
	unsigned shift;
	uint32_t inv, qmax;
};
static inline void mm_exact_div_init(struct mm_exact_div *d, uint32_t divisor)
{
	uint32_t odd, inv;

	d->shift = divisor ? (unsigned)__builtin_ctz(divisor) : 0;
	odd = divisor >> d->shift;
	inv = odd; /* Newton's iteration: each step doubles the correct low bits (3 -> 48) */
	for (int i = 0; i < 4; i++)
		inv *= 2 - odd * inv;
	d->inv = inv;
	d->qmax = odd ? UINT32_MAX / odd : 0;
}
/* 1 and *q = x / d when d divides x; else 0 */
static inline int mm_exact_div(const struct mm_exact_div *d, uint32_t x, uint32_t *q)
{
	uint32_t y;

	if (!d->qmax || (x & ((1u << d->shift) - 1)))
		return 0;
	y = (x >> d->shift) * d->inv;
	if (y > d->qmax)
		return 0;
	*q = y;
	return 1;
}

struct mm_memmap {
	enum mm_mem_model model;
	long page_size;          /* sizeof(struct page) */
	struct mm_exact_div page_div; /* by page_size */
	uint64_t start_pfn, end_pfn; /* pfns with a struct page: [start, end) */
	/* FLATMEM */
	kva_t mem_map;
	uint64_t pfn_offset;
	/* SPARSEMEM */
	enum mm_section_kind kind;
	kva_t mem_section;       /* symbol address */
	long section_size;       /* sizeof(struct mem_section) */
	long map_off;            /* offsetof(mem_section, section_mem_map) */
	unsigned section_shift;  /* PFN_SECTION_SHIFT = SECTION_SIZE_BITS - PAGE_SHIFT */
	uint64_t nr_sections;    /* NR_MEM_SECTIONS */
	uint64_t per_root;       /* SECTIONS_PER_ROOT */
	uint32_t map_mask;       /* SECTION_MAP_MASK */
};

#define MM_SECTION_HAS_MEM_MAP 0x2u /* bit 1 in every generation */

/* Resolves the memory map of k (no dump reads except the mem_section root pointer). */
int mm_memmap_open(struct mm_kernel *k, struct mm_memmap *m, struct mm_err *err);

/* Decodes a section_mem_map word into the address of the struct page of pfn 0's "virtual"
 * origin: page(pfn) = origin + pfn * sizeof(page). 0 when the section has no mem_map. */
kva_t mm_section_origin(const struct mm_memmap *m, uint32_t section_mem_map);

int mm_pfn_to_page(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn, kva_t *page,
		   struct mm_err *err);
/* The model's memory map, resolved once (NULL when it cannot be: the error is a model note). */
const struct mm_memmap *mm_memmap(struct mm_kernel *k);
/* struct page of pfn through the model's memory map, or 0 when it cannot be known. */
kva_t mm_page_of(struct mm_kernel *k, uint64_t pfn);
int mm_page_to_pfn_slow(struct mm_kernel *k, const struct mm_memmap *m, kva_t page, uint64_t *pfn,
			struct mm_err *err);
/* The pfn of a struct page address; MM_EINVAL (err says why) when it is none. FLATMEM inline:
 * asked for every free block and slab. */
static inline int mm_page_to_pfn(struct mm_kernel *k, const struct mm_memmap *m, kva_t page,
				 uint64_t *pfn, struct mm_err *err)
{
	uint32_t idx;

	if (m->model == MM_FLATMEM && page >= m->mem_map &&
	    mm_exact_div(&m->page_div, page - m->mem_map, &idx) && m->pfn_offset + idx >= m->start_pfn &&
	    m->pfn_offset + idx < m->end_pfn) {
		*pfn = m->pfn_offset + idx;
		return MM_OK;
	}
	return mm_page_to_pfn_slow(k, m, page, pfn, err);
}
static inline phys_t mm_pfn_to_phys(const struct mm_kernel *k, uint64_t pfn)
{
	return (phys_t)pfn << k->page_shift;
}
static inline uint64_t mm_phys_to_pfn(const struct mm_kernel *k, phys_t pa)
{
	return pa >> k->page_shift;
}
/* The lowmem virtual address of pfn: 0, or MM_EUNMAPPED for highmem pfns. */
int mm_pfn_to_lowmem(const struct mm_kernel *k, uint64_t pfn, kva_t *va, struct mm_err *err);

/* Bulk reader: calls fn for every pfn in [start, end) with the struct page read in large
 * chunks; buf is NULL for a page whose struct page could not be read (or has no mem_map).
 * fn returns 0 to go on, > 0 to stop (success), < 0 an error code the walk returns (fn
 * records its own message). */
typedef int (*mm_page_fn)(struct mm_kernel *k, uint64_t pfn, kva_t page, const uint8_t *buf,
			  void *ctx);
int mm_page_range(struct mm_kernel *k, const struct mm_memmap *m, uint64_t start, uint64_t end,
		  mm_page_fn fn, void *ctx, struct mm_err *err);

#endif
