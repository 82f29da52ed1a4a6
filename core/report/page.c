/* `mmview page`: one struct page decoded and what the page is. */
#include "../cmd.h"
#include "../page_alloc/dump_filter.h"
#include "../page_alloc/page.h"
#include "../page_alloc/page_alloc.h"
#include <string.h>

const char *const mm_help_page[] = {
	"mmview page [-p] PFN|ADDR...",
	"      Decodes the struct page: flags by name (enum pageflags), the zone kept in flags,",
	"      refcount, mapcount / page_type, mapping, index, private; and says what the page",
	"      is: a free buddy block (head pfn, order, the migrate type of its free list), on a",
	"      per-cpu free list, slab (with the cache name), page table, page cache, anonymous,",
	"      reserved or other kernel memory. ADDR may be a struct page address, a lowmem",
	"      virtual address, or with -p a physical address; anything else is a pfn (hex).",
	"      On a filtered dump (makedumpfile -d) a page whose own bytes were left out says so:",
	"      \"contents: excluded from the dump (makedumpfile -d 16 drops free pages)\", naming",
	"      the -d class that drops it; its struct page is still in the dump and decoded.",
	"      Example:  crash> mmview page 41a2c",
	"              crash> mmview page -p 4a2c3000",
	NULL,
};

/* pfn of what the user typed: a struct page, a lowmem address, a physical address, a pfn. */
static int resolve(struct mm_kernel *k, const struct mm_memmap *m, uint64_t v, int phys, uint64_t *pfn,
		   struct mm_err *err)
{
	if (phys) {
		*pfn = mm_phys_to_pfn(k, v);
		return MM_OK;
	}
	if (v <= 0xffffffffu && mm_page_to_pfn(k, m, (kva_t)v, pfn, NULL) == MM_OK)
		return MM_OK;
	if (mm_is_lowmem(k, v)) {
		*pfn = mm_phys_to_pfn(k, mm_lowmem_pa(k, (kva_t)v));
		return MM_OK;
	}
	if (v >= m->start_pfn && v < m->end_pfn) {
		*pfn = v;
		return MM_OK;
	}
	return mm_err_set(err, MM_EINVAL, "%llx is neither a pfn, a struct page nor a lowmem address",
			  (unsigned long long)v);
}

static void report(struct mm_kernel *k, struct mm_out *o, const struct mm_memmap *m, uint64_t pfn)
{
	struct mm_page_info pi;
	struct mm_zones z;
	struct mm_err err = { 0 };
	char title[48];
	const char *missing;
	int zone_pfn = -1;

	if (mm_page_identify(k, m, pfn, &pi, &err)) {
		mm_out_error(o, "page", &err);
		return;
	}
	if (mm_zones_read(k, &z, NULL) == MM_OK || z.nr_zones)
		for (int i = 0; i < z.nr_zones; i++)
			if (pfn >= z.zone[i].start_pfn && pfn < z.zone[i].start_pfn + z.zone[i].spanned)
				zone_pfn = i;
	snprintf(title, sizeof(title), "PFN %llx", (unsigned long long)pfn);
	mm_out_item(o, title);
	mm_out_hex(o, "pfn", "pfn", pfn);
	mm_out_hex(o, "page", "struct page", pi.page);
	mm_out_hex(o, "phys", "physaddr", mm_pfn_to_phys(k, pfn));
	{
		kva_t va;
		if (mm_pfn_to_lowmem(k, pfn, &va, NULL) == MM_OK)
			mm_out_hex(o, "vaddr", "lowmem vaddr", va);
		else
			mm_out_null(o, "vaddr", "lowmem vaddr", "- (highmem)");
	}
	if (zone_pfn >= 0)
		mm_out_str(o, "zone", "zone", z.zone[zone_pfn].name);
	if (pi.zone_flags >= 0 && zone_pfn >= 0 && pi.zone_flags != zone_pfn)
		mm_out_note(o, "page->flags says zone %d, the pfn lies in zone %d (%s)", pi.zone_flags,
			    zone_pfn, z.zone[zone_pfn].name);
	mm_out_hex(o, "flags", "flags", pi.flags);
	mm_out_str(o, "flag_names", "flag names", pi.flag_names[0] ? pi.flag_names : "(none)");
	mm_out_i64(o, "refcount", "refcount", pi.refcount);
	mm_out_i64(o, "mapcount", "mapcount", pi.mapcount);
	if (k->off.page_page_type >= 0) {
		mm_out_hex(o, "page_type", "page_type", pi.page_type);
		if (pi.type_name)
			mm_out_str(o, "page_type_name", "page type", pi.type_name);
	}
	mm_out_hex(o, "mapping", "mapping", pi.mapping);
	mm_out_hex(o, "index", "index", pi.index);
	mm_out_hex(o, "private", "private", pi.private);
	mm_out_str(o, "kind", "is", mm_page_kind_name(pi.kind));
	if ((missing = mm_page_contents_missing(k, m, pfn)))
		mm_out_str(o, "contents", "contents", missing);
	if (pi.tail)
		mm_out_hex(o, "compound_head", "compound head pfn", pi.head_pfn);
	if (pi.kind == MM_PAGE_FREE) {
		mm_out_hex(o, "free_head", "free block head", pi.head_pfn);
		if (pi.order >= 0)
			mm_out_i64(o, "order", "order", pi.order);
		else {
			char why[80];
			snprintf(why, sizeof(why), "page->private %x is not a buddy order (corrupt)", pi.private);
			mm_out_null(o, "order", "order", why);
		}
		if (pi.on_list_mt >= 0 && pi.on_list_mt < z.nmt)
			mm_out_str(o, "migratetype", "on free list", z.mt_name[pi.on_list_mt]);
		else
			mm_out_null(o, "migratetype", "on free list", "- (not found on any free list of its order)");
	}
	if (pi.kind == MM_PAGE_SLAB) {
		mm_out_hex(o, "slab_cache", "kmem_cache", pi.slab_cache);
		mm_out_str(o, "slab_name", "cache", pi.slab_name[0] ? pi.slab_name : "?");
	}
	mm_out_end(o);
}

int mm_cmd_page(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	struct mm_argp a;
	struct mm_memmap m;
	struct mm_err err = { 0 };
	int c, phys = 0, n = 0;

	if (mm_memmap_open(k, &m, &err)) {
		mm_out_error(o, "page", &err);
		return 1;
	}
	mm_out_list(o, "pages");
	mm_argp_init(&a, argc, argv);
	while ((c = mm_getopt(&a, "p", NULL)) != MM_ARG_END) {
		uint64_t v, pfn;
		if (c == 'p') {
			phys = 1;
			continue;
		}
		if (c != MM_ARG_POS || mm_parse_addr(k, a.arg, &v, &err) || resolve(k, &m, v, phys, &pfn, &err)) {
			if (c != MM_ARG_POS)
				mm_err_set(&err, MM_EINVAL, "%s", a.err);
			mm_out_error(o, "page", &err);
			continue;
		}
		report(k, o, &m, pfn);
		n++;
	}
	mm_out_end(o);
	if (!n && !mm_out_nerrors(o)) {
		mm_err_set(&err, MM_EINVAL, "no page given: mmview page PFN|ADDR");
		mm_out_error(o, "page", &err);
	}
	return n ? 0 : 1;
}
