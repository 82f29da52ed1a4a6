/* The ARM paging forms as data, and the one step that walks any of them. */
#include "pgtable.h"
#include "../read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- bit decoding tables ---- */

/* Linux memory types, L_PTE_MT_* >> 2 (arch/arm/include/asm/pgtable-2level.h). */
static const char *const short_mt[16] = {
	"UNCACHED", "BUFFERABLE", "WRITETHROUGH", "WRITEBACK", "DEV_SHARED", NULL, "MINICACHE",
	"WRITEALLOC", NULL, "DEV_WC", NULL, "DEV_CACHED", "DEV_NONSHARED", NULL, NULL, "VECTORS",
};
/* LPAE AttrIndx (pgtable-3level.h): several Linux names share an index. */
static const char *const lpae_mt[8] = {
	"UNCACHED", "BUFFERABLE", "WRITETHROUGH", "WRITEBACK", "DEV_SHARED", NULL, NULL, "WRITEALLOC",
};

#define BIT1(n, s) { n, s, 1, NULL, 0 }
#define FIELD(n, s, w) { n, s, w, NULL, 0 }
#define NAMED(n, s, w, v) { n, s, w, v, sizeof(v) / sizeof(v[0]) }
#define BITS_END { NULL, 0, 0, NULL, 0 }

static const struct mm_pt_bits linux_pte_bits[] = {
	BIT1("PRESENT", 0), BIT1("YOUNG", 1), NAMED("MT", 2, 4, short_mt), BIT1("DIRTY", 6),
	BIT1("RDONLY", 7), BIT1("USER", 8), BIT1("XN", 9), BIT1("SHARED", 10), BIT1("NONE", 11),
	BITS_END,
};
static const struct mm_pt_bits l1_table_bits[] = { BIT1("NS", 3), FIELD("DOMAIN", 5, 4), BITS_END };
static const struct mm_pt_bits section_bits[] = {
	BIT1("B", 2), BIT1("C", 3), BIT1("XN", 4), FIELD("DOMAIN", 5, 4), FIELD("AP", 10, 2),
	FIELD("TEX", 12, 3), BIT1("APX", 15), BIT1("S", 16), BIT1("nG", 17), BIT1("NS", 19),
	BITS_END,
};
static const struct mm_pt_bits supersection_bits[] = {
	BIT1("B", 2), BIT1("C", 3), BIT1("XN", 4), FIELD("AP", 10, 2), FIELD("TEX", 12, 3),
	BIT1("APX", 15), BIT1("S", 16), BIT1("nG", 17), BIT1("NS", 19), BITS_END,
};
static const struct mm_pt_bits small_bits[] = {
	BIT1("XN", 0), BIT1("B", 2), BIT1("C", 3), FIELD("AP", 4, 2), FIELD("TEX", 6, 3),
	BIT1("APX", 9), BIT1("S", 10), BIT1("nG", 11), BITS_END,
};
static const struct mm_pt_bits large_bits[] = {
	BIT1("B", 2), BIT1("C", 3), FIELD("AP", 4, 2), BIT1("APX", 9), BIT1("S", 10),
	BIT1("nG", 11), FIELD("TEX", 12, 3), BIT1("XN", 15), BITS_END,
};
/* LPAE: the Linux PTE is the hardware PTE; Linux keeps its software bits in 55-58. RDONLY is
 * bit 58 from 3.19 (bit 7, the hardware AP[2], before). */
static const struct mm_pt_bits lpae_pte_bits[] = {
	NAMED("MT", 2, 3, lpae_mt), BIT1("NS", 5), BIT1("USER", 6), BIT1("AP2", 7),
	FIELD("SH", 8, 2), BIT1("YOUNG", 10), BIT1("nG", 11), BIT1("CONT", 52), BIT1("PXN", 53),
	BIT1("XN", 54), BIT1("DIRTY", 55), BIT1("SPECIAL", 56), BIT1("NONE", 57),
	BIT1("RDONLY", 58), BITS_END,
};
static const struct mm_pt_bits lpae_table_bits[] = {
	BIT1("PXNTable", 59), BIT1("XNTable", 60), FIELD("APTable", 61, 2), BIT1("NSTable", 63),
	BITS_END,
};

