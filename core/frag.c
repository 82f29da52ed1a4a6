/* The kernel's own arithmetic on free areas (mm/vmstat.c, mm/page_alloc.c), reproduced so the
 * numbers match what debugfs extfrag/{unusable_index,extfrag_index} and the allocator saw. */
#include "page_alloc.h"

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
	if (!ci->free_pages)
		return 1000;
	return (int)((ci->free_pages - (ci->free_blocks_suitable << order)) * 1000ULL / ci->free_pages);
}

/* Only meaningful when the allocation would fail: towards 0 the failure is lack of memory,
 * towards 1000 it is fragmentation. -1000 when a suitable block exists. */
int mm_fragmentation_index(int order, const struct mm_contig_info *ci)
{
	uint64_t requested = 1ULL << order;

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

/* Is there a block of at least `order` on a list this allocation may take from? */
static int suitable_block(const struct mm_zones *z, const struct mm_zone *zone, int order,
			  const uint64_t (*blocks)[MM_MAX_MIGRATETYPES])
{
	for (int o = order; o < z->norders; o++) {
		if (!zone->nr_free[o])
			continue;
		if (!blocks)
			return 1;
		for (int mt = 0; mt < z->nmt; mt++) {
			int usable = z->mt_pcptypes >= 0 ? mt < z->mt_pcptypes
				: mt != z->mt_highatomic && mt != z->mt_cma && mt != z->mt_isolate;
			if (usable && blocks[o][mt])
				return 1;
		}
	}
	return 0;
}

int mm_watermark_ok(const struct mm_zones *z, const struct mm_zone *zone, int order, uint64_t mark,
		    int classzone, const uint64_t (*blocks)[MM_MAX_MIGRATETYPES], const char **why)
{
	int64_t free = zone->free_pages >= 0 ? zone->free_pages
		: (int64_t)mm_zone_free_buddy(zone, z->norders);
	int64_t min = (int64_t)mark, reserve = 0;

	if (classzone >= 0 && classzone < zone->nreserve)
		reserve = zone->lowmem_reserve[classzone];
	free -= ((int64_t)1 << order) - 1;
	if (z->wmark_order0_only) /* no ALLOC_HARDER, no ALLOC_CMA */
		free -= (int64_t)zone->reserved_highatomic + zone->free_cma;
	if (free - (z->wmark_order0_only ? 0 : zone->free_cma) <= min + reserve) {
		*why = "free pages at or below the watermark plus lowmem reserve";
		return 0;
	}
	if (!order) {
		*why = "order-0 watermark met";
		return 1;
	}
	if (z->wmark_order0_only) { /* 4.4+: one suitable block on an allowed list is enough */
		int ok = suitable_block(z, zone, order, blocks);
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
