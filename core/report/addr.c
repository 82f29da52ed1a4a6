/* `mmview addr [-p] ADDR...`: what an address is. */
#include "../cmd.h"
#include "../identify/identify.h"
#include "../page_alloc/dump_filter.h"
#include "../arm/ptov.h"
#include "slab_sites.h"
#include <stdio.h>
#include <stdlib.h>

const char *const mm_help_addr[] = {
	"mmview addr [-p] ADDR...",
	"      For each address: its region (lowmem, vmalloc, modules, pkmap, fixmap, vectors,",
	"      kernel image, user, or the hole between regions), its translation (the page",
	"      table walk, or the level where it stops), and its owner, most specific first:",
	"      slab object (cache, object, offset, allocated or free), vmalloc area (caller,",
	"      page index) or guard page or free hole, module and section, kernel symbol,",
	"      pkmap slot, fixmap slot (kmap of which CPU), buddy block, page state. Each",
	"      owner says how sure it is; what could not be read is listed. A slab object of a",
	"      cache with SLUB user tracking (slub_debug=U) also shows who allocated it and who",
	"      last freed it: caller, cpu, pid, how long before the panic, and the stack.",
	"      On a filtered dump, a page the dump left out gets a \"contents\" line naming",
	"      the makedumpfile class that dropped it (as `mmview page` does).",
	"      ADDR is hex (crash style, 0x optional), a symbol, or symbol+offset.",
	"      -p  ADDR is physical: every virtual alias of it is identified.",
	"      Example:  crash> mmview addr f0b16000",
	"                crash> mmview addr -p 7e882000",
	NULL,
};

static void translation(struct mm_kernel *k, struct mm_out *o, const struct mm_ident *id)
{
	char b[96];

	mm_out_section(o, "translation", NULL);
	mm_out_bool(o, "mapped", NULL, id->translated);
	if (id->translated) {
		mm_out_hex(o, "paddr", NULL, id->pa);
		mm_out_hex(o, "pfn", NULL, id->pfn);
		if (id->page)
			mm_out_hex(o, "page", NULL, id->page);
		mm_out_str(o, "via", NULL, id->linear ? "linear map" : "page tables");
		if (id->linear)
			snprintf(b, sizeof(b), "%llx (linear map%s)", (unsigned long long)id->pa,
				 id->walk_disagrees ? "; THE PAGE TABLES DISAGREE" : "");
		else
			snprintf(b, sizeof(b), "%llx (%s, %u KB mapping)", (unsigned long long)id->pa,
				 id->walk.n ? id->walk.e[id->walk.n - 1].type->name : "page tables",
				 id->walk.size >> 10);
		mm_out_str(o, NULL, "physical", b);
		if (id->page) {
			struct mm_memmap m;
			const char *missing;

			snprintf(b, sizeof(b), "pfn %llx, struct page %x", (unsigned long long)id->pfn, id->page);
			mm_out_str(o, NULL, "page", b);
			if (mm_memmap_open(k, &m, NULL) == MM_OK &&
			    (missing = mm_page_contents_missing(k, &m, id->pfn)))
				mm_out_str(o, "contents", "contents", missing);
		}
	} else if (id->walked) {
		mm_out_str(o, "why", "physical", id->xlat.msg[0] ? id->xlat.msg : "not mapped");
	}
	if (id->walk_disagrees) {
		mm_out_bool(o, "page_tables_disagree", NULL, 1);
		mm_out_hex(o, "page_table_paddr", "page tables say", id->walk.pa);
	}
	mm_out_end(o);
}

static void owners(struct mm_out *o, const struct mm_ident *id)
{
	mm_out_list(o, "owners");
	for (int i = 0; i < id->nowners; i++) {
		const struct mm_owner *w = &id->owner[i];
		char label[40];
		if (mm_out_fmt(o) == MM_FMT_JSON) {
			mm_out_item(o, NULL);
			mm_out_str(o, "kind", NULL, w->kind);
			mm_out_str(o, "confidence", NULL, mm_confidence_name(w->confidence));
			mm_out_str(o, "what", NULL, w->what);
			if (w->end) {
				mm_out_hex(o, "start", NULL, w->start);
				mm_out_hex(o, "end", NULL, w->end);
			}
			if (w->offset >= 0)
				mm_out_i64(o, "offset", NULL, w->offset);
			mm_out_end(o);
		} else {
			snprintf(label, sizeof(label), "%s%s", w->kind, w->confidence == MM_SURE ? "" :
				 w->confidence == MM_LIKELY ? " (likely)" : " (?)");
			mm_out_str(o, NULL, label, w->what);
		}
	}
	mm_out_end(o);
	if (!id->nowners)
		mm_out_note(o, "%*s: %s", 18, "owner", "none found");
}

