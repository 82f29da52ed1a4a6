/* `mmview buddy`: what /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo and debugfs
 * extfrag/{unusable_index,extfrag_index} would have shown at the moment of the dump, checked
 * against the free lists themselves; --order N says whether such an allocation could succeed. */
#include "../cmd.h"
#include "../page_alloc/page_alloc.h"
#include "../page_alloc/gfp.h"
#include "map.h"
#include <stdlib.h>
#include <string.h>

const char *const mm_help_buddy[] = {
	"mmview buddy [--order N [--gfp MASK]] [--no-verify] [--map] [--svg FILE]",
	"      Per zone: spanned/present/managed pages, free pages (vm_stat NR_FREE_PAGES), the",
	"      min/low/high watermarks (+ watermark_boost), and per order the free blocks, their",
	"      split by migrate type, the unusable-free index and the fragmentation index",
	"      (mm/vmstat.c formulas; fragmentation -1.000 = a block of that order is free).",
	"      Every free list is walked: each entry must be a buddy page of that order in that",
	"      zone, and the lists must add up to free_area.nr_free; any mismatch is reported.",
	"      --order N  could an order-N allocation succeed in each zone now? Applies the",
	"               __zone_watermark_ok check (GFP_KERNEL-like: no HighAtomic or CMA",
	"               reserves) and, if it fails, says whether for lack of memory or",
	"               fragmentation (fragmentation index against extfrag_threshold).",
	"      --gfp MASK  the request's gfp mask (hex, as the log prints it): its class zone",
	"               (gfp_zone) and allocation flags (gfp_to_alloc_flags: ALLOC_HIGH,",
	"               ALLOC_HARDER, the highatomic reserve, ALLOC_CMA) of this kernel.",
	"      --no-verify  read the counters only, do not walk the free lists.",
	"      --map    per zone, its pfns drawn as rows of cells: a digit is the order of the",
	"               largest free block touching the cell (A: 10 or more), from the free lists;",
	"               else what most of its pages are: S slab, P page table, R reserved,",
	"               '#' in use, '-' refcount 0 off the free lists (per-cpu lists), from each",
	"               struct page; a legend. --svg FILE, --width N, --utf8|--ascii, --color as",
	"               for vmalloc --map; with -j --map the cells as data.",
	"      Example:  crash> mmview buddy --order 3",
	"              crash> mmview buddy --map --svg buddy.svg",
	NULL,
};

struct zone_report {
	struct mm_freelists f;
	int walked;
	uint64_t free_listed; /* pages on the free lists that were walked */
};

static void fail(struct mm_out *o, const char *where, int code, const char *msg)
{
	struct mm_err e = { code, "" };
	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	mm_out_error(o, where, &e);
}

static const char *wmark_state(const struct mm_zone *zn)
{
	int64_t f = zn->free_pages;

	if (f < 0 || zn->nwmarks < 3)
		return "unknown";
	if (f <= (int64_t)mm_zone_wmark(zn, MM_WMARK_MIN))
		return "at or below min: only atomic/reserve allocations; direct reclaim and OOM";
	if (f <= (int64_t)mm_zone_wmark(zn, MM_WMARK_LOW))
		return "between min and low: kswapd woken, allocations go to the slow path";
	if (f <= (int64_t)mm_zone_wmark(zn, MM_WMARK_HIGH))
		return "between low and high: kswapd reclaiming";
	return "above high";
}

