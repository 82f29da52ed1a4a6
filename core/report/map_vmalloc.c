/* The vmalloc and modules ranges as maps: each cell a fixed slice of address space, showing
 * who holds most of it (the top callers by letter, static mappings, vm_map_ram, lazily freed
 * areas, guard pages) and how much of it is free, from the areas mm_vmalloc_read returned. */
#include "map.h"
#include "../cmd.h"
#include "../vmalloc/vmalloc.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define TOP_CALLERS 12

static const char *const caller_color[TOP_CALLERS] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
	"#e377c2", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31",
};
static const int caller_ansi[TOP_CALLERS] = { 34, 33, 32, 31, 35, 36, 95, 93, 96, 94, 92, 91 };

/* The fixed part of the legend, in this order (class indexes). */
enum { C_FREE, C_GUARD, C_LAZY, C_MAP_RAM, C_STATIC, C_SETUP, C_POOLED, C_OTHER,
       C_CALLER0 };

static const struct mm_map_legend fixed_legend[C_CALLER0] = {
	[C_FREE] = { '.', "\xc2\xb7", "#eeeeee", 0, "free" },
	[C_GUARD] = { '|', "\xe2\x94\x82", "#ff1744", 91, "guard page" },
	[C_LAZY] = { '~', NULL, "#ffcc80", 33, "lazily freed, not purged yet (unpurged vm_area)" },
	[C_MAP_RAM] = { '=', NULL, "#b39ddb", 35, "vm_map_ram / vmap block" },
	[C_STATIC] = { '@', NULL, "#78909c", 36, "static mapping (iotable)" },
	[C_SETUP] = { '?', NULL, "#ffff00", 93, "being set up, or its vm_struct unreadable" },
	[C_POOLED] = { '-', NULL, "#dcedc8", 32, "free area cached in a vmap_node pool" },
	[C_OTHER] = { '#', NULL, "#616161", 0, "other callers" },
};

struct acc {
	uint64_t *bytes;       /* ncells x ncls */
	uint32_t *areas;       /* areas touching each cell */
	const struct mm_vmalloc_caller *callers;
	long ncallers;
};

static int caller_class(const struct acc *a, kva_t caller)
{
	for (long i = 0; i < a->ncallers && i < TOP_CALLERS; i++)
		if (a->callers[i].caller == caller)
			return C_CALLER0 + (int)i;
	return C_OTHER;
}

static int area_class(const struct acc *acc, const struct mm_vmalloc_area *a)
{
	if (a->vm_bad)
		return C_SETUP;
	switch (a->state) {
	case MM_VA_LIVE: return caller_class(acc, a->caller);
	case MM_VA_STATIC: return C_STATIC;
	case MM_VA_VM_MAP_RAM: return C_MAP_RAM;
	case MM_VA_LAZY: return C_LAZY;
	case MM_VA_POOLED: return C_POOLED;
	default: return C_SETUP;
	}
}

struct span_cls {
	struct acc *acc;
	int cls;
};

static void add_bytes(size_t cell, uint64_t n, void *ctx)
{
	struct span_cls *sc = ctx;
	sc->acc->bytes[cell * MM_MAP_MAXCLS + (size_t)sc->cls] += n;
}

/* Adds [s, e) of class cls to the cells it covers. */
static void add_span(struct mm_map *m, struct acc *acc, uint64_t s, uint64_t e, int cls)
{
	struct span_cls sc = { acc, cls };
	mm_map_spread(m, s, e, add_bytes, &sc);
}

static void count_area(struct mm_map *m, struct acc *acc, uint64_t s, uint64_t e)
{
	long first = mm_map_cell_of(m, s < m->lo ? m->lo : s);
	long last = mm_map_cell_of(m, (e > m->hi ? m->hi : e) - 1);

	for (long i = first; i >= 0 && i <= last; i++)
		acc->areas[i]++;
}

static void legend(struct mm_kernel *k, struct mm_map *m, const struct acc *acc)
{
	char sym[160], sz[24];

	mm_map_legend(m, fixed_legend, C_CALLER0);
	for (long i = 0; i < acc->ncallers && i < TOP_CALLERS; i++) {
		const struct mm_vmalloc_caller *c = &acc->callers[i];
		int j = mm_map_class(m, (char)('A' + i), NULL, caller_color[i], caller_ansi[i], "%s  (%u area%s, %s)",
				     c->caller ? mm_vmalloc_caller_ps(k, c->caller, sym, sizeof(sym)) : "(no caller)",
				     c->count, c->count == 1 ? "" : "s", mm_fmt_size(sz, sizeof(sz), c->bytes));
		m->cls[j].keep = 1;
	}
}

