/* `mmview ptov PADDR...`: every kernel virtual alias of a physical address. */
#include "../page_alloc/memmap.h"
#include "../cmd.h"
#include "../arm/kmap.h"
#include "../arm/layout.h"
#include "../arm/pgtable.h"
#include "../arm/ptov.h"
#include <stdio.h>
#include <stdlib.h>

const char *const mm_help_ptov[] = {
	"mmview ptov PADDR...",
	"      Every kernel virtual address mapping the physical address: the lowmem linear",
	"      address, and every mapping the kernel page tables hold outside lowmem (vmalloc,",
	"      ioremap, modules, pkmap and fixmap slots, the vector page, the DT blob window), each",
	"      with its region and slot. The page tables are scanned one table page at a time.",
	"      Example:  crash> mmview ptov 7e882000",
	NULL,
};

static void alias_row(struct mm_kernel *k, struct mm_out *o, kva_t va, const char *how)
{
	struct mm_region r;
	struct mm_fixmap_scheme fs;
	struct mm_fixmap_slot slot;
	char where[64] = "";

	mm_region_of(k, va, &r);
	if (r.kind == MM_REGION_FIXMAP) {
		mm_fixmap_scheme(k, &fs);
		if (mm_fixmap_slot(k, &fs, va, &slot) == 0)
			snprintf(where, sizeof(where), "%s", slot.name);
	} else if (r.kind == MM_REGION_PKMAP)
		snprintf(where, sizeof(where), "pkmap slot %u", (unsigned)((va - k->pkmap_base) >> k->page_shift));
	mm_out_cell_hex(o, va);
	mm_out_cell_str(o, r.name);
	mm_out_cell_str(o, how);
	if (where[0])
		mm_out_cell_str(o, where);
	else
		mm_out_cell_null(o);
	mm_out_row_end(o);
}

static void ptov_one(struct mm_kernel *k, struct mm_out *o, phys_t pa)
{
	static const struct mm_col cols[] = {
		{ "vaddr", "VIRTUAL", MM_COL_HEX }, { "region", "REGION", MM_COL_STR },
		{ "via", "VIA", MM_COL_STR },       { "slot", "SLOT", MM_COL_STR },
	};
	struct mm_aliases c;
	struct mm_err err = { 0 };
	kva_t page = mm_page_of(k, pa >> k->page_shift);
	int rc;

	mm_out_item(o, NULL);
	mm_out_hex(o, "paddr", "PHYSICAL", pa);
	mm_out_hex(o, "pfn", "PFN", pa >> k->page_shift);
	if (page)
		mm_out_hex(o, "page", "PAGE", page);
	rc = mm_ptov(k, pa, &c, &err);
	mm_out_table(o, "aliases", cols, 4);
	for (int i = 0; i < c.n && i < MM_MAX_ALIASES; i++)
		alias_row(k, o, c.a[i].va, c.a[i].linear ? "linear map"
					   : c.a[i].size > k->page_size ? "page tables (section)" : "page tables");
	mm_out_table_end(o);
	if (c.n > MM_MAX_ALIASES)
		mm_out_note(o, "%d more aliases not shown", c.n - MM_MAX_ALIASES);
	if (c.n == 0)
		mm_out_note(o, "no kernel virtual mapping: a highmem page not kmapped, or not RAM");
	if (rc)
		mm_out_error(o, "ptov: page tables", &err);
	if (c.nbad)
		mm_out_error(o, "ptov: page tables", &c.bad);
	mm_out_end(o);
}

int mm_cmd_ptov(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	struct mm_argp a;
	struct mm_err err = { MM_EINVAL, "" };
	int c, n = 0;

	mm_argp_init(&a, argc, argv);
	mm_out_list(o, "addresses");
	while ((c = mm_getopt(&a, "", NULL)) != MM_ARG_END) {
		char *end = NULL;
		uint64_t pa = c == MM_ARG_POS ? strtoull(a.arg, &end, 16) : 0;

		if (c != MM_ARG_POS || end == a.arg || *end) { /* hex, as crash's ptov takes it */
			mm_err_set(&err, MM_EINVAL, "%s", c == MM_ARG_POS ? "bad physical address" : a.err);
			mm_out_error(o, "ptov", &err);
			continue;
		}
		n++;
		ptov_one(k, o, pa);
	}
	mm_out_end(o);
	if (!n) {
		mm_err_set(&err, MM_EINVAL, "usage: %s", mm_help_ptov[0]);
		mm_out_error(o, "ptov", &err);
		return 1;
	}
	return 0;
}