static void zone_counters(struct mm_out *o, const struct mm_zones *z, const struct mm_zone *zn,
			  const struct zone_report *r)
{
	char buf[96];

	mm_out_hex(o, "addr", "zone", zn->addr);
	mm_out_hex(o, "start_pfn", "start pfn", zn->start_pfn);
	mm_out_u64(o, "spanned", "spanned", zn->spanned);
	mm_out_u64(o, "present", "present", zn->present);
	if (zn->managed >= 0)
		mm_out_u64(o, "managed", "managed", (uint64_t)zn->managed);
	else
		mm_out_null(o, "managed", "managed", "- (no managed_pages before 3.8)");
	if (zn->free_pages >= 0)
		mm_out_i64(o, "nr_free_pages", "free (vm_stat)", zn->free_pages);
	else
		mm_out_null(o, "nr_free_pages", "free (vm_stat)", "- (zone.vm_stat absent)");
	mm_out_u64(o, "free_area_pages", "free (nr_free)", mm_zone_free_buddy(zn, z->norders));
	if (r->walked)
		mm_out_u64(o, "free_list_pages", "free (lists)", r->free_listed);
	if (zn->nwmarks >= 3) {
		mm_out_u64(o, "min", "min", zn->wmark[MM_WMARK_MIN]);
		mm_out_u64(o, "low", "low", zn->wmark[MM_WMARK_LOW]);
		mm_out_u64(o, "high", "high", zn->wmark[MM_WMARK_HIGH]);
		if (zn->has_boost)
			mm_out_u64(o, "boost", "watermark_boost", zn->boost);
		mm_out_str(o, "watermark_state", "watermarks", wmark_state(zn));
	} else
		fail(o, zn->name, MM_EABSENT, "zone.watermark/_watermark not in this kernel's debug info");
	if (mm_out_fmt(o) == MM_FMT_JSON) {
		mm_out_list(o, "lowmem_reserve");
		for (int i = 0; i < zn->nreserve; i++)
			mm_out_i64(o, NULL, NULL, zn->lowmem_reserve[i]);
		mm_out_end(o);
	} else if (zn->nreserve) {
		size_t n = 0;
		buf[0] = 0;
		for (int i = 0; i < zn->nreserve && n < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%lld", i ? " " : "",
					      (long long)zn->lowmem_reserve[i]);
		mm_out_str(o, NULL, "lowmem_reserve", buf);
	}
	if (zn->reserved_highatomic)
		mm_out_u64(o, "nr_reserved_highatomic", "highatomic reserve", zn->reserved_highatomic);
	mm_out_i64(o, "highest_order", "highest free order", mm_highest_free_order(zn->nr_free, z->norders));
}

