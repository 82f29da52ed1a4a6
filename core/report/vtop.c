/* `mmview vtop VADDR...`: the page-table walk with every entry decoded. */
#include "../page_alloc/memmap.h"
#include "../cmd.h"
#include "../arm/kmap.h"
#include "../arm/layout.h"
#include "../arm/pgtable.h"
#include <stdio.h>
#include <string.h>

const char *const mm_help_vtop[] = {
	"mmview vtop VADDR...",
	"      Walks the kernel page tables for each address: its region (fixmap and pkmap slots",
	"      named), each level's index, entry address and value with its bits decoded (type,",
	"      AP/XN, memory type; on short-descriptor kernels also Linux's own PTE: YOUNG, DIRTY...),",
	"      the physical address and the struct page. Sections, 16 MB supersections (PA[35:32]),",
	"      64 KB large pages and LPAE blocks are decoded. Lowmem addresses also show the linear",
	"      translation, and any disagreement with the page tables is flagged.",
	"      Example:  crash> mmview vtop ffefe000",
	"              crash> mmview -j vtop c0008000 bfe01000",
	NULL,
};

static const struct mm_col level_cols[] = {
	{ "level", "LEVEL", MM_COL_STR },   { "index", "INDEX", MM_COL_HEX },
	{ "entry_paddr", "ENTRY", MM_COL_HEX }, { "value", "VALUE", MM_COL_HEX },
	{ "type", "TYPE", MM_COL_STR },     { "flags", "FLAGS", MM_COL_STR },
};

static void level_row(struct mm_out *o, const char *level, unsigned index, phys_t addr,
		      uint64_t value, const char *type, const struct mm_pt_bits *bits)
{
	char flags[200];

	mm_out_cell_str(o, level);
	mm_out_cell_hex(o, index);
	mm_out_cell_hex(o, addr);
	mm_out_cell_hex(o, value);
	mm_out_cell_str(o, type);
	mm_out_cell_str(o, mm_pt_flags(bits, value, flags, sizeof(flags)));
	mm_out_row_end(o);
}

static void show_walk(struct mm_out *o, const struct mm_walk *w)
{
	mm_out_table(o, "levels", level_cols, 6);
	for (int i = 0; i < w->n; i++) {
		const struct mm_pt_entry *e = &w->e[i];
		level_row(o, e->level->name, e->index, e->addr, e->value, e->type->name, e->type->bits);
		if (e->has_linux)
			level_row(o, "linux pte", e->index, e->linux_addr, e->linux_value,
				  mm_pt_linux_present(e->linux_value) ? "present" : "not present",
				  e->level->linux_bits);
	}
	mm_out_table_end(o);
}

/* Where va is: its region, and the slot for pkmap and fixmap addresses. */
static void show_region(struct mm_kernel *k, struct mm_out *o, kva_t va)
{
	struct mm_region r;
	struct mm_fixmap_scheme fs;
	struct mm_fixmap_slot slot;
	char range[64];

	mm_region_of(k, va, &r);
	mm_out_str(o, "region", "REGION", r.name);
	mm_out_str(o, "region_kind", "KIND", mm_region_kind_name(r.kind));
	if (mm_out_fmt(o) == MM_FMT_JSON) {
		mm_out_hex(o, "region_start", NULL, r.start);
		mm_out_hex(o, "region_end", NULL, r.end);
	} else {
		snprintf(range, sizeof(range), "%08x - %08llx", r.start, (unsigned long long)r.end);
		mm_out_str(o, NULL, "RANGE", range);
	}
	if (r.kind == MM_REGION_FIXMAP) {
		mm_fixmap_scheme(k, &fs);
		if (mm_fixmap_slot(k, &fs, va, &slot) == 0) {
			mm_out_u64(o, "fixmap_index", "FIXMAP INDEX", (uint64_t)slot.idx);
			mm_out_str(o, "fixmap_slot", "FIXMAP SLOT", slot.name);
		}
	} else if (r.kind == MM_REGION_PKMAP)
		mm_out_u64(o, "pkmap_nr", "PKMAP SLOT", (va - k->pkmap_base) >> k->page_shift);
}

