/* `mmview fixmap`: every fixmap slot with a present PTE, named. */
#include "../page_alloc/memmap.h"
#include "../cmd.h"
#include "../arm/kmap.h"
#include "../arm/pgtable.h"
#include <stdio.h>

const char *const mm_help_fixmap[] = {
	"mmview fixmap",
	"      Every fixmap slot whose PTE is present: index, virtual address, what the slot is",
	"      (kmap_atomic / kmap_local slot with its CPU and nesting index, early console, text",
	"      poke, early ioremap), the physical address, pfn and struct page it maps. A kmap slot",
	"      at or above its CPU's depth (__kmap_atomic_idx up to 5.10, the running task's",
	"      kmap_ctrl.idx from 5.11) is stale: unused, its PTE left by kunmap. Handles the",
	"      grows-up fixmap of kernels up to 3.15 and the grows-down one from 3.19.",
	"      Example:  crash> mmview fixmap",
	NULL,
};

struct fixmap_ctx {
	struct mm_out *o;
	struct mm_fixmap_scheme fs;
	unsigned n;
	int nbad;
	struct mm_err bad;
};

static int fixmap_leaf(struct mm_kernel *k, const struct mm_pt_leaf *l, void *arg)
{
	struct fixmap_ctx *c = arg;

	for (uint64_t va = l->va; va < (uint64_t)l->va + l->size; va += k->page_size) {
		struct mm_fixmap_slot s;
		phys_t pa = l->pa + (va - l->va);
		kva_t page = mm_page_of(k, pa >> k->page_shift);

		if (mm_fixmap_slot(k, &c->fs, (kva_t)va, &s))
			continue;
		c->n++;
		mm_out_cell_u64(c->o, (uint64_t)s.idx);
		mm_out_cell_hex(c->o, va);
		mm_out_cell_str(c->o, s.name);
		if (s.cpu >= 0) {
			mm_out_cell_i64(c->o, s.cpu);
			mm_out_cell_i64(c->o, s.nest);
		} else {
			mm_out_cell_null(c->o);
			mm_out_cell_null(c->o);
		}
		mm_out_cell_hex(c->o, pa);
		mm_out_cell_hex(c->o, pa >> k->page_shift);
		if (page)
			mm_out_cell_hex(c->o, page);
		else
			mm_out_cell_null(c->o);
		if (s.stale == 1) { /* unused slot whose PTE kunmap left behind */
			char note[96];
			snprintf(note, sizeof(note), "stale: not below cpu %d's depth %d (%s)", s.cpu,
				 c->fs.depth[s.cpu], c->fs.depth_from);
			mm_out_cell_str(c->o, note);
		} else
			mm_out_cell_str(c->o, l->linux_only ? "old (hw PTE clear)" : "");
		mm_out_row_end(c->o);
	}
	return 0;
}

static void fixmap_bad(struct mm_kernel *k, const struct mm_err *err, void *arg)
{
	struct fixmap_ctx *c = arg;
	if (!c->nbad++)
		c->bad = *err;
}

int mm_cmd_fixmap(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_col cols[] = {
		{ "index", "INDEX", MM_COL_U64 }, { "vaddr", "VADDR", MM_COL_HEX },
		{ "slot", "SLOT", MM_COL_STR },   { "cpu", "CPU", MM_COL_I64 },
		{ "nest", "NEST", MM_COL_I64 },   { "paddr", "PHYSICAL", MM_COL_HEX },
		{ "pfn", "PFN", MM_COL_HEX },     { "page", "PAGE", MM_COL_HEX },
		{ "note", "NOTE", MM_COL_STR },
	};
	struct fixmap_ctx c = { o, { 0 }, 0, 0, { 0, "" } };
	struct mm_err err = { 0 };
	char range[64];

	if (argc > 1) {
		mm_err_set(&err, MM_EINVAL, "usage: %s", mm_help_fixmap[0]);
		mm_out_error(o, "fixmap", &err);
		return 1;
	}
	mm_fixmap_scheme(k, &c.fs);
	snprintf(range, sizeof(range), "%08x - %08x", k->fixaddr_start, k->fixaddr_end);
	if (mm_out_fmt(o) == MM_FMT_TEXT)
		mm_out_str(o, NULL, "FIXMAP", range);
	mm_out_hex(o, "fixaddr_start", NULL, k->fixaddr_start);
	mm_out_hex(o, "fixaddr_end", NULL, k->fixaddr_end);
	mm_out_str(o, "direction", "GROWS", k->fixmap_grows_down ? "down from FIXADDR_TOP" : "up from FIXADDR_START");
	mm_out_i64(o, "kmap_per_cpu", "KMAP SLOTS PER CPU", c.fs.per_cpu);
	if (c.fs.depth_from)
		mm_out_str(o, "kmap_depth_from", "KMAP SLOTS IN USE FROM", c.fs.depth_from);
	else
		mm_out_null(o, "kmap_depth_from", "KMAP SLOTS IN USE FROM", "unknown");
	mm_out_table(o, "slots", cols, 9);
	if (mm_pt_scan(k, k->fixaddr_start, k->fixaddr_end, fixmap_leaf, fixmap_bad, &c, &err))
		mm_out_error(o, "fixmap", &err);
	mm_out_table_end(o);
	if (c.nbad)
		mm_out_error(o, "fixmap", &c.bad);
	mm_out_u64(o, "present", "SLOTS PRESENT", c.n);
	if (!c.fs.depth_from || c.fs.depth_why[0]) { /* in use or stale cannot be told */
		mm_err_set(&err, MM_EABSENT, "kmap slots in use unknown: %s",
			   c.fs.depth_why[0] ? c.fs.depth_why : "no depth");
		mm_out_error(o, "fixmap", &err);
	}
	return 0;
}