static void order_table(struct mm_out *o, const struct mm_zones *z, const struct mm_zone *zn,
			const struct zone_report *r)
{
	struct mm_col cols[4 + MM_MAX_MIGRATETYPES + 2];
	int n = 0;

	cols[n++] = (struct mm_col){ "order", "ORDER", MM_COL_U64 };
	cols[n++] = (struct mm_col){ "nr_free", "BLOCKS", MM_COL_U64 };
	cols[n++] = (struct mm_col){ "pages", "PAGES", MM_COL_U64 };
	for (int mt = 0; mt < z->nmt; mt++)
		cols[n++] = (struct mm_col){ z->mt_name[mt], z->mt_name[mt], MM_COL_U64 };
	cols[n++] = (struct mm_col){ "unusable_index", "UNUSABLE", MM_COL_FLOAT };
	cols[n++] = (struct mm_col){ "fragmentation_index", "FRAGINDEX", MM_COL_FLOAT };
	mm_out_table(o, "orders", cols, n);
	for (int ord = 0; ord < z->norders; ord++) {
		struct mm_contig_info ci;

		mm_contig_info(zn->nr_free, z->norders, ord, &ci);
		mm_out_cell_u64(o, (uint64_t)ord);
		mm_out_cell_u64(o, zn->nr_free[ord]);
		mm_out_cell_u64(o, zn->nr_free[ord] << ord);
		for (int mt = 0; mt < z->nmt; mt++)
			if (r->walked && r->f.complete[ord][mt])
				mm_out_cell_u64(o, r->f.blocks[ord][mt]);
			else
				mm_out_cell_null(o);
		mm_out_cell_float(o, mm_unusable_index(ord, &ci) / 1000.0);
		mm_out_cell_float(o, mm_fragmentation_index(ord, &ci) / 1000.0);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
}

static void verification(struct mm_out *o, const struct mm_zone *zn, const struct zone_report *r)
{
	char where[48];

	snprintf(where, sizeof(where), "buddy %s", zn->name);
	mm_out_bool(o, "free_lists_consistent", "free lists ok", r->f.nissues == 0);
	for (int i = 0; i < r->f.nissues; i++)
		fail(o, where, r->f.issue[i].code, r->f.issue[i].msg);
	if (r->f.issues_dropped)
		mm_out_note(o, "%d more free-list problems not shown", r->f.issues_dropped);
}

/* The request of --order / --gfp: its class zone and allocation flags. */
struct order_req {
	int order, classzone;
	int have_gfp;
	struct mm_alloc_ctx ctx;
};

/* Could an order-N allocation succeed here, and if not, why. */
static void order_verdict(struct mm_out *o, const struct mm_zones *z, const struct mm_zone *zn,
			  const struct zone_report *r, const struct order_req *q, uint32_t threshold)
{
	const uint64_t (*lists)[MM_MAX_MIGRATETYPES] = r->walked ? (const uint64_t (*)[MM_MAX_MIGRATETYPES])r->f.blocks : NULL;
	struct mm_order_verdict v;

	mm_order_verdict_flags(z, zn, q->order, q->classzone, lists, threshold, q->ctx.fast, q->ctx.slow, &v);
	mm_out_section(o, "request", NULL);
	mm_out_u64(o, "order", "order", (uint64_t)q->order);
	if (q->have_gfp) {
		mm_out_hex(o, "gfp", "gfp mask", q->ctx.gfp);
		mm_out_str(o, "alloc_flags", "allocation flags", q->ctx.text);
		if (q->classzone >= 0 && zn->idx > q->classzone)
			mm_out_note(o, "above the request's class zone (gfp_zone): the allocator does not try this zone");
	}
	mm_out_u64(o, "suitable_blocks", "blocks >= order", v.suitable_blocks);
	mm_out_bool(o, "watermark_min_ok", "min watermark ok", v.ok_min);
	mm_out_str(o, "watermark_min", "  because", v.why_min);
	mm_out_bool(o, "watermark_low_ok", "low watermark ok", v.ok_low);
	mm_out_str(o, "watermark_low", "  because", v.why_low);
	mm_out_float(o, "unusable_index", "unusable index", v.unusable / 1000.0);
	mm_out_float(o, "fragmentation_index", "frag index", v.frag / 1000.0);
	mm_out_str(o, "verdict", "verdict", v.text);
	/* A verdict on counters the walk just contradicted says so beside it. */
	if (r->walked && (r->f.nissues || r->f.issues_dropped))
		mm_out_str(o, "verdict_caveat", "  caveat",
			   "the free lists contradict the zone counters this verdict uses (problems above)");
	else if (!r->walked)
		mm_out_str(o, "verdict_caveat", "  caveat",
			   "free lists not verified: the verdict trusts the zone counters");
	mm_out_end(o);
}

int mm_cmd_buddy(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_longopt longopts[] = { { "order", 1, 'o' }, { "gfp", 1, 'g' },
						      { "no-verify", 0, 'n' }, MM_MAP_LONGOPTS,
						      { NULL, 0, 0 } };
	struct mm_map_opts mo;
	struct mm_argp a;
	struct mm_zones *z;
	struct mm_memmap m;
	struct mm_err err = { 0 };
	struct zone_report *r;
	int c, order = -1, verify = 1, have_map, rc;
	uint32_t threshold = 500;
	uint64_t gfp = 0;
	int have_gfp = 0;
	struct order_req q = { 0 };

	mm_map_opts_init(&mo);
	mm_argp_init(&a, argc, argv);
	while ((c = mm_getopt(&a, "o:g:n", longopts)) != MM_ARG_END) {
		uint64_t v;
		char *end;
		int mr = mm_map_opt(&mo, c, a.arg, a.err, sizeof(a.err));
		if (mr < 0) {
			fail(o, "buddy", MM_EINVAL, a.err);
			return 1;
		}
		if (mr > 0)
			continue;
		if (c == 'o' && mm_parse_size(a.arg, &v) == 0 && v < 64)
			order = (int)v;
		else if (c == 'g' && (gfp = strtoull(a.arg, &end, 16), end != a.arg) && gfp <= 0xffffffffu)
			have_gfp = 1;
		else if (c == 'n')
			verify = 0;
		else {
			fail(o, "buddy", MM_EINVAL, c == 'o' ? "--order wants a number below 64"
				  : c == 'g' ? "--gfp wants a hex mask (0xcc0)"
				  : c == MM_ARG_POS ? "unexpected argument" : a.err);
			return 1;
		}
	}
	mm_map_divert(o, &mo);
	z = calloc(1, sizeof(*z));
	r = calloc(1, sizeof(*r));
	if (!z || !r) {
		free(z);
		free(r);
		fail(o, "buddy", MM_ENOMEM, "out of memory");
		return 1;
	}
	rc = mm_zones_read(k, z, &err);
	if (rc && !z->nr_zones) {
		mm_out_error(o, "buddy", &err);
		free(z);
		free(r);
		return 1;
	}
	if (rc)
		mm_out_error(o, "buddy", &err);
	if (mm_map_wanted(&mo)) {
		if (mm_memmap_open(k, &m, &err) == MM_OK)
			mm_map_buddy_emit(k, o, &mo, z, &m);
		else
			mm_out_error(o, "buddy: memory map", &err);
		free(z);
		free(r);
		return 0;
	}
	have_map = verify && mm_memmap_open(k, &m, &err) == MM_OK;
	if (verify && !have_map)
		mm_out_error(o, "buddy: memory map", &err);
	threshold = mm_extfrag_threshold(k);
	q.order = order;
	q.classzone = -1;
	if (have_gfp && order >= 0) {
		struct mm_gfp_bits bits;
		mm_gfp_bits(k, &bits);
		mm_alloc_ctx(&bits, (uint32_t)gfp, order, &q.ctx);
		q.classzone = mm_gfp_classzone(z, (uint32_t)gfp);
		q.have_gfp = 1;
	}

	mm_out_u64(o, "nr_zones", "nr_zones", (uint64_t)z->nr_zones);
	mm_out_u64(o, "orders", "orders", (uint64_t)z->norders);
	mm_out_list(o, "zones");
	for (int i = 0; i < z->nr_zones; i++) {
		const struct mm_zone *zn = &z->zone[i];
		char title[64];

		snprintf(title, sizeof(title), "ZONE %d: %s%s", i, zn->name, zn->spanned ? "" : "  [unpopulated]");
		mm_out_item(o, title);
		mm_out_u64(o, "index", NULL, (uint64_t)i);
		mm_out_str(o, "name", NULL, zn->name);
		if (!zn->spanned) {
			mm_out_u64(o, "spanned", NULL, 0);
			mm_out_end(o);
			continue;
		}
		memset(r, 0, sizeof(*r));
		if (have_map) {
			struct mm_err e = { 0 };
			int n = mm_freelists_walk(k, &m, z, zn, &r->f, &e);
			r->walked = n >= 0;
			if (n < 0)
				mm_out_error(o, "buddy: free lists", &e);
			for (int ord = 0; r->walked && ord < z->norders; ord++)
				for (int mt = 0; mt < z->nmt; mt++)
					r->free_listed += r->f.blocks[ord][mt] << ord;
		}
		zone_counters(o, z, zn, r);
		order_table(o, z, zn, r);
		if (r->walked)
			verification(o, zn, r);
		if (order >= 0)
			order_verdict(o, z, zn, r, &q, threshold);
		mm_out_end(o);
	}
	mm_out_end(o);
	free(z);
	free(r);
	return 0;
}
