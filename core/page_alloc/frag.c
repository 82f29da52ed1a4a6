/* The kernel's own arithmetic on free areas (mm/vmstat.c, mm/page_alloc.c), reproduced so the
 * numbers match what debugfs extfrag/{unusable_index,extfrag_index} and the allocator saw. */
#include "page_alloc.h"
#include "gfp.h"
#include <string.h>
#include <stdio.h>

void mm_contig_info(const uint64_t *nr_free, int norders, int order, struct mm_contig_info *ci)
{
	ci->free_pages = ci->free_blocks_total = ci->free_blocks_suitable = 0;
	for (int o = 0; o < norders; o++) {
		ci->free_blocks_total += nr_free[o];
		ci->free_pages += nr_free[o] << o;
		if (o >= order)
			ci->free_blocks_suitable += nr_free[o] << (o - order);
	}
}

/* 0 = all free memory is usable at this order, 1000 = none of it is. */
int mm_unusable_index(int order, const struct mm_contig_info *ci)
{
	if (!ci->free_pages || order < 0 || order >= 64)
		return 1000;
	return (int)((ci->free_pages - (ci->free_blocks_suitable << order)) * 1000ULL / ci->free_pages);
}

/* Only meaningful when the allocation would fail: towards 0 the failure is lack of memory,
 * towards 1000 it is fragmentation. -1000 when a suitable block exists. */
int mm_fragmentation_index(int order, const struct mm_contig_info *ci)
{
	uint64_t requested = order >= 0 && order < 64 ? 1ULL << order : ~0ULL;

	if (!ci->free_blocks_total)
		return 0;
	if (ci->free_blocks_suitable)
		return -1000;
	return 1000 - (int)((1000 + ci->free_pages * 1000ULL / requested) / ci->free_blocks_total);
}

int mm_highest_free_order(const uint64_t *nr_free, int norders)
{
	for (int o = norders - 1; o >= 0; o--)
		if (nr_free[o])
			return o;
	return -1;
}

/* Is there a block of at least `order` on a list this allocation may take from? The
 * MIGRATE_PCPTYPES lists always; CMA with ALLOC_CMA; HighAtomic with ALLOC_HARDER (4.4-6.2)
 * or ALLOC_HIGHATOMIC (6.3+); never Isolate. */
static int suitable_block(const struct mm_zones *z, const struct mm_zone *zone, int order,
			  const uint64_t (*blocks)[MM_MAX_MIGRATETYPES], unsigned flags)
{
	for (int o = order; o < z->norders; o++) {
		if (!zone->nr_free[o])
			continue;
		if (!blocks)
			return 1;
		for (int mt = 0; mt < z->nmt; mt++) {
			int usable = z->mt_pcptypes >= 0 ? mt < z->mt_pcptypes
				: mt != z->mt_highatomic && mt != z->mt_cma && mt != z->mt_isolate;
			usable |= (flags & MM_ALLOC_CMA) && mt == z->mt_cma;
			usable |= (flags & MM_ALLOC_HIGHATOMIC) && mt == z->mt_highatomic;
			if (usable && blocks[o][mt])
				return 1;
		}
	}
	return 0;
}

/* mm/page_alloc.c __zone_watermark_ok of both eras: free pages less the unusable ones
 * (the order's own pages, the highatomic reserve unless the request may use it, free CMA
 * pages unless ALLOC_CMA) against min + lowmem_reserve[classzone], min lowered by
 * ALLOC_HIGH (/2) then ALLOC_HARDER (/4); then the order rule of the era. */
int mm_watermark_ok_flags(const struct mm_zones *z, const struct mm_zone *zone, int order,
			  uint64_t mark, int classzone, const uint64_t (*blocks)[MM_MAX_MIGRATETYPES],
			  unsigned flags, const char **why)
{
	int64_t free = zone->free_pages >= 0 ? zone->free_pages
		: (int64_t)mm_zone_free_buddy(zone, z->norders);
	int64_t min = (int64_t)mark, reserve = 0, cma = (flags & MM_ALLOC_CMA) ? 0 : zone->free_cma;

	if (flags & MM_ALLOC_NO_WATERMARKS) { /* get_page_from_freelist: goto try_this_zone */
		int ok = mm_highest_free_order(zone->nr_free, z->norders) >= order;
		*why = ok ? "no watermarks (__GFP_MEMALLOC) and a block of this order or larger is free"
			  : "no watermarks (__GFP_MEMALLOC) but no free block of this order or larger";
		return ok;
	}
	if (classzone >= 0 && classzone < zone->nreserve)
		reserve = zone->lowmem_reserve[classzone];
	free -= ((int64_t)1 << order) - 1;
	if (flags & MM_ALLOC_HIGH)
		min -= min / 2;
	if (flags & MM_ALLOC_HARDER)
		min -= min / 4;
	if (z->wmark_order0_only) { /* 4.4+ */
		if (!(flags & MM_ALLOC_RESERVES))
			free -= (int64_t)zone->reserved_highatomic;
		free -= cma;
		cma = 0;
	}
	if (free - cma <= min + reserve) {
		*why = "free pages at or below the watermark plus lowmem reserve";
		return 0;
	}
	if (!order) {
		*why = "order-0 watermark met";
		return 1;
	}
	if (z->wmark_order0_only) { /* 4.4+: one suitable block on an allowed list is enough */
		int ok = suitable_block(z, zone, order, blocks, flags);
		*why = ok ? "watermark met and a suitable block is free"
			  : "watermark met but no free block of this order or larger";
		return ok;
	}
	/* <= 4.3: pages in blocks below the order do not count, and the mark halves per order. */
	for (int o = 0; o < order && o < z->norders; o++) {
		free -= (int64_t)(zone->nr_free[o] << o);
		min >>= 1;
		if (free <= min) {
			*why = "too few free pages in blocks of this order or larger (<= 4.3 rule)";
			return 0;
		}
	}
	*why = "watermark met at every order (<= 4.3 rule)";
	return 1;
}

