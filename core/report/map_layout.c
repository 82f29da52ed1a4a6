/* The 4 GiB virtual space as maps: one strip to scale (a region too small for a cell gets a
 * width growing with the log of its size), then one row per region showing how full each
 * slice of it is: vmalloc and modules from the kernel's areas, lowmem from the buddy free
 * lists, the small fixed regions from the page tables, user space not at all. */
#include "map.h"
#include "../cmd.h"
#include "../arm/layout.h"
#include "../arm/pgtable.h"
#include "../page_alloc/memmap.h"
#include "../page_alloc/page_alloc.h"
#include "../vmalloc/vmalloc.h"
#include <stdlib.h>
#include <string.h>

struct span {
	uint64_t s, e;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

static void span_add(struct spans *sp, uint64_t s, uint64_t e)
{
	if (e <= s)
		return;
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 256;
		struct span *nv = realloc(sp->v, cap * sizeof(*nv));
		if (!nv)
			return;
		sp->v = nv;
		sp->cap = cap;
	}
	sp->v[sp->n++] = (struct span){ s, e };
}

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* Sorts and merges, so that overlap() can add without counting twice. */
static void spans_done(struct spans *sp)
{
	size_t m = 0;

	if (sp->n) /* qsort of NULL is undefined even for 0 */
		qsort(sp->v, sp->n, sizeof(*sp->v), by_start);
	for (size_t i = 0; i < sp->n; i++) {
		if (m && sp->v[i].s <= sp->v[m - 1].e) {
			if (sp->v[i].e > sp->v[m - 1].e)
				sp->v[m - 1].e = sp->v[i].e;
		} else
			sp->v[m++] = sp->v[i];
	}
	sp->n = m;
}