/* ---- the forms ---- */

/* Supersection: 16 MB at PA[31:24], PA[35:32] in bits 23:20. */
static phys_t supersection_base(uint64_t e)
{
	return (e & 0xff000000u) | ((e & 0x00f00000u) << 12);
}

static const struct mm_pt_type short_l1_types[] = {
	{ 3, 0, MM_PT_INVALID, "fault", 0, 0, NULL, NULL, "not present" },
	{ 3, 1, MM_PT_TABLE, "table", 0, 0xfffffc00u, NULL, l1_table_bits, NULL },
	{ 0x40003, 0x2, MM_PT_LEAF, "section", 20, 0xfff00000u, NULL, section_bits, NULL },
	{ 0x40003, 0x40002, MM_PT_LEAF, "supersection", 24, 0, supersection_base,
	  supersection_bits, NULL },
	{ 0, 0, MM_PT_INVALID, "reserved", 0, 0, NULL, NULL, "reserved descriptor type 3" },
};
static const struct mm_pt_type short_pte_types[] = {
	{ 3, 0, MM_PT_INVALID, "fault", 0, 0, NULL, NULL, "not present" },
	{ 3, 1, MM_PT_LEAF, "large page", 16, 0xffff0000u, NULL, large_bits, NULL },
	{ 2, 2, MM_PT_LEAF, "small page", 12, 0xfffff000u, NULL, small_bits, NULL },
	{ 0, 0, MM_PT_INVALID, "invalid", 0, 0, NULL, NULL, "not present" },
};
static const struct mm_pt_type lpae_pgd_types[] = {
	{ 3, 3, MM_PT_TABLE, "table", 0, 0xfffffff000ull, NULL, lpae_table_bits, NULL },
	{ 3, 1, MM_PT_LEAF, "1 GB block", 30, 0xffc0000000ull, NULL, lpae_pte_bits, NULL },
	{ 0, 0, MM_PT_INVALID, "invalid", 0, 0, NULL, NULL, "not present" },
};
static const struct mm_pt_type lpae_pmd_types[] = {
	{ 3, 3, MM_PT_TABLE, "table", 0, 0xfffffff000ull, NULL, lpae_table_bits, NULL },
	{ 3, 1, MM_PT_LEAF, "2 MB block", 21, 0xffffe00000ull, NULL, lpae_pte_bits, NULL },
	{ 0, 0, MM_PT_INVALID, "invalid", 0, 0, NULL, NULL, "not present" },
};
static const struct mm_pt_type lpae_pte_types[] = {
	{ 3, 3, MM_PT_LEAF, "page", 12, 0xfffffff000ull, NULL, lpae_pte_bits, NULL },
	{ 0, 0, MM_PT_INVALID, "invalid", 0, 0, NULL, NULL, "not present" },
};

/* Classic: Linux's pgd is 2048 pairs of 1 MB hardware entries, so the hardware L1 (4096
 * words, index va >> 20) is walked and the pair is shown by the report. A PTE page holds
 * Linux pt0/pt1 at +0/+1024 and the hardware pt0/pt1 at +2048/+3072; L1 points at the
 * hardware table. */
static const struct mm_pt_level short_levels[] = {
	{ "pgd", 20, 12, 4, 0, short_l1_types, NULL },
	{ "pte", 12, 8, 4, -2048, short_pte_types, linux_pte_bits },
};
static const struct mm_pt_level lpae_levels[] = {
	{ "pgd", 30, 2, 8, 0, lpae_pgd_types, NULL },
	{ "pmd", 21, 9, 8, 0, lpae_pmd_types, NULL },
	{ "pte", 12, 9, 8, 0, lpae_pte_types, NULL },
};