int mm_watermark_ok(const struct mm_zones *z, const struct mm_zone *zone, int order, uint64_t mark,
		    int classzone, const uint64_t (*blocks)[MM_MAX_MIGRATETYPES], const char **why)
{
	return mm_watermark_ok_flags(z, zone, order, mark, classzone, blocks, 0, why);
}

#define PAGE_ALLOC_COSTLY_ORDER 3

void mm_order_verdict_flags(const struct mm_zones *z, const struct mm_zone *zone, int order,
			    int classzone, const uint64_t (*lists)[MM_MAX_MIGRATETYPES],
			    uint32_t threshold, unsigned fast, unsigned slow, struct mm_order_verdict *v)
{
	int cz = classzone >= 0 ? classzone : zone->idx;

	/* Orders come from the log and the command line: no arithmetic on one the zone lacks. */
	if (order < 0 || order >= z->norders || order >= MM_MAX_ORDERS) {
		memset(v, 0, sizeof(*v));
		v->order = order;
		v->threshold = threshold;
		v->why_min = v->why_low = "order beyond the largest buddy order";
		v->cause = MM_ORDER_TOO_BIG;
		snprintf(v->text, sizeof(v->text), "fail: order beyond the largest buddy order");
		return;
	}

	struct mm_contig_info ci;

	memset(v, 0, sizeof(*v));
	v->order = order;
	v->threshold = threshold;
	mm_contig_info(zone->nr_free, z->norders, order, &ci);
	v->suitable_blocks = ci.free_blocks_suitable;
	v->frag = mm_fragmentation_index(order, &ci);
	v->unusable = mm_unusable_index(order, &ci);
	v->ok_min = mm_watermark_ok_flags(z, zone, order, mm_zone_wmark(zone, MM_WMARK_MIN), cz, lists,
					  slow, &v->why_min);
	v->ok_low = mm_watermark_ok_flags(z, zone, order, mm_zone_wmark(zone, MM_WMARK_LOW), cz, lists,
					  fast, &v->why_low);
	if (order >= z->norders) {
		v->cause = MM_ORDER_TOO_BIG;
		snprintf(v->text, sizeof(v->text), "fail: order beyond the largest buddy order");
	} else if (v->ok_low) {
		v->cause = MM_ORDER_SUCCEEDS;
		snprintf(v->text, sizeof(v->text), "succeed (fast path: low watermark met)");
	} else if (v->ok_min) {
		v->cause = MM_ORDER_SUCCEEDS_KSWAPD;
		snprintf(v->text, sizeof(v->text), "succeed after waking kswapd (min watermark met)");
	} else if (!ci.free_blocks_suitable) { /* no block big enough: compaction's question */
		int frag = v->frag > (int)threshold;
		/* 4.9+ compaction_suitable: the index gates compaction above order 3 only */
		int costly_only = z->compact_costly_only && order > 0 && order <= PAGE_ALLOC_COSTLY_ORDER;
		v->cause = frag ? MM_ORDER_FRAGMENTATION : MM_ORDER_NO_MEMORY;
		snprintf(v->text, sizeof(v->text),
			 "fail: %s (no free block >= order %d; fragmentation index %.3f %s extfrag_threshold %.3f%s)",
			 frag ? "fragmentation" : "lack of memory", order, v->frag / 1000.0, frag ? ">" : "<=",
			 threshold / 1000.0,
			 costly_only ? "; at order <= 3 compaction runs whatever the index: the threshold "
				       "applies above PAGE_ALLOC_COSTLY_ORDER only" : "");
	} else if (v->why_min && strstr(v->why_min, "no free block")) {
		v->cause = MM_ORDER_RESERVED;
		snprintf(v->text, sizeof(v->text),
			 "fail: the only free blocks of this order or larger are on reserved lists (HighAtomic/CMA/Isolate)");
	} else {
		v->cause = MM_ORDER_NO_MEMORY;
		snprintf(v->text, sizeof(v->text),
			 "fail: lack of memory (free pages at or below min watermark + lowmem reserve)");
	}
}

void mm_order_verdict(const struct mm_zones *z, const struct mm_zone *zone, int order, int classzone,
		      const uint64_t (*lists)[MM_MAX_MIGRATETYPES], uint32_t threshold,
		      struct mm_order_verdict *v)
{
	mm_order_verdict_flags(z, zone, order, classzone, lists, threshold, 0, 0, v);
}

uint32_t mm_extfrag_threshold(struct mm_kernel *k)
{
	uint32_t t = 500;
	mm_read_sym_u32(k, "sysctl_extfrag_threshold", &t, NULL);
	return t;
}

int mm_gfp_classzone(const struct mm_zones *z, uint32_t gfp)
{
	int normal = z->zt_normal;

	if ((gfp & 0x2) && (gfp & 0x8))
		return z->zt_movable >= 0 ? z->zt_movable : z->zt_highmem >= 0 ? z->zt_highmem : normal;
	if (gfp & 0x2)
		return z->zt_highmem >= 0 ? z->zt_highmem : normal; /* OPT_ZONE_HIGHMEM */
	if (gfp & 0x1)
		return z->zt_dma >= 0 ? z->zt_dma : normal;         /* OPT_ZONE_DMA */
	return normal;
}
