/* Diagnosis by kind of death. Each kind draws on the walkers that explain it; a walker that
 * cannot run says why in one line and the rest of the report goes on. */
#include "triage.h"
#include "../page_alloc/memmap.h"
#include "../page_alloc/page_alloc.h"
#include "../page_alloc/gfp.h"
#include "../vmalloc/vmalloc.h"
#include "../identify/identify.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ_1M 0x100000ull
#define SZ_8M 0x800000ull
#define TOP_CALLERS 5
#define TOP_CACHES 8

/* Slab figures come from the slab walker when it is linked in (weak: core/report/slab.c). */
void mm_triage_slab(struct mm_kernel *k, struct mm_out *o, int top) __attribute__((weak));
void mm_triage_slab_sites(struct mm_kernel *k, struct mm_out *o, const struct mm_meminfo *mi)
	__attribute__((weak));

/* ---- memory summary extras ---- */

void mm_triage_memory_extra(struct mm_kernel *k, struct mm_out *o)
{
	struct mm_zones z;
	struct mm_vmalloc v;
	struct mm_vmalloc_stats st;
	struct mm_err err = { 0 };
	uint64_t high_free = 0, low_free = 0;
	int have_high = 0;

	if (mm_zones_read(k, &z, &err) == MM_OK) {
		for (int i = 0; i < z.nr_zones && i < MM_MAX_ZONES; i++) {
			const struct mm_zone *zn = &z.zone[i];
			if (zn->free_pages < 0 || !zn->spanned)
				continue;
			if (!strcmp(zn->name, "HighMem")) {
				high_free += (uint64_t)zn->free_pages;
				have_high = 1;
			} else if (strcmp(zn->name, "Movable"))
				low_free += (uint64_t)zn->free_pages;
		}
		if (have_high)
			mm_out_size(o, "high_free", "HighFree", high_free * k->page_size);
		mm_out_size(o, "low_free", "LowFree", low_free * k->page_size);
	} else
		mm_out_error(o, "triage: zones", &err);
	if (mm_vmalloc_read(k, &v, &err) == MM_OK) {
		if (mm_vmalloc_stats(&v, k->vmalloc_start, k->vmalloc_end, &st) == MM_OK) {
			mm_out_size(o, "vmalloc_total", "VmallocTotal", st.total);
			mm_out_size(o, "vmalloc_used", "VmallocUsed", st.total - st.free);
			mm_out_size(o, "vmalloc_chunk", "VmallocChunk", (uint64_t)st.largest.end - st.largest.start);
		}
	} else
		mm_out_error(o, "triage: vmalloc", &err);
	mm_vmalloc_free(&v); /* partial areas come with an error too */
}

/* ---- vmalloc failure ---- */

