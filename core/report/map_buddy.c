/* Physical memory as maps, one per zone: each cell a fixed run of pfns showing the largest
 * free block touching it (its order, 0-9, A for 10 and up) from the buddy free lists, or else
 * what most of its pages are (slab, page table, reserved, in use) from their struct pages. */
#include "map.h"
#include "../cmd.h"
#include "../page_alloc/page.h"
#include "../page_alloc/page_alloc.h"
#include <stdlib.h>
#include <string.h>

#define NORDER_CLS 11 /* 0..9 and A for >= 10 */

enum { C_NONE, C_ORDER0, C_USED = C_ORDER0 + NORDER_CLS, C_SLAB, C_PGTABLE, C_RESERVED, C_PCP,
       C_UNREADABLE, C_NCLS };

static const char *const order_color[NORDER_CLS] = {
	"#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#2e9e4f",
	"#238b45", "#137d3a", "#006d2c", "#005a24", "#00441b",
};

static const struct mm_map_legend kinds_legend[C_NCLS - C_USED] = {
	[C_USED - C_USED] = { '#', NULL, "#9e9e9e", 0, "in use (kernel, page cache, anonymous)" },
	[C_SLAB - C_USED] = { 'S', NULL, "#ff9800", 33, "slab" },
	[C_PGTABLE - C_USED] = { 'P', NULL, "#2196f3", 34, "page table" },
	[C_RESERVED - C_USED] = { 'R', NULL, "#424242", 90, "reserved" },
	[C_PCP - C_USED] = { '-', NULL, "#fff59d", 0, "refcount 0, not on a free list (per-cpu lists, being freed)" },
	[C_UNREADABLE - C_USED] = { '?', NULL, "#ff00ff", 35, "struct page unreadable" },
};

struct block {
	uint64_t pfn;
	int order, mt;
};

struct cellacc {
	uint64_t free;          /* free pages (on the free lists) */
	int order, mt;          /* the largest free block touching the cell */
	uint32_t kind[C_NCLS];  /* pages not free, by class */
};

struct zmap {
	struct mm_map *m;
	struct cellacc *acc;
	struct block *b;
	size_t nb, cap, next;   /* next: first block not wholly below the scan */
	uint64_t end;
	struct mm_page_kinds pk;
	size_t psize;           /* sizeof(struct page) */
	int head_cls;           /* class of the last head page: its tails share it */
};

static void add_block(uint64_t pfn, int order, int mt, void *ctx)
{
	struct zmap *z = ctx;

	if (order < 0 || order >= MM_MAX_ORDERS)
		return;
	if (z->nb == z->cap) {
		size_t cap = z->cap ? z->cap * 2 : 256;
		struct block *nb = realloc(z->b, cap * sizeof(*nb));
		if (!nb)
			return;
		z->b = nb;
		z->cap = cap;
	}
	z->b[z->nb++] = (struct block){ pfn, order, mt };
}