/* Bytes of [s, e) the spans cover. */
static uint64_t overlap(const struct spans *sp, uint64_t s, uint64_t e)
{
	size_t lo = 0, hi = sp->n;
	uint64_t sum = 0;

	while (lo < hi) { /* first span ending after s */
		size_t mid = (lo + hi) / 2;
		if (sp->v[mid].e <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < sp->n && sp->v[i].s < e; i++) {
		uint64_t a = sp->v[i].s > s ? sp->v[i].s : s, b = sp->v[i].e < e ? sp->v[i].e : e;
		if (b > a)
			sum += b - a;
	}
	return sum;
}

/* What the occupancy of each kind of region is measured from. */
struct occ {
	struct spans areas;    /* vmalloc areas */
	struct spans lowfree;  /* free lowmem (buddy blocks), virtual */
	struct spans mapped;   /* page-table leaves of the small regions */
	int areas_ok, lowfree_ok, mapped_ok;
};

enum src { SRC_NONE, SRC_AREAS, SRC_LOWMEM, SRC_MAPPED };

static enum src source_of(enum mm_region_kind kind)
{
	switch (kind) {
	case MM_REGION_MODULES: case MM_REGION_VMALLOC: case MM_REGION_STATIC_MAP:
		return SRC_AREAS;
	case MM_REGION_LOWMEM: case MM_REGION_KERNEL:
		return SRC_LOWMEM;
	case MM_REGION_PKMAP: case MM_REGION_FIXMAP: case MM_REGION_VECTORS: case MM_REGION_DMA:
	case MM_REGION_FDT: case MM_REGION_GUARD:
		return SRC_MAPPED;
	default:
		return SRC_NONE;
	}
}

/* Percent of [s, e) in use, -1 unknown. */
static int used_pct(const struct occ *oc, enum src src, uint64_t s, uint64_t e, uint64_t *used)
{
	uint64_t u;

	switch (src) {
	case SRC_AREAS:
		if (!oc->areas_ok)
			return -1;
		u = overlap(&oc->areas, s, e);
		break;
	case SRC_LOWMEM:
		if (!oc->lowfree_ok)
			return -1;
		u = (e - s) - overlap(&oc->lowfree, s, e);
		break;
	case SRC_MAPPED:
		if (!oc->mapped_ok)
			return -1;
		u = overlap(&oc->mapped, s, e);
		break;
	default:
		return -1;
	}
	*used = u;
	return e > s ? (int)((u * 100 + (e - s) - 1) / (e - s)) : 0; /* any use shows */
}

static int add_leaf(struct mm_kernel *k, const struct mm_pt_leaf *leaf, void *ctx)
{
	(void)k;
	span_add(ctx, leaf->va, (uint64_t)leaf->va + leaf->size);
	return 0;
}

static void add_free(uint64_t pfn, int order, int mt, void *ctx)
{
	struct { struct mm_kernel *k; struct spans *sp; } *c = ctx;
	kva_t va;
	(void)mt;
	if (mm_pfn_to_lowmem(c->k, pfn, &va, NULL) == MM_OK)
		span_add(c->sp, va, (uint64_t)va + ((uint64_t)c->k->page_size << order));
}

static void report(struct mm_out *o, const char *what, const struct mm_err *err)
{
	if (o)
		mm_out_error(o, what, err);
}

/* Reads what occupancy is measured from; failures leave that source unknown (and say so in o,
 * if given). */
static void read_occ(struct mm_kernel *k, struct mm_out *o, const struct mm_layout *l, struct occ *oc)
{
	struct mm_vmalloc v;
	struct mm_zones *z = calloc(1, sizeof(*z));
	struct mm_freelists *f = calloc(1, sizeof(*f));
	struct mm_memmap mm;
	struct mm_err err = { 0 };
	struct { struct mm_kernel *k; struct spans *sp; } fc = { k, &oc->lowfree };

	if (mm_vmalloc_read(k, &v, &err) == MM_OK || v.narea) {
		for (size_t i = 0; i < v.narea; i++)
			if (v.area[i].state != MM_VA_POOLED)
				span_add(&oc->areas, v.area[i].start, v.area[i].end);
		oc->areas_ok = 1;
	}
	if (err.code)
		report(o, "layout map: vmalloc areas", &err);
	mm_vmalloc_free(&v);
	err = (struct mm_err){ 0 };
	if (z && f && mm_memmap_open(k, &mm, &err) == MM_OK && (mm_zones_read(k, z, &err) == MM_OK || z->nr_zones)) {
		oc->lowfree_ok = 1;
		for (int i = 0; i < z->nr_zones; i++)
			if (z->zone[i].spanned && mm_freelists_blocks(k, &mm, z, &z->zone[i], f, add_free, &fc, &err) < 0)
				oc->lowfree_ok = 0;
	}
	if (!oc->lowfree_ok)
		report(o, "layout map: free lists", &err);
	free(z);
	free(f);
	oc->mapped_ok = 1;
	for (int i = 0; i < l->n; i++) {
		const struct mm_region *r = &l->r[i];
		err = (struct mm_err){ 0 };
		if (source_of(r->kind) == SRC_MAPPED && r->parent < 0 &&
		    mm_pt_scan(k, r->start, r->end, add_leaf, NULL, &oc->mapped, &err)) {
			report(o, "layout map: page tables", &err);
			oc->mapped_ok = 0;
		}
	}
	spans_done(&oc->areas);
	spans_done(&oc->lowfree);
	spans_done(&oc->mapped);
}

static const struct { enum mm_region_kind kind; char glyph; const char *color; int ansi; } kind_look[] = {
	{ MM_REGION_NONE, ' ', "#ffffff", 0 },     { MM_REGION_USER, 'U', "#b0bec5", 0 },
	{ MM_REGION_MODULES, 'M', "#8e24aa", 35 }, { MM_REGION_PKMAP, 'K', "#00897b", 36 },
	{ MM_REGION_LOWMEM, 'L', "#43a047", 32 },  { MM_REGION_KERNEL, 'I', "#1b5e20", 32 },
	{ MM_REGION_VMALLOC, 'V', "#1e88e5", 34 }, { MM_REGION_STATIC_MAP, 'S', "#546e7a", 36 },
	{ MM_REGION_DMA, 'D', "#6d4c41", 33 },     { MM_REGION_FDT, 'T', "#fdd835", 33 },
	{ MM_REGION_GUARD, '.', "#eeeeee", 0 },    { MM_REGION_FIXMAP, 'F', "#e53935", 31 },
	{ MM_REGION_VECTORS, 'X', "#fb8c00", 33 },
};

static int look_of(enum mm_region_kind kind)
{
	for (size_t i = 0; i < sizeof(kind_look) / sizeof(kind_look[0]); i++)
		if (kind_look[i].kind == kind)
			return (int)i;
	return 0;
}

/* The strip: top-level regions and the holes between them, ascending. */
struct piece {
	uint64_t s, e;
	int region;   /* index in the layout, -1 a hole */
	double w;
	int cells;
};

static int by_piece(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

static int ilog2(uint64_t x)
{
	int n = 0;
	while (x >>= 1)
		n++;
	return n;
}

static int strip(struct mm_kernel *k, const struct mm_layout *l, const struct occ *oc, int cols,
		 struct mm_map *m)
{
	struct piece p[2 * MM_MAX_REGIONS + 2];
	int n = 0, np = 0, total = 0, cls[sizeof(kind_look) / sizeof(kind_look[0])];
	uint64_t cur = 0;
	size_t ci = 0;

	for (int i = 0; i < l->n && n < MM_MAX_REGIONS; i++)
		if (l->r[i].parent < 0)
			p[n++] = (struct piece){ l->r[i].start, l->r[i].end, i, 0, 0 };
	qsort(p, (size_t)n, sizeof(*p), by_piece);
	for (int i = 0; i < n; i++) { /* holes between regions */
		if (p[i].s > cur && n + np < (int)(sizeof(p) / sizeof(p[0])))
			p[n + np++] = (struct piece){ cur, p[i].s, -1, 0, 0 };
		if (p[i].e > cur)
			cur = p[i].e;
	}
	if (cur < 0x100000000ull && n + np < (int)(sizeof(p) / sizeof(p[0])))
		p[n + np++] = (struct piece){ cur, 0x100000000ull, -1, 0, 0 };
	n += np;
	qsort(p, (size_t)n, sizeof(*p), by_piece);
	/* width: linear, but at least 1 + log2(size / page) / 4 cells; the big ones give way */
	{
		double floor_sum = 0, lin_sum = 0, scale;
		for (int i = 0; i < n; i++) {
			double lin = cols * (double)(p[i].e - p[i].s) / 4294967296.0;
			double fl = 1 + ilog2((p[i].e - p[i].s) / k->page_size + 1) / 4.0;
			p[i].w = lin > fl ? lin : fl;
			if (lin > fl)
				lin_sum += lin;
			else
				floor_sum += fl;
		}
		scale = lin_sum > 0 ? (cols - floor_sum) / lin_sum : 1;
		for (int i = 0; i < n; i++) {
			double lin = cols * (double)(p[i].e - p[i].s) / 4294967296.0;
			if (lin > p[i].w - 1e-9 && scale > 0)
				p[i].w = lin * scale;
			p[i].cells = p[i].w < 1 ? 1 : (int)(p[i].w + 0.5);
			total += p[i].cells;
		}
		while (total > cols) { /* rounding: take from the widest */
			int wi = 0;
			for (int i = 1; i < n; i++)
				if (p[i].cells > p[wi].cells)
					wi = i;
			if (p[wi].cells <= 1)
				break;
			p[wi].cells--;
			total--;
		}
	}
	if (mm_map_init_cells(m, (size_t)total, total))
		return -1;
	snprintf(m->key, sizeof(m->key), "layout");
	snprintf(m->title, sizeof(m->title), "VIRTUAL LAYOUT  00000000-ffffffff (4G) to scale, small regions widened");
	m->lo = 0;
	m->hi = 0x100000000ull;
	for (size_t j = 0; j < sizeof(kind_look) / sizeof(kind_look[0]); j++)
		cls[j] = -1;
	for (int i = 0; i < n; i++) {
		enum mm_region_kind kind = p[i].region >= 0 ? l->r[p[i].region].kind : MM_REGION_NONE;
		int lk = look_of(kind);
		uint64_t slice = (p[i].e - p[i].s) / (uint64_t)p[i].cells;
		if (cls[lk] < 0)
			cls[lk] = mm_map_class(m, kind_look[lk].glyph, NULL, kind_look[lk].color, kind_look[lk].ansi,
					       "%s", kind == MM_REGION_NONE ? "not mapped (hole)" : mm_region_kind_name(kind));
		for (int c = 0; c < p[i].cells; c++, ci++) {
			struct mm_map_cell *cell = &m->cells[ci];
			uint64_t used = 0;
			int pct;
			char sz[24];
			cell->start = p[i].s + (uint64_t)c * slice;
			cell->end = c + 1 == p[i].cells ? p[i].e : cell->start + slice;
			cell->cls = cls[lk];
			cell->glyph = kind_look[lk].glyph;
			pct = used_pct(oc, source_of(kind), cell->start, cell->end, &used);
			cell->used = (uint8_t)(pct > 0 ? pct : 0);
			cell->level = (uint8_t)(pct > 0 && pct < 100 ? pct : 0);
			snprintf(cell->owner, sizeof(cell->owner), "%s %llx-%llx (%s)%s",
				 p[i].region >= 0 ? l->r[p[i].region].name : "hole", (unsigned long long)p[i].s,
				 (unsigned long long)p[i].e - 1, mm_fmt_size(sz, sizeof(sz), p[i].e - p[i].s),
				 pct < 0 ? ", use not known" : "");
		}
	}
	m->ncells = ci;
	snprintf(m->note, sizeof(m->note), "a region too small for a cell is widened by the log of its size: the "
		 "hover titles and the rows below give the addresses");
	return 0;
}

static const char ramp_ascii[] = " .:+#";
static const char *const ramp_utf8[] = { NULL, "\xe2\x96\x91", "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88" };
static const char *const ramp_color[] = { "#f5f5f5", "#c6dbef", "#6baed6", "#2171b5", "#08306b" };

static int ramp(int pct)
{
	return pct <= 0 ? 0 : pct < 25 ? 1 : pct < 50 ? 2 : pct < 75 ? 3 : 4;
}

/* One row per region (user space left out: nothing to measure it by). */
static int rows(const struct mm_layout *l, const struct occ *oc, int cols, struct mm_map *m)
{
	int nr = 0, unknown;
	size_t ci = 0;

	for (int i = 0; i < l->n; i++)
		nr += l->r[i].kind != MM_REGION_USER && nr < MM_MAP_MAXROWNAMES;
	if (!nr || mm_map_init_cells(m, (size_t)nr * (size_t)cols, cols))
		return -1;
	snprintf(m->key, sizeof(m->key), "occupancy");
	snprintf(m->title, sizeof(m->title), "REGIONS  each row one region, %d cells; how much of each slice is in use", cols);
	m->lo = 0;
	m->hi = 0x100000000ull;
	for (int r = 0; r < 5; r++)
		mm_map_class(m, ramp_ascii[r], ramp_utf8[r], ramp_color[r], r ? 34 : 0, "%s",
			     r == 0 ? "nothing in use" : r == 1 ? "under 25% in use" : r == 2 ? "25-50% in use"
			     : r == 3 ? "50-75% in use" : "75-100% in use");
	unknown = mm_map_class(m, '?', NULL, "#ffff8d", 93, "use not known (its source was unreadable)");
	for (int i = 0; i < l->n && m->nrowname < nr; i++) {
		const struct mm_region *r = &l->r[i];
		enum src src = source_of(r->kind);
		uint64_t span = r->end - r->start;
		if (r->kind == MM_REGION_USER)
			continue;
		snprintf(m->rowname[m->nrowname++], sizeof(m->rowname[0]), "%s%s", r->parent >= 0 ? " " : "", r->name);
		for (int c = 0; c < cols; c++, ci++) {
			struct mm_map_cell *cell = &m->cells[ci];
			uint64_t used = 0;
			int pct;
			char sz[24];
			cell->start = r->start + span * (uint64_t)c / (uint64_t)cols;
			cell->end = r->start + span * (uint64_t)(c + 1) / (uint64_t)cols;
			if (cell->end <= cell->start) /* a region narrower than a byte a cell */
				cell->end = cell->start + 1;
			pct = used_pct(oc, src, cell->start, cell->end, &used);
			cell->cls = pct < 0 ? unknown : ramp(pct);
			cell->glyph = m->cls[cell->cls].glyph;
			cell->used = (uint8_t)(pct > 0 ? pct : 0);
			snprintf(cell->owner, sizeof(cell->owner), "%s: %s of the slice in use", r->name,
				 pct < 0 ? "?" : mm_fmt_size(sz, sizeof(sz), used));
		}
	}
	m->ncells = ci;
	snprintf(m->note, sizeof(m->note), "vmalloc/modules: the kernel's areas; lowmem: not on the buddy free "
		 "lists; the others: mapped in the page tables");
	return 0;
}

int mm_map_layout(struct mm_kernel *k, struct mm_out *o, int cols, struct mm_map maps[2])
{
	const struct mm_layout *l = mm_layout(k);
	struct occ oc = { 0 };
	int n = 0;

	memset(maps, 0, 2 * sizeof(*maps));
	read_occ(k, o, l, &oc);
	if (!strip(k, l, &oc, cols, &maps[n]))
		n++;
	if (!rows(l, &oc, cols > 32 ? cols - 16 : cols, &maps[n]))
		n++;
	free(oc.areas.v);
	free(oc.lowfree.v);
	free(oc.mapped.v);
	return n;
}

void mm_map_layout_emit(struct mm_kernel *k, struct mm_out *o, const struct mm_map_opts *mo)
{
	struct mm_map maps[2];
	int n = mm_map_layout(k, o, mm_map_columns(mo, mm_out_file(o)), maps);

	mm_map_emit(o, mo, "virtual memory layout", maps, n);
	for (int i = 0; i < n; i++)
		mm_map_free(&maps[i]);
}