static void top_callers(struct mm_kernel *k, struct mm_out *o, const struct mm_vmalloc *v)
{
	static const struct mm_col cols[] = {
		{ "caller", "CALLER", MM_COL_STR }, { "areas", "AREAS", MM_COL_U64 }, { "bytes", "BYTES", MM_COL_SIZE },
	};
	struct mm_vmalloc_caller *c = NULL;
	long n = mm_vmalloc_callers(v, k->vmalloc_start, k->vmalloc_end, 0, &c);
	char name[128];

	mm_out_table(o, "top_callers", cols, 3);
	for (long i = 0; i < n && i < TOP_CALLERS; i++) {
		mm_out_cell_str(o, mm_vmalloc_caller_ps(k, c[i].caller, name, sizeof(name)));
		mm_out_cell_u64(o, c[i].count);
		mm_out_cell_size(o, c[i].bytes);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	free(c);
}

/* vmalloc=SIZE moves VMALLOC_START down; the space it adds joins the free gap at the bottom
 * of the range, so that gap must grow to the request. */
static uint64_t vmalloc_param_needed(struct mm_kernel *k, const struct mm_vmalloc_gap *gaps, long ngaps,
				     uint64_t need, uint64_t total)
{
	uint64_t bottom = 0, want;

	for (long i = 0; i < ngaps; i++)
		if (gaps[i].start == k->vmalloc_start)
			bottom = (uint64_t)gaps[i].end - gaps[i].start;
	want = total + (need > bottom ? need - bottom : 0);
	return (want + SZ_8M - 1) / SZ_8M * SZ_8M;
}

static void diagnose_vmalloc(struct mm_kernel *k, struct mm_out *o, const struct mm_panic_facts *f)
{
	struct mm_vmalloc v;
	struct mm_vmalloc_stats st;
	struct mm_vmalloc_gap *gaps = NULL;
	struct mm_vmalloc_fit fit;
	struct mm_err err = { 0 };
	uint64_t size = f->vmalloc_size ? f->vmalloc_size
			: f->vmap_size > k->page_size ? f->vmap_size - k->page_size : 0;
	long ngaps;

	if (mm_vmalloc_read(k, &v, &err)) {
		mm_out_error(o, "triage: vmalloc", &err);
		mm_vmalloc_free(&v);
		return;
	}
	mm_vmalloc_stats(&v, k->vmalloc_start, k->vmalloc_end, &st);
	ngaps = mm_vmalloc_gaps(&v, k->vmalloc_start, k->vmalloc_end, 0, &gaps);
	mm_out_str(o, "finding", "finding", "vmalloc space could not satisfy a request");
	if (size)
		mm_out_size(o, "failed_size", "failed request", size);
	mm_out_size(o, "vmalloc_total", "vmalloc space", st.total);
	mm_out_size(o, "vmalloc_free", "free", st.free);
	mm_out_u64(o, "free_gaps", "free gaps", st.ngaps);
	mm_out_size(o, "largest_gap", "largest free gap", (uint64_t)st.largest.end - st.largest.start);
	mm_out_hex(o, "largest_gap_start", "  at", st.largest.start);
	mm_out_pct(o, "fragmentation", "fragmentation", 100.0 * st.frag);
	if (size && ngaps >= 0) {
		mm_vmalloc_fit(k, gaps, ngaps, size, k->page_size, v.has_free_list ? MM_FIT_AUGMENTED : 0,
			       k->vmalloc_start, k->vmalloc_end, &fit);
		mm_out_bool(o, "fits_now", "would it fit now", fit.fits);
		if (!fit.fits) {
			uint64_t param = vmalloc_param_needed(k, gaps, ngaps, fit.need, st.total);
			char b[200];
			mm_out_size(o, "missing", "missing in largest gap", fit.missing);
			snprintf(b, sizeof(b), "%s (%.1f%% of the free space is in gaps too small for it)",
				 st.free >= fit.need ? "fragmentation: enough space is free, but not in one piece"
						    : "exhaustion: not enough vmalloc space is free at all",
				 100.0 * st.frag);
			mm_out_str(o, "cause", "cause", b);
			mm_out_u64(o, "vmalloc_param_mb", NULL, param / SZ_1M);
			snprintf(b, sizeof(b), "vmalloc=%lluM (now %lluM) would have left a %llu-byte gap at the "
				 "bottom; each MB comes out of lowmem", (unsigned long long)(param / SZ_1M),
				 (unsigned long long)(st.total / SZ_1M), (unsigned long long)fit.need);
			mm_out_str(o, NULL, "would have fitted", b);
		}
	}
	top_callers(k, o, &v);
	free(gaps);
	mm_vmalloc_free(&v);
}

/* ---- OOM / page allocation failure ---- */

/* What the failed request may use, from its gfp mask as the failing kernel reads it. */
struct request {
	int order, classzone, have_gfp;
	struct mm_gfp_bits bits;
	struct mm_alloc_ctx ctx;
};

/* The zone's state as this request sees it (order-0 checks with its flags, as
 * __zone_watermark_ok would judge them), not the raw count against the raw marks. */
static const char *zone_state(const struct mm_zones *z, const struct mm_zone *zn, const struct request *r)
{
	const char *why;

	if (!mm_watermark_ok_flags(z, zn, 0, mm_zone_wmark(zn, MM_WMARK_MIN), r->classzone, NULL, r->ctx.slow, &why))
		return "at/below min";
	if (!mm_watermark_ok_flags(z, zn, 0, mm_zone_wmark(zn, MM_WMARK_LOW), r->classzone, NULL, r->ctx.fast, &why))
		return "below low";
	if (!mm_watermark_ok_flags(z, zn, 0, mm_zone_wmark(zn, MM_WMARK_HIGH), r->classzone, NULL, r->ctx.fast, &why))
		return "below high";
	return "ok";
}

static void zone_table(struct mm_kernel *k, struct mm_out *o, const struct mm_zones *z, const struct request *r)
{
	static const struct mm_col cols[] = {
		{ "zone", "ZONE", MM_COL_STR },     { "free", "FREE", MM_COL_U64 },
		{ "min", "MIN", MM_COL_U64 },       { "low", "LOW", MM_COL_U64 },
		{ "high", "HIGH", MM_COL_U64 },     { "state", "STATE", MM_COL_STR },
		{ "verdict", "ORDER VERDICT", MM_COL_STR },
	};
	uint32_t threshold = mm_extfrag_threshold(k);

	mm_out_table(o, "zones", cols, 7);
	for (int i = 0; i < z->nr_zones && i < MM_MAX_ZONES; i++) {
		const struct mm_zone *zn = &z->zone[i];
		struct mm_order_verdict v;

		if (!zn->spanned || zn->free_pages < 0)
			continue;
		if (r->classzone >= 0 && zn->idx > r->classzone)
			continue; /* a zone the request may not use */
		mm_order_verdict_flags(z, zn, r->order, r->classzone, NULL, threshold, r->ctx.fast, r->ctx.slow, &v);
		mm_out_cell_str(o, zn->name);
		mm_out_cell_u64(o, (uint64_t)zn->free_pages);
		mm_out_cell_u64(o, mm_zone_wmark(zn, MM_WMARK_MIN));
		mm_out_cell_u64(o, mm_zone_wmark(zn, MM_WMARK_LOW));
		mm_out_cell_u64(o, mm_zone_wmark(zn, MM_WMARK_HIGH));
		mm_out_cell_str(o, zone_state(z, zn, r));
		mm_out_cell_str(o, v.text);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
}

/* The verdicts rest on the zone counters: walk the free lists they summarise, as `buddy` does,
 * and say beside the cause when the two disagree. */
static void verdict_caveat(struct mm_kernel *k, struct mm_out *o, const struct mm_zones *z, int classzone)
{
	struct mm_freelists *f = malloc(sizeof(*f));
	struct mm_memmap m;
	struct mm_err err = { 0 };
	char b[200] = "", line[320];
	size_t n = 0;

	if (!f)
		return;
	if (mm_memmap_open(k, &m, &err) == MM_OK) {
		for (int i = 0; i < z->nr_zones && i < MM_MAX_ZONES; i++) {
			const struct mm_zone *zn = &z->zone[i];
			int issues;
			if (!zn->spanned || zn->free_pages < 0 || (classzone >= 0 && zn->idx > classzone))
				continue;
			issues = mm_freelists_walk(k, &m, z, zn, f, &err);
			if (n + 1 >= sizeof(b))
				break;
			if (issues > 0 || f->issues_dropped)
				n += (size_t)snprintf(b + n, sizeof(b) - n, "%szone %s: %d free-list problem%s",
						      n ? "; " : "", zn->name, issues + f->issues_dropped,
						      issues + f->issues_dropped == 1 ? "" : "s");
			else if (issues < 0)
				n += (size_t)snprintf(b + n, sizeof(b) - n, "%szone %s: free lists unreadable",
						      n ? "; " : "", zn->name);
		}
	}
	free(f);
	if (!n)
		return;
	snprintf(line, sizeof(line), "%s: the verdicts above rest on zone counters these lists "
		 "contradict (mmview buddy shows the problems)", b);
	mm_out_str(o, "cause_caveat", "caveat", line);
}

/* The request: order, gfp_zone() class zone, gfp_to_alloc_flags() of the failing kernel. */
static void request_of(struct mm_kernel *k, struct mm_out *o, const struct mm_zones *z, const char *gfp,
		       int order, struct request *r)
{
	char *end;
	unsigned long mask = gfp && gfp[0] ? strtoul(gfp, &end, 16) : 0;

	memset(r, 0, sizeof(*r));
	r->order = order;
	r->classzone = -1;
	r->have_gfp = gfp && gfp[0] && end != gfp;
	mm_out_i64(o, "order", "failed order", order);
	if (!r->have_gfp) {
		mm_out_note(o, "No gfp mask in the log: GFP_KERNEL-like checks (no reserves, no CMA) on every zone.");
		return;
	}
	mm_gfp_bits(k, &r->bits);
	mm_alloc_ctx(&r->bits, (uint32_t)mask, order, &r->ctx);
	r->classzone = mm_gfp_classzone(z, (uint32_t)mask);
	if (r->classzone >= 0 && r->classzone < MM_MAX_ZONES) {
		/* by zone type first: ZONE_MOVABLE (and an empty HighMem) lie past nr_zones */
		const char *name = r->classzone == z->zt_movable ? "Movable" : r->classzone == z->zt_highmem ? "HighMem"
				 : r->classzone == z->zt_normal ? "Normal" : r->classzone == z->zt_dma ? "DMA" : "?";
		mm_out_str(o, "classzone", "class zone", name);
	}
	mm_out_str(o, "alloc_flags", "allocation flags", r->ctx.text);
	mm_out_str(o, "gfp_bits_from", "gfp bits from", r->bits.how);
}

static void page_alloc_verdict(struct mm_kernel *k, struct mm_out *o, const char *gfp, int order,
			       const struct mm_meminfo *mi)
{
	struct mm_zones z;
	struct mm_err err = { 0 };
	struct request r;
	int starved = 0, fragmented = 0;
	uint32_t threshold = mm_extfrag_threshold(k);
	char b[256];

	if (mm_zones_read(k, &z, &err)) {
		mm_out_error(o, "triage: zones", &err);
		return;
	}
	request_of(k, o, &z, gfp, order, &r);
	zone_table(k, o, &z, &r);
	for (int i = 0; i < z.nr_zones && i < MM_MAX_ZONES; i++) {
		const struct mm_zone *zn = &z.zone[i];
		struct mm_order_verdict v;
		if (!zn->spanned || zn->free_pages < 0 || (r.classzone >= 0 && zn->idx > r.classzone))
			continue;
		mm_order_verdict_flags(&z, zn, order, r.classzone, NULL, threshold, r.ctx.fast, r.ctx.slow, &v);
		starved += v.cause == MM_ORDER_NO_MEMORY;
		fragmented += v.cause == MM_ORDER_FRAGMENTATION || v.cause == MM_ORDER_RESERVED;
	}
	if (order >= z.norders)
		snprintf(b, sizeof(b), "the log's failed order %d is beyond this kernel's largest buddy "
			 "order %d: the log line is corrupt", order, z.norders - 1);
	else if (fragmented && !starved)
		snprintf(b, sizeof(b), "fragmentation: free memory exists but no block of order %d", order);
	else if (starved)
		snprintf(b, sizeof(b), "exhaustion: %d zone%s at or below the min watermark for order %d%s",
			 starved, starved == 1 ? "" : "s", order,
			 fragmented ? " (and fragmentation in others)" : "");
	else
		snprintf(b, sizeof(b), "every zone could satisfy order %d now: the pressure passed, or the "
			 "request was restricted (cpuset, __GFP_THISNODE)", order);
	mm_out_str(o, "cause", "cause", b);
	verdict_caveat(k, o, &z, r.classzone);
	if (mi->valid[MM_MI_ANON] && mi->valid[MM_MI_TOTAL] && mi->v[MM_MI_TOTAL] > 0) {
		snprintf(b, sizeof(b), "%.0f%% of memory is anonymous (process) memory, %.0f%% page cache",
			 100.0 * (double)mi->v[MM_MI_ANON] / (double)mi->v[MM_MI_TOTAL],
			 mi->valid[MM_MI_CACHED] ? 100.0 * (double)mi->v[MM_MI_CACHED] / (double)mi->v[MM_MI_TOTAL] : 0.0);
		mm_out_str(o, NULL, "who holds it", b);
	}
	if (mm_triage_slab)
		mm_triage_slab(k, o, TOP_CACHES);
	if (mm_triage_slab_sites)
		mm_triage_slab_sites(k, o, mi);
}

static void diagnose_page_alloc(struct mm_kernel *k, struct mm_out *o, const struct mm_panic_facts *f,
				const struct mm_meminfo *mi)
{
	if (f->nodemask[0] && strcmp(f->nodemask, "(null)"))
		mm_out_str(o, "nodemask", "nodemask", f->nodemask);
	page_alloc_verdict(k, o, f->gfp, f->failed_order >= 0 ? f->failed_order : 0, mi);
}

/* ---- oops ---- */

static void diagnose_oops(struct mm_kernel *k, struct mm_out *o, const struct mm_panic_facts *f)
{
	struct mm_ident id;

	if (!f->have_fault) {
		mm_out_note(o, "An oops without a faulting address in the log: see crash's bt and log.");
		return;
	}
	mm_identify(k, f->fault_addr, &id);
	mm_out_hex(o, "fault_address", "fault address", f->fault_addr);
	mm_out_str(o, "region", "region", id.region.name ? id.region.name : mm_region_kind_name(id.region.kind));
	if (!id.translated && id.walked)
		mm_out_str(o, "translation", "translation", id.xlat.msg);
	mm_out_list(o, "owners");
	for (int i = 0; i < id.nowners; i++) {
		if (mm_out_fmt(o) == MM_FMT_JSON) {
			mm_out_item(o, NULL);
			mm_out_str(o, "kind", NULL, id.owner[i].kind);
			mm_out_str(o, "what", NULL, id.owner[i].what);
			mm_out_end(o);
		} else
			mm_out_str(o, NULL, id.owner[i].kind, id.owner[i].what);
	}
	mm_out_end(o);
	for (int i = 0; i < id.nerrors; i++)
		mm_out_error(o, "triage: addr", &id.error[i]);
}

void mm_triage_diagnose(struct mm_kernel *k, struct mm_out *o, const struct mm_panic_facts *f,
			const struct mm_meminfo *mi)
{
	switch (f->kind) {
	case MM_PANIC_SYSRQ:
		mm_out_str(o, "finding", "finding", "a deliberate dump (sysrq-c): no memory failure is implied");
		if (mm_triage_slab)
			mm_triage_slab(k, o, TOP_CACHES);
		break;
	case MM_PANIC_VMALLOC:
		mm_out_str(o, "failed_in", "failed in", mm_vmalloc_stage_name(f->vmalloc_stage));
		if (f->vmalloc_stage == MM_VMALLOC_STAGE_PAGES || f->vmalloc_stage == MM_VMALLOC_STAGE_MAP) {
			/* __vmalloc_area_node / vmap_pages_range: the area was reserved, the page
			 * allocator then failed (its pages, or the page tables to map them). */
			mm_out_str(o, "finding", "finding", "vmalloc space was found; the page allocator could not "
				   "supply the memory: a page allocation failure, not a lack of vmalloc space");
			if (f->vmalloc_size)
				mm_out_size(o, "failed_size", "failed request", f->vmalloc_size);
			page_alloc_verdict(k, o, f->gfp, f->vmalloc_stage == MM_VMALLOC_STAGE_PAGES ?
					   f->vmalloc_page_order : 0, mi);
		} else
			diagnose_vmalloc(k, o, f);
		break;
	case MM_PANIC_OOM:
	case MM_PANIC_PAGE_ALLOC:
		diagnose_page_alloc(k, o, f, mi);
		break;
	case MM_PANIC_OOPS:
		diagnose_oops(k, o, f);
		break;
	case MM_PANIC_UNKNOWN:
		mm_out_str(o, "finding", "finding", "no panic message in the kernel log");
		break;
	default:
		mm_out_str(o, "finding", "finding", "the panic is not a memory failure mmview recognises");
		if (mm_triage_slab)
			mm_triage_slab(k, o, TOP_CACHES);
		break;
	}
}
