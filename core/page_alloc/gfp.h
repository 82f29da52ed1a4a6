/* The gfp mask of a failed allocation as the kernel that failed it reads it: its bit layout
 * (which moved across generations), the class zone gfp_zone() picks, and the allocation
 * flags gfp_to_alloc_flags() and the fast path give the watermark check. */
#ifndef MM_GFP_H
#define MM_GFP_H
#include "../kernel.h"

/* How the allocator turns "cannot block" into reserve access (mm/page_alloc.c). */
enum mm_gfp_era {
	MM_GFP_ERA_WAIT,     /* <= 4.3: atomic = !(__GFP_WAIT | __GFP_NO_KSWAPD) -> ALLOC_HARDER */
	MM_GFP_ERA_ATOMIC,   /* 4.4 - 6.3: __GFP_ATOMIC -> ALLOC_HARDER (+ highatomic reserve) */
	MM_GFP_ERA_NONBLOCK, /* 6.4+: !__GFP_DIRECT_RECLAIM -> ALLOC_NON_BLOCK (6.3's rules) */
};

/* The bits that matter here (0: the kernel has no such bit). */
struct mm_gfp_bits {
	uint32_t dma, highmem, movable, reclaimable, high, wait, no_kswapd, atomic, direct_reclaim,
		 memalloc, nomemalloc;
	enum mm_gfp_era era;
	const char *how;     /* where the layout came from, for reports */
};
/* From the debug info's ___GFP_*_BIT enumerators (6.10+), else the dump's own gfpflag_names[]
 * (4.6+, what %pGg prints from), else the generation's table chosen by probes. */
void mm_gfp_bits(struct mm_kernel *k, struct mm_gfp_bits *b);

/* Allocation flags as __zone_watermark_ok applies them. */
enum {
	MM_ALLOC_HIGH = 1 << 0,           /* ALLOC_HIGH / ALLOC_MIN_RESERVE: min -= min / 2 */
	MM_ALLOC_HARDER = 1 << 1,         /* ALLOC_HARDER / +ALLOC_NON_BLOCK: then min -= min / 4 */
	MM_ALLOC_RESERVES = 1 << 2,       /* 4.4+: the highatomic reserve counts as free */
	MM_ALLOC_HIGHATOMIC = 1 << 3,     /* may take blocks from the HighAtomic lists */
	MM_ALLOC_CMA = 1 << 4,            /* ALLOC_CMA: free CMA pages count, CMA lists usable */
	MM_ALLOC_NO_WATERMARKS = 1 << 5,  /* __GFP_MEMALLOC: the slow path skips the watermarks */
};

struct mm_alloc_ctx {
	uint32_t gfp;
	unsigned fast;     /* get_page_from_freelist's first try, ALLOC_WMARK_LOW */
	unsigned slow;     /* gfp_to_alloc_flags, ALLOC_WMARK_MIN */
	char text[160];    /* "ALLOC_HIGH ALLOC_HARDER ALLOC_CMA" for reports ("none") */
};
/* gfp_to_alloc_flags (slow path) and prepare_alloc_pages / alloc_flags_nofragment (fast path:
 * only ALLOC_CMA matters on ARM, which has no ZONE_DMA32 for ALLOC_NOFRAGMENT) of the era. */
void mm_alloc_ctx(const struct mm_gfp_bits *b, uint32_t gfp, int order, struct mm_alloc_ctx *c);
const char *mm_alloc_flags_text(unsigned flags, char *buf, size_t len);

#endif