static int by_pfn(const void *a, const void *b)
{
	const struct block *x = a, *y = b;
	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

struct free_ctx {
	struct zmap *z;
	const struct block *b;
};

static void add_free(size_t cell, uint64_t pages, void *ctx)
{
	struct free_ctx *f = ctx;
	struct cellacc *a = &f->z->acc[cell];

	a->free += pages;
	if (f->b->order > a->order) {
		a->order = f->b->order;
		a->mt = f->b->mt;
	}
}

static void mark_free(struct zmap *z, const struct block *b)
{
	struct free_ctx f = { z, b };
	mm_map_spread(z->m, b->pfn, b->pfn + (1ULL << b->order), add_free, &f);
}

static int kind_class(enum mm_page_kind kind)
{
	switch (kind) {
	case MM_PAGE_SLAB: return C_SLAB;
	case MM_PAGE_PGTABLE: return C_PGTABLE;
	case MM_PAGE_RESERVED: return C_RESERVED;
	case MM_PAGE_PCP: return C_PCP;
	default: return C_USED;
	}
}

static int scan_page(struct mm_kernel *k, uint64_t pfn, kva_t page, const uint8_t *buf, void *ctx)
{
	struct zmap *z = ctx;
	long i = mm_map_cell_of(z->m, pfn);
	int tail, order, cls;

	(void)k;
	(void)page;
	if (i < 0)
		return 0;
	while (z->next < z->nb && z->b[z->next].pfn + (1ULL << z->b[z->next].order) <= pfn)
		z->next++;
	if (z->next < z->nb && z->b[z->next].pfn <= pfn)
		return 0; /* inside a free block: counted from the lists */
	if (!buf) {
		z->acc[i].kind[C_UNREADABLE]++;
		return 0;
	}
	cls = kind_class(mm_page_kind_of(&z->pk, buf, z->psize, &tail, &order));
	if (tail && z->head_cls >= 0)
		cls = z->head_cls;
	else if (!tail)
		z->head_cls = cls;
	z->acc[i].kind[cls]++;
	return 0;
}

static void legend(struct mm_map *m, const struct mm_zones *z)
{
	mm_map_class(m, ' ', NULL, "#ffffff", 0, "no struct page (a hole in the memory map)");
	for (int o = 0; o < NORDER_CLS; o++)
		mm_map_class(m, (char)(o < 10 ? '0' + o : 'A'), NULL, order_color[o], o < 4 ? 33 : 32,
			     "free: the largest free block here is order %d%s%s", o, o == 10 ? " or more" : "",
			     o >= z->norders ? " (beyond this kernel's orders)" : "");
	mm_map_legend(m, kinds_legend, C_NCLS - C_USED);
}

static void decide(struct mm_map *m, const struct mm_zones *z, struct mm_map_cell *c,
		   const struct cellacc *a, int page_shift)
{
	uint64_t span = c->end - c->start, used = 0;
	uint32_t best = 0;
	int cls = C_NONE;
	size_t n = 0;

	for (int j = C_USED; j < C_UNREADABLE; j++) {
		used += a->kind[j];
		if (a->kind[j] > best) {
			best = a->kind[j];
			cls = j;
		}
	}
	if (!best && a->kind[C_UNREADABLE])
		cls = C_UNREADABLE;
	if (a->free)
		cls = C_ORDER0 + (a->order < NORDER_CLS ? a->order : NORDER_CLS - 1);
	c->cls = cls;
	c->glyph = m->cls[cls].glyph;
	c->used = (uint8_t)(span ? used * 100 / span : 0);
	if (used && !c->used)
		c->used = 1;
#define ADD(...) do { if (n < sizeof(c->owner)) n += (size_t)snprintf(c->owner + n, sizeof(c->owner) - n, __VA_ARGS__); } while (0)
	ADD("phys %llx-%llx", (unsigned long long)(c->start << page_shift),
	    (unsigned long long)((c->end << page_shift) - 1));
	if (a->free)
		ADD("; free %llu, largest order %d %s", (unsigned long long)a->free, a->order,
		    a->mt >= 0 && a->mt < z->nmt ? z->mt_name[a->mt] : "");
	if (a->kind[C_SLAB])
		ADD("; slab %u", a->kind[C_SLAB]);
	if (a->kind[C_PGTABLE])
		ADD("; page table %u", a->kind[C_PGTABLE]);
	if (a->kind[C_RESERVED])
		ADD("; reserved %u", a->kind[C_RESERVED]);
	if (a->kind[C_USED])
		ADD("; in use %u", a->kind[C_USED]);
	if (a->kind[C_PCP])
		ADD("; refcount 0 %u", a->kind[C_PCP]);
	if (a->kind[C_UNREADABLE])
		ADD("; unreadable %u", a->kind[C_UNREADABLE]);
#undef ADD
}

int mm_map_zone(struct mm_kernel *k, const struct mm_memmap *mm, const struct mm_zones *z,
		const struct mm_zone *zn, int cols, uint64_t cell, struct mm_map *m, struct mm_err *err)
{
	struct zmap zm = { .m = m, .head_cls = -1, .psize = (size_t)mm->page_size };
	struct mm_freelists *f = calloc(1, sizeof(*f));
	char sz[24];
	int rc;

	memset(m, 0, sizeof(*m));
	if (!f)
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	if (!cell)
		cell = mm_map_cell_span(zn->spanned, cols, MM_MAP_ROWS, 1);
	if (!zn->spanned || mm_map_init(m, zn->start_pfn, zn->start_pfn + zn->spanned, cell, cols) ||
	    !(zm.acc = calloc(m->ncells, sizeof(*zm.acc)))) {
		free(f);
		mm_map_free(m);
		return mm_err_set(err, MM_ENOMEM, "zone %s: no map of %llu pages", zn->name,
				  (unsigned long long)zn->spanned);
	}
	m->pfn = 1;
	snprintf(m->key, sizeof(m->key), "%s", zn->name);
	snprintf(m->title, sizeof(m->title), "ZONE %s MAP  pfn %llx-%llx (%s), %llu page%s a cell, %d cells a row",
		 zn->name, (unsigned long long)zn->start_pfn, (unsigned long long)(zn->start_pfn + zn->spanned),
		 mm_fmt_size(sz, sizeof(sz), zn->spanned << k->page_shift), (unsigned long long)cell,
		 cell == 1 ? "" : "s", cols);
	legend(m, z);
	for (size_t i = 0; i < m->ncells; i++)
		zm.acc[i].order = zm.acc[i].mt = -1;
	rc = mm_freelists_blocks(k, mm, z, zn, f, add_block, &zm, err);
	if (rc >= 0) {
		if (zm.nb) /* qsort of NULL is undefined even for 0 */
			qsort(zm.b, zm.nb, sizeof(*zm.b), by_pfn);
		for (size_t i = 0; i < zm.nb; i++)
			mark_free(&zm, &zm.b[i]);
		/* only pfns the memory map has: a corrupt zone span does not make a long scan */
		uint64_t lo = m->lo > mm->start_pfn ? m->lo : mm->start_pfn;
		uint64_t hi = m->hi < mm->end_pfn ? m->hi : mm->end_pfn;
		mm_page_kinds_init(k, &zm.pk);
		rc = lo < hi ? mm_page_range(k, mm, lo, hi, scan_page, &zm, err) : MM_OK;
	}
	for (size_t i = 0; i < m->ncells; i++)
		decide(m, z, &m->cells[i], &zm.acc[i], (int)k->page_shift);
	snprintf(m->note, sizeof(m->note), "%llu free blocks on the lists%s", (unsigned long long)zm.nb,
		 f->nissues ? "; the free lists have problems (mmview buddy lists them)" : "");
	free(zm.acc);
	free(zm.b);
	free(f);
	return rc < 0 ? rc : MM_OK;
}

void mm_map_buddy_emit(struct mm_kernel *k, struct mm_out *o, const struct mm_map_opts *mo,
		       const struct mm_zones *z, const struct mm_memmap *mm)
{
	struct mm_map maps[MM_MAX_ZONES];
	int n = 0, cols = mm_map_columns(mo, mm_out_file(o));

	for (int i = 0; i < z->nr_zones && n < MM_MAX_ZONES; i++) {
		struct mm_err err = { 0 };
		char where[48];
		if (!z->zone[i].spanned)
			continue;
		if (mm_map_zone(k, mm, z, &z->zone[i], cols, 0, &maps[n], &err)) {
			snprintf(where, sizeof(where), "buddy map %s", z->zone[i].name);
			mm_out_error(o, where, &err);
		}
		if (maps[n].ncells)
			n++;
	}
	mm_map_emit(o, mo, "physical memory by zone", maps, n);
	for (int i = 0; i < n; i++)
		mm_map_free(&maps[i]);
}
