/* gfp masks across generations: where each bit lives, and what the allocator does with it.
 * Layouts (include/linux/gfp.h, gfp_types.h from 6.0):
 *   3.4-4.3   __GFP_WAIT 0x10, HIGH 0x20, MEMALLOC 0x2000 (3.6+), NOMEMALLOC 0x10000,
 *             RECLAIMABLE 0x80000, NO_KSWAPD 0x400000
 *   4.4-4.9   RECLAIMABLE 0x10, HIGH 0x20, MEMALLOC 0x2000, NOMEMALLOC 0x10000, ATOMIC 0x80000,
 *             DIRECT_RECLAIM 0x400000 (checked on 4.4.1, 4.5.7, 4.6.2, 4.9, 4.10; moved again in
 *             later 4.x, and 4.6+ has gfpflag_names[] to read them from)
 *   5.0-6.3   RECLAIMABLE 0x10, HIGH 0x20, ATOMIC 0x200, DIRECT_RECLAIM 0x400,
 *             MEMALLOC 0x20000, NOMEMALLOC 0x80000; 6.4 drops ATOMIC, 0x200 unused
 *   6.10+     enum ___GFP_*_BIT in the debug info
 * DMA 0x1, HIGHMEM 0x2, MOVABLE 0x8 never moved. */
#include "gfp.h"
#include "../read.h"
#include <stdio.h>
#include <string.h>