const struct mm_paging_form mm_pt_short = { "short-descriptor", 2, short_levels };
const struct mm_paging_form mm_pt_lpae = { "LPAE", 3, lpae_levels };

const struct mm_paging_form *mm_pt_form(const struct mm_kernel *k)
{
	return k->lpae ? &mm_pt_lpae : &mm_pt_short;
}

/* ---- decoding ---- */

const struct mm_pt_type *mm_pt_decode(const struct mm_pt_level *level, uint64_t entry)
{
	const struct mm_pt_type *t = level->types;

	while ((entry & t->mask) != t->match)
		t++;
	return t;
}

phys_t mm_pt_base(const struct mm_pt_type *t, uint64_t entry)
{
	return t->base ? t->base(entry) : entry & t->addr_mask;
}

const char *mm_pt_flags(const struct mm_pt_bits *bits, uint64_t entry, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	if (!entry) /* an empty entry has no attributes, even fields whose 0 has a name */
		return buf;
	for (; bits && bits->name && n < len; bits++) {
		uint64_t v = (entry >> bits->shift) & ((1ull << bits->width) - 1);
		const char *sep = n ? " " : "";
		int w;

		if (bits->width == 1 && !v)
			continue;
		if (bits->width == 1)
			w = snprintf(buf + n, len - n, "%s%s", sep, bits->name);
		else if (bits->values && v < bits->nvalues && bits->values[v])
			w = snprintf(buf + n, len - n, "%s%s=%s", sep, bits->name, bits->values[v]);
		else
			w = snprintf(buf + n, len - n, "%s%s=%llu", sep, bits->name, (unsigned long long)v);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}

int mm_pt_linux_present(uint64_t linux_pte)
{
	return (linux_pte & 1) != 0; /* L_PTE_PRESENT */
}

/* ---- reading entries ---- */

/* The table page last read at one level: a scan reads each table page once. */
struct pt_cache {
	int valid;
	phys_t page;
	uint8_t buf[4096];
};

static int read_entry(struct mm_kernel *k, struct pt_cache *c, phys_t addr, unsigned size,
		      uint64_t *v, struct mm_err *err)
{
	uint8_t b[8];

	if (!c) {
		if (mm_read(k, addr, MM_PHYSADDR, b, size, err))
			return MM_EREAD;
		*v = mm_get(b, sizeof(b), 0, size);
		return MM_OK;
	}
	if (!c->valid || c->page != (addr & ~(phys_t)0xfff)) {
		c->valid = 0;
		c->page = addr & ~(phys_t)0xfff;
		if (mm_read(k, c->page, MM_PHYSADDR, c->buf, sizeof(c->buf), err))
			return MM_EREAD;
		c->valid = 1;
	}
	*v = mm_get(c->buf, sizeof(c->buf), (long)(addr & 0xfff), size);
	return MM_OK;
}

/* The type of an entry whose table page the dump lacks: the walk counts the level, so every
 * consumer of e->type sees a name, never NULL. */
static const struct mm_pt_type pt_unreadable = {
	0, 0, MM_PT_INVALID, "unreadable", 0, 0, NULL, NULL, "table page not in the dump"
};

/* The one step: read and decode the entry of `level` for va in the table at `table`. */
static int pt_step(struct mm_kernel *k, const struct mm_pt_level *level, phys_t table, kva_t va,
		   struct mm_pt_entry *e, struct pt_cache *c, struct mm_err *err)
{
	memset(e, 0, sizeof(*e));
	e->level = level;
	e->index = (va >> level->shift) & ((1u << level->bits) - 1);
	e->table = table;
	e->addr = table + (phys_t)e->index * level->entry_size;
	e->type = &pt_unreadable;
	if (read_entry(k, c, e->addr, level->entry_size, &e->value, NULL))
		return mm_err_set(err, MM_EREAD,
				  "kvaddr %08x: %s table at physaddr %llx unreadable (entry %s[%#x])",
				  va, level->name, (unsigned long long)table, level->name, e->index);
	e->type = mm_pt_decode(level, e->value);
	if (level->linux_off) {
		e->linux_addr = e->addr + (phys_t)level->linux_off;
		if (read_entry(k, c, e->linux_addr, level->entry_size, &e->linux_value, NULL))
			return mm_err_set(err, MM_EREAD,
					  "kvaddr %08x: Linux %s table at physaddr %llx unreadable (entry %s[%#x])",
					  va, level->name, (unsigned long long)(table + level->linux_off),
					  level->name, e->index);
		e->has_linux = 1;
	}
	return MM_OK;
}

/* Where a step leaves the walk: 1 descend (*next = next table), 0 leaf (pa/size set),
 * < 0 the walk ends unmapped. */
static int step_result(const struct mm_pt_entry *e, kva_t va, phys_t *next, phys_t *pa,
		       uint32_t *size, int *linux_only)
{
	const struct mm_pt_type *t = e->type;
	uint64_t lsize;

	*linux_only = 0;
	if (t->kind == MM_PT_TABLE) {
		*next = mm_pt_base(t, e->value);
		return 1;
	}
	if (t->kind == MM_PT_LEAF) {
		lsize = 1ull << t->size_shift;
		*pa = mm_pt_base(t, e->value) + (va & (lsize - 1));
		*size = (uint32_t)(lsize > 0x80000000ull ? 0x80000000u : lsize);
		return 0;
	}
	if (e->has_linux && mm_pt_linux_present(e->linux_value)) {
		*pa = (e->linux_value & 0xfffff000u) + (va & 0xfff);
		*size = 4096;
		*linux_only = 1;
		return 0;
	}
	return -1;
}

static int walk_unmapped(const struct mm_pt_entry *e, kva_t va, struct mm_err *err)
{
	return mm_err_set(err, MM_EUNMAPPED,
			  "kvaddr %08x not mapped: %s[%#x] at physaddr %llx is %0*llx (%s: %s)", va,
			  e->level->name, e->index, (unsigned long long)e->addr,
			  (int)e->level->entry_size * 2, (unsigned long long)e->value, e->type->name,
			  e->type->why ? e->type->why : "not present");
}

int mm_pt_walk(struct mm_kernel *k, kva_t va, struct mm_walk *w, struct mm_err *err)
{
	const struct mm_paging_form *f = mm_pt_form(k);
	phys_t table = k->pgd_phys, next = 0;
	int rc;

	memset(w, 0, sizeof(*w));
	w->va = va;
	w->form = f;
	if (!k->swapper_pg_dir)
		return mm_err_set(err, MM_EABSENT, "kernel page directory unknown (no init_mm.pgd or swapper_pg_dir)");
	for (int i = 0; i < f->nlevels; i++) {
		rc = pt_step(k, &f->levels[i], table, va, &w->e[i], NULL, err);
		w->n = i + 1;
		if (rc)
			return rc;
		rc = step_result(&w->e[i], va, &next, &w->pa, &w->size, &w->linux_only);
		if (rc == 0)
			return MM_OK;
		if (rc < 0)
			return walk_unmapped(&w->e[i], va, err);
		if (i + 1 == f->nlevels)
			break;
		table = next;
	}
	return mm_err_set(err, MM_ECORRUPT, "kvaddr %08x: %s[%#x] is a table entry at the last level",
			  va, w->e[w->n - 1].level->name, w->e[w->n - 1].index);
}

/* ---- scanning ranges ---- */

struct scan {
	struct mm_kernel *k;
	const struct mm_paging_form *f;
	mm_pt_leaf_fn fn;
	mm_pt_bad_fn bad;
	void *ctx;
	struct mm_walk w;
	struct pt_cache cache[MM_PT_MAXLEVELS];
	phys_t last_bad; /* the unreadable table page last reported (both halves of a pair) */
};

/* Scans [start, end) through the table at level i; > 0 stop, < 0 error. */
static int scan_level(struct scan *s, int i, phys_t table, uint64_t start, uint64_t end,
		      struct mm_err *err)
{
	const struct mm_pt_level *level = &s->f->levels[i];
	uint64_t span = 1ull << level->shift;

	for (uint64_t va = start; va < end;) {
		uint64_t base = va & ~(span - 1), stop = base + span < end ? base + span : end;
		struct mm_pt_entry *e = &s->w.e[i];
		phys_t next = 0;
		struct mm_pt_leaf leaf;
		int rc;

		s->w.n = i + 1;
		rc = pt_step(s->k, level, table, (kva_t)va, e, &s->cache[i], err);
		if (rc) {
			/* Nothing else in this table can be read: say so once, go on. */
			if (i == 0)
				return rc;
			if (s->bad && (table & ~(phys_t)0xfff) != s->last_bad)
				s->bad(s->k, err, s->ctx);
			s->last_bad = table & ~(phys_t)0xfff;
			mm_err_clear(err);
			return 0;
		}
		rc = step_result(e, (kva_t)va, &next, &leaf.pa, &leaf.size, &leaf.linux_only);
		if (rc > 0 && i + 1 < s->f->nlevels) {
			rc = scan_level(s, i + 1, next, va, stop, err);
			if (rc)
				return rc;
		} else if (rc == 0) {
			leaf.va = (kva_t)va;
			leaf.size = (uint32_t)(stop - va);
			leaf.walk = &s->w;
			s->w.va = (kva_t)va;
			rc = s->fn(s->k, &leaf, s->ctx);
			if (rc)
				return rc;
		}
		va = stop;
	}
	return 0;
}

int mm_pt_scan(struct mm_kernel *k, kva_t start, uint64_t end, mm_pt_leaf_fn fn,
	       mm_pt_bad_fn bad, void *ctx, struct mm_err *err)
{
	struct scan *s;
	int rc;

	if (!k->swapper_pg_dir)
		return mm_err_set(err, MM_EABSENT, "kernel page directory unknown (no init_mm.pgd or swapper_pg_dir)");
	if (end > 0x100000000ull)
		end = 0x100000000ull;
	s = calloc(1, sizeof(*s));
	if (!s)
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	s->k = k;
	s->f = mm_pt_form(k);
	s->fn = fn;
	s->bad = bad;
	s->ctx = ctx;
	s->w.form = s->f;
	s->last_bad = ~(phys_t)0;
	rc = scan_level(s, 0, k->pgd_phys, start, end, err);
	free(s);
	return rc < 0 ? rc : MM_OK;
}

/* ---- the translate hook ---- */

static int arm_translate(struct mm_kernel *k, kva_t va, phys_t *pa, struct mm_err *err)
{
	struct mm_walk w;
	int rc = mm_pt_walk(k, va, &w, err);

	if (rc == MM_OK)
		*pa = w.pa;
	return rc;
}

/* The DT blob's fixed window (5.10+) shows in the page tables even when initial_boot_params
 * did not say: 0xff800000 is never mapped by older kernels (it was VMALLOC_END or beyond). */
static void probe_fdt_window(struct mm_kernel *k)
{
	struct mm_walk w;
	char buf[16];

	if (k->fixmap_grows_down && !k->fdt_window &&
	    mm_config(k, "FIXADDR_START", buf, sizeof(buf)) != MM_OK &&
	    mm_pt_walk(k, 0xff800000u, &w, NULL) == MM_OK) {
		k->fdt_window = 1;
		k->fixaddr_start = 0xffc80000u;
	}
}

void mm_arm_mmu_init(struct mm_kernel *k)
{
	k->translate = arm_translate;
	probe_fdt_window(k);
}
