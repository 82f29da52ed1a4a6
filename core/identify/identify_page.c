/* `mmview addr`: what the page behind an address is, from its struct page. Said as "likely"
 * where struct page alone cannot name the allocator (an allocated page has no owner field). */
#include "identify.h"
#include "../page_alloc/memmap.h"
#include "../page_alloc/page.h"
#include "../page_alloc/page_alloc.h"
#include <stdio.h>
#include <string.h>

static enum mm_confidence confidence_of(enum mm_page_kind kind)
{
	switch (kind) {
	case MM_PAGE_FREE:
	case MM_PAGE_SLAB:
	case MM_PAGE_RESERVED:
		return MM_SURE;
	case MM_PAGE_UNKNOWN:
		return MM_UNKNOWN;
	default:
		return MM_LIKELY;
	}
}

void mm_identify_page(struct mm_kernel *k, struct mm_ident *id)
{
	const struct mm_memmap *m = mm_memmap(k);
	struct mm_page_info pi;
	struct mm_err err = { 0 };
	struct mm_owner *o;

	if (!id->translated)
		return;
	if (!m) {
		mm_err_set(&err, MM_EUNSUPPORTED, "the memory map could not be resolved");
		mm_id_error(id, &err, "page");
		return;
	}
	if (mm_page_identify(k, m, id->pfn, &pi, &err)) {
		mm_id_error(id, &err, "page");
		return;
	}
	o = mm_id_owner(id, pi.kind == MM_PAGE_FREE ? "free block" : "page", confidence_of(pi.kind));
	if (!o)
		return;
	if (pi.kind == MM_PAGE_FREE) {
		struct mm_zones z;
		char mt[32] = "";
		if (pi.on_list_mt >= 0 && mm_zones_read(k, &z, NULL) == MM_OK &&
		    pi.on_list_mt < MM_MAX_MIGRATETYPES)
			snprintf(mt, sizeof(mt), ", %s list", z.mt_name[pi.on_list_mt]);
		snprintf(o->what, sizeof(o->what), "free: inside an order-%d buddy block at pfn %llx%s",
			 pi.order, (unsigned long long)pi.head_pfn, mt);
	} else if (pi.kind == MM_PAGE_SLAB)
		snprintf(o->what, sizeof(o->what), "slab page of cache %.47s (struct page %x, flags %.100s)",
			 pi.slab_name[0] ? pi.slab_name : "?", pi.page, pi.flag_names);
	else
		snprintf(o->what, sizeof(o->what), "%s page: pfn %llx, struct page %x, refcount %d, mapcount %d, flags %.100s",
			 mm_page_kind_name(pi.kind), (unsigned long long)pi.pfn, pi.page, pi.refcount, pi.mapcount,
			 pi.flag_names[0] ? pi.flag_names : "none");
}