struct gfp_name {
	const char *name;
	size_t off;      /* in struct mm_gfp_bits */
};
#define B(field) offsetof(struct mm_gfp_bits, field)
static const struct gfp_name names[] = {
	{ "DMA", B(dma) }, { "HIGHMEM", B(highmem) }, { "MOVABLE", B(movable) },
	{ "RECLAIMABLE", B(reclaimable) }, { "HIGH", B(high) }, { "WAIT", B(wait) },
	{ "NO_KSWAPD", B(no_kswapd) }, { "ATOMIC", B(atomic) }, { "DIRECT_RECLAIM", B(direct_reclaim) },
	{ "MEMALLOC", B(memalloc) }, { "NOMEMALLOC", B(nomemalloc) },
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static void set_bit_of(struct mm_gfp_bits *b, size_t i, uint32_t v)
{
	memcpy((char *)b + names[i].off, &v, sizeof(v));
}

static void set_era(struct mm_gfp_bits *b)
{
	b->era = b->wait ? MM_GFP_ERA_WAIT : b->atomic ? MM_GFP_ERA_ATOMIC : MM_GFP_ERA_NONBLOCK;
}

/* 6.10+: enum { ___GFP_DMA_BIT, ... } — the positions themselves. */
static int from_enum(struct mm_kernel *k, struct mm_gfp_bits *b)
{
	int found = 0;

	for (size_t i = 0; i < NNAMES; i++) {
		char e[48];
		long v;
		snprintf(e, sizeof(e), "___GFP_%s_BIT", names[i].name);
		if (mm_enum(k, e, &v) == 0 && v >= 0 && v < 32) {
			set_bit_of(b, i, 1u << v);
			found++;
		}
	}
	return found >= 3 && b->high && b->direct_reclaim;
}

/* 4.6+: const struct trace_print_flags gfpflag_names[] = { {mask, "name"}, ..., {0, NULL} }
 * (mm/debug.c), the table %pGg prints the mode with. Single-bit names are matched exactly. */
#define MAX_GFP_NAMES 96
#define GFP_NAMES_CHUNK 16 /* entries per read: the table's end is not known before */
static int from_gfpflag_names(struct mm_kernel *k, struct mm_gfp_bits *b)
{
	uint32_t tab[2 * GFP_NAMES_CHUNK];
	uint64_t addr;
	int found = 0;

	if (mm_symbol(k, "gfpflag_names", &addr, NULL))
		return 0;
	for (int base = 0; base < MAX_GFP_NAMES; base += GFP_NAMES_CHUNK) {
		if (mm_read(k, addr + 8u * (uint64_t)base, MM_KVADDR, tab, sizeof(tab), NULL))
			break;
		for (int i = 0; i < GFP_NAMES_CHUNK; i++) {
			uint32_t mask = tab[2 * i], name = tab[2 * i + 1];
			char s[32] = "";
			size_t n = sizeof(s) - 1;

			if (!name) /* {0, NULL} ends it */
				goto done;
			while (n >= 8 && mm_read(k, name, MM_KVADDR, s, n, NULL)) /* a page end */
				n /= 2;
			s[n < sizeof(s) ? n : sizeof(s) - 1] = 0;
			if (strncmp(s, "__GFP_", 6) || !mask || (mask & (mask - 1)))
				continue; /* composite flags (GFP_KERNEL, __GFP_RECLAIM) */
			for (size_t j = 0; j < NNAMES; j++)
				if (!strcmp(s + 6, names[j].name)) {
					set_bit_of(b, j, mask);
					found++;
				}
		}
	}
done:
	return found >= 3 && b->high && (b->wait || b->direct_reclaim);
}

/* No enum, no readable gfpflag_names: the generation's table, by the probes zone.c uses
 * (nr_reserved_highatomic 4.4+, watermark_boost 5.0+). */
static void from_table(struct mm_kernel *k, struct mm_gfp_bits *b)
{
	b->dma = 0x1, b->highmem = 0x2, b->movable = 0x8, b->high = 0x20;
	if (k->off.zone_nr_reserved_highatomic < 0) {
		b->wait = 0x10, b->memalloc = 0x2000, b->nomemalloc = 0x10000, b->reclaimable = 0x80000,
		b->no_kswapd = 0x400000;
		b->how = "the 3.4-4.3 table (no nr_reserved_highatomic)";
	} else if (k->off.zone_watermark_boost < 0) {
		b->reclaimable = 0x10, b->memalloc = 0x2000, b->nomemalloc = 0x10000, b->atomic = 0x80000,
		b->direct_reclaim = 0x400000;
		b->how = "the 4.4-4.9 table (no gfpflag_names[] readable, no watermark_boost)";
	} else {
		b->reclaimable = 0x10, b->atomic = 0x200, b->direct_reclaim = 0x400, b->memalloc = 0x20000,
		b->nomemalloc = 0x80000;
		b->how = "the 5.0-6.3 table (no gfpflag_names[] readable)";
	}
}

void mm_gfp_bits(struct mm_kernel *k, struct mm_gfp_bits *b)
{
	memset(b, 0, sizeof(*b));
	if (from_enum(k, b))
		b->how = "the ___GFP_*_BIT enumerators";
	else if (memset(b, 0, sizeof(*b)), from_gfpflag_names(k, b))
		b->how = "the dump's gfpflag_names[]";
	else {
		memset(b, 0, sizeof(*b));
		from_table(k, b);
	}
	if (!b->dma)
		b->dma = 0x1;
	if (!b->highmem)
		b->highmem = 0x2;
	if (!b->movable)
		b->movable = 0x8;
	set_era(b);
}

/* gfp_migratetype() == MIGRATE_MOVABLE: __GFP_MOVABLE without __GFP_RECLAIMABLE. */
static int movable(const struct mm_gfp_bits *b, uint32_t gfp)
{
	return (gfp & b->movable) && !(gfp & b->reclaimable);
}

void mm_alloc_ctx(const struct mm_gfp_bits *b, uint32_t gfp, int order, struct mm_alloc_ctx *c)
{
	int nomemalloc = (gfp & b->nomemalloc) != 0;
	unsigned f = 0;

	memset(c, 0, sizeof(*c));
	c->gfp = gfp;
	if (movable(b, gfp)) /* ALLOC_CMA (3.7+), fast and slow path alike */
		f |= MM_ALLOC_CMA;
	c->fast = f;
	switch (b->era) {
	case MM_GFP_ERA_WAIT: /* ALLOC_HIGH = __GFP_HIGH; atomic -> ALLOC_HARDER */
		if (gfp & b->high)
			f |= MM_ALLOC_HIGH;
		if (!(gfp & (b->wait | b->no_kswapd)) && !nomemalloc)
			f |= MM_ALLOC_HARDER;
		break;
	case MM_GFP_ERA_ATOMIC: /* __GFP_ATOMIC -> ALLOC_HARDER, which also opens the reserve */
		if (gfp & b->high)
			f |= MM_ALLOC_HIGH;
		if ((gfp & b->atomic) && !nomemalloc)
			f |= MM_ALLOC_HARDER | MM_ALLOC_RESERVES | MM_ALLOC_HIGHATOMIC;
		break;
	case MM_GFP_ERA_NONBLOCK: /* ALLOC_MIN_RESERVE = __GFP_HIGH; !DIRECT_RECLAIM -> NON_BLOCK */
		if (gfp & b->high)
			f |= MM_ALLOC_HIGH | MM_ALLOC_RESERVES;
		if (!(gfp & b->direct_reclaim) && !nomemalloc) {
			f |= MM_ALLOC_RESERVES;
			if (gfp & b->high) /* NON_BLOCK lowers min further only under MIN_RESERVE */
				f |= MM_ALLOC_HARDER;
			if (order > 0)
				f |= MM_ALLOC_HIGHATOMIC;
		}
		break;
	}
	if ((gfp & b->memalloc) && !nomemalloc)
		f |= MM_ALLOC_NO_WATERMARKS;
	c->slow = f;
	mm_alloc_flags_text(c->slow, c->text, sizeof(c->text));
}

const char *mm_alloc_flags_text(unsigned flags, char *buf, size_t len)
{
	static const char *const n[] = { "ALLOC_HIGH", "ALLOC_HARDER", "reserves", "highatomic",
					 "ALLOC_CMA", "ALLOC_NO_WATERMARKS" };
	size_t used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]) && used < len; i++)
		if (flags & (1u << i))
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", n[i]);
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}