/* One cell decided from its bytes per class: who holds most, and how much is free. */
static void decide(struct mm_map *m, struct mm_map_cell *c, const uint64_t *bytes, uint32_t areas)
{
	uint64_t span = c->end - c->start, used = 0, best = 0;
	int cls = C_FREE;
	char sz[24];

	for (int j = m->ncls - 1; j >= C_GUARD; j--) { /* ties: callers before guard pages */
		used += bytes[j];
		if (bytes[j] > best) {
			best = bytes[j];
			cls = j;
		}
	}
	if (used > span)
		used = span; /* overlapping areas: reported by the walker as problems */
	c->used = (uint8_t)(span ? used * 100 / span : 0);
	if (used && !c->used)
		c->used = 1;
	if (!used) {
		c->cls = C_FREE;
		c->glyph = m->cls[C_FREE].glyph;
		return;
	}
	/* No "mostly free" class: a threshold on the free share draws stripes where areas and
	 * cells have different periods; the share is in used, the hover and the SVG level. */
	c->cls = cls;
	c->glyph = m->cls[cls].glyph;
	if (used < span && isupper((unsigned char)c->glyph))
		c->glyph = (char)tolower((unsigned char)c->glyph); /* part of the cell is free */
	if (used < span)
		c->level = c->used ? c->used : 1;
	snprintf(c->owner, sizeof(c->owner), "%.80s; %u area%s, %s free", m->cls[cls].name, areas,
		 areas == 1 ? "" : "s", mm_fmt_size(sz, sizeof(sz), span - used));
}

int mm_map_vmalloc(struct mm_kernel *k, const struct mm_vmalloc *v, kva_t lo, uint64_t hi, int cols,
		   uint64_t cell, const char *key, const char *name, struct mm_map *m)
{
	struct mm_vmalloc_caller *callers = NULL;
	struct acc acc = { 0 };
	char sz[24], csz[24];
	int rc = -1;

	memset(m, 0, sizeof(*m));
	if (hi <= lo)
		return -1;
	if (!cell)
		cell = mm_map_cell_span(hi - lo, cols, MM_MAP_ROWS, k->page_size);
	if (mm_map_init(m, lo, hi, cell, cols))
		return -1;
	acc.ncallers = mm_vmalloc_callers(v, lo, hi > 0xffffffffu ? 0xffffffffu : (kva_t)hi, 0, &callers);
	acc.callers = callers;
	acc.bytes = calloc(m->ncells * MM_MAP_MAXCLS, sizeof(*acc.bytes));
	acc.areas = calloc(m->ncells, sizeof(*acc.areas));
	if (acc.ncallers < 0 || !acc.bytes || !acc.areas)
		goto out;
	snprintf(m->key, sizeof(m->key), "%s", key);
	snprintf(m->title, sizeof(m->title), "%s MAP  %08llx-%08llx (%s), %s a cell, %d cells a row", name,
		 (unsigned long long)lo, (unsigned long long)hi, mm_fmt_size(sz, sizeof(sz), hi - lo),
		 mm_fmt_size(csz, sizeof(csz), cell), cols);
	legend(k, m, &acc);
	for (size_t i = 0; i < v->narea; i++) {
		const struct mm_vmalloc_area *a = &v->area[i];
		uint64_t g;
		if (a->end <= lo || a->start >= hi || a->end <= a->start)
			continue;
		g = mm_vmalloc_guard_start(k, v, a);
		add_span(m, &acc, a->start, g, area_class(&acc, a));
		add_span(m, &acc, g, a->end, C_GUARD);
		count_area(m, &acc, a->start, a->end);
	}
	for (size_t i = 0; i < m->ncells; i++)
		decide(m, &m->cells[i], &acc.bytes[i * MM_MAP_MAXCLS], acc.areas[i]);
	snprintf(m->note, sizeof(m->note),
		 "a cell shows who holds most of it; lower case (SVG: a partly filled cell): part of it is free");
	rc = 0;
out:
	if (rc)
		mm_map_free(m);
	free(acc.bytes);
	free(acc.areas);
	free(callers);
	return rc;
}

void mm_map_vmalloc_emit(struct mm_kernel *k, struct mm_out *o, const struct mm_map_opts *mo,
			 const struct mm_vmalloc *v)
{
	struct mm_map maps[2];
	int n = 0, cols = mm_map_columns(mo, mm_out_file(o));

	if (!mm_map_vmalloc(k, v, k->vmalloc_start, k->vmalloc_end, cols, 0, "vmalloc", "VMALLOC", &maps[n]))
		n++;
	if (k->modules_end > k->modules_vaddr &&
	    !mm_map_vmalloc(k, v, k->modules_vaddr, k->modules_end, cols, 0, "modules", "MODULES", &maps[n]))
		n++;
	mm_map_emit(o, mo, "vmalloc and modules space", maps, n);
	for (int i = 0; i < n; i++)
		mm_map_free(&maps[i]);
}