/* A SLUB object's user tracks: who allocated it, who last freed it. */
static void tracks(struct mm_kernel *k, struct mm_out *o, const struct mm_ident *id)
{
	if (id->tracked < 0)
		mm_out_note(o, "%s", id->track_hint);
	if (id->tracked <= 0)
		return;
	mm_out_section(o, "alloc_track", "ALLOCATED BY (SLUB user tracking)");
	mm_track_print(k, o, &id->tracking, &id->track[MM_TRACK_ALLOC]);
	mm_out_end(o);
	mm_out_section(o, "free_track", "LAST FREED BY");
	mm_track_print(k, o, &id->tracking, &id->track[MM_TRACK_FREE]);
	mm_out_end(o);
}

static void addr_one(struct mm_kernel *k, struct mm_out *o, uint64_t addr, const char *via)
{
	struct mm_ident id;
	char b[96];

	mm_identify(k, addr, &id);
	mm_out_item(o, NULL);
	mm_out_hex(o, "address", "ADDRESS", addr);
	if (via)
		mm_out_str(o, "alias_of", "alias of", via);
	mm_out_str(o, "region", NULL, id.region.name ? id.region.name : mm_region_kind_name(id.region.kind));
	mm_out_str(o, "region_kind", NULL, mm_region_kind_name(id.region.kind));
	mm_out_hex(o, "region_start", NULL, id.region.start);
	mm_out_hex(o, "region_end", NULL, id.region.end);
	snprintf(b, sizeof(b), "%s (%x-%llx)",
		 id.region.kind == MM_REGION_NONE ? "unmapped hole between regions"
		 : id.region.name ? id.region.name : mm_region_kind_name(id.region.kind),
		 id.region.start, (unsigned long long)id.region.end);
	mm_out_str(o, NULL, "region", b);
	translation(k, o, &id);
	owners(o, &id);
	tracks(k, o, &id);
	for (int i = 0; i < id.nerrors; i++)
		mm_out_error(o, "addr", &id.error[i]);
	mm_out_end(o);
}

static void addr_physical(struct mm_kernel *k, struct mm_out *o, phys_t pa)
{
	struct mm_aliases al;
	struct mm_err err = { 0 };
	char via[48];

	snprintf(via, sizeof(via), "physical %llx", (unsigned long long)pa);
	if (mm_ptov(k, pa, &al, &err))
		mm_out_error(o, "addr -p: page tables", &err);
	if (al.nbad)
		mm_out_error(o, "addr -p: page tables", &al.bad);
	if (!al.n)
		mm_out_note(o, "%s: no kernel virtual mapping (a highmem page not kmapped, or not RAM)", via);
	for (int i = 0; i < al.n && i < MM_MAX_ALIASES; i++)
		addr_one(k, o, al.a[i].va, via);
}

int mm_cmd_addr(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	struct mm_argp a;
	struct mm_err err = { 0 };
	int c, physical = 0, n = 0;

	mm_argp_init(&a, argc, argv);
	mm_out_list(o, "addresses");
	while ((c = mm_getopt(&a, "p", NULL)) != MM_ARG_END) {
		uint64_t v;
		if (c == 'p') {
			physical = 1;
			continue;
		}
		if (c != MM_ARG_POS) {
			mm_err_set(&err, MM_EINVAL, "%s", a.err);
			mm_out_error(o, "addr", &err);
			continue;
		}
		n++;
		if (mm_parse_addr(k, a.arg, &v, &err)) {
			mm_out_error(o, "addr", &err);
			continue;
		}
		if (physical)
			addr_physical(k, o, v);
		else
			addr_one(k, o, v, NULL);
	}
	mm_out_end(o);
	if (!n) {
		mm_err_set(&err, MM_EINVAL, "usage: %s", mm_help_addr[0]);
		mm_out_error(o, "addr", &err);
		return 1;
	}
	return 0;
}