static void show_page(struct mm_kernel *k, struct mm_out *o, phys_t pa)
{
	uint64_t pfn = pa >> k->page_shift;
	kva_t page = mm_page_of(k, pfn);

	mm_out_hex(o, "pfn", "PFN", pfn);
	if (page)
		mm_out_hex(o, "page", "PAGE", page);
	else if (k->mem_model == MM_SPARSEMEM)
		mm_out_null(o, "page", "PAGE", "struct page lookup needs SPARSEMEM support");
	else
		mm_out_null(o, "page", "PAGE", "pfn outside mem_map");
}

static int vtop_one(struct mm_kernel *k, struct mm_out *o, kva_t va)
{
	struct mm_walk w;
	struct mm_err err = { 0 };
	char what[32];
	int rc;

	snprintf(what, sizeof(what), "vtop %08x", va);
	mm_out_item(o, NULL);
	mm_out_hex(o, "vaddr", "VIRTUAL", va);
	show_region(k, o, va);
	rc = mm_pt_walk(k, va, &w, &err);
	if (rc == MM_OK) {
		mm_out_hex(o, "paddr", "PHYSICAL", w.pa);
		mm_out_size(o, "map_size", "MAPPING SIZE", w.size);
		if (w.linux_only)
			mm_out_note(o, "hardware PTE invalid (old page: L_PTE_YOUNG clear); Linux PTE maps it");
	} else
		mm_out_null(o, "paddr", "PHYSICAL", "not mapped");
	mm_out_str(o, "form", "PAGE TABLES", w.form->name);
	if (!k->lpae && w.n > 0)
		mm_out_str(o, "linux_pgd", "LINUX PGD",
			   (va >> 20) & 1 ? "pair second half (odd MB)" : "pair first half (even MB)");
	if (w.n > 0)
		show_walk(o, &w);
	if (rc)
		mm_out_error(o, what, &err);
	if (mm_is_lowmem(k, va)) {
		phys_t lin = mm_lowmem_pa(k, va);
		mm_out_hex(o, "linear_paddr", "LINEAR", lin);
		mm_out_bool(o, "linear_agrees", "LINEAR AGREES", rc == MM_OK && lin == w.pa);
		if (rc == MM_OK && lin != w.pa)
			mm_out_note(o, "WARNING: page tables map %08x to %llx, the linear map says %llx", va,
				    (unsigned long long)w.pa, (unsigned long long)lin);
	}
	if (rc == MM_OK)
		show_page(k, o, w.pa);
	mm_out_end(o);
	return rc;
}

int mm_cmd_vtop(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	struct mm_argp a;
	struct mm_err err = { MM_EINVAL, "" };
	int c, n = 0, failed = 0;

	mm_argp_init(&a, argc, argv);
	mm_out_list(o, "addresses");
	while ((c = mm_getopt(&a, "", NULL)) != MM_ARG_END) {
		uint64_t va = 0;
		if (c != MM_ARG_POS) {
			snprintf(err.msg, sizeof(err.msg), "%s", a.err);
			mm_out_error(o, "vtop", &err);
			failed++;
			continue;
		}
		if (mm_parse_addr(k, a.arg, &va, &err) || va > 0xffffffffull) {
			if (va > 0xffffffffull)
				mm_err_set(&err, MM_EINVAL, "%s is beyond 32 bits", a.arg);
			mm_out_error(o, "vtop", &err);
			failed++;
			continue;
		}
		n++;
		vtop_one(k, o, (kva_t)va);
	}
	mm_out_end(o);
	if (!n && !failed) {
		mm_err_set(&err, MM_EINVAL, "usage: %s", mm_help_vtop[0]);
		mm_out_error(o, "vtop", &err);
		return 1;
	}
	return failed && !n;
}
