/* Synthetic page allocator in four generations' layouts:
 *   3.4   watermark[3], zone fields after the free areas, MIGRATE_RESERVE, _mapcount == -128,
 *         no migratetype_names symbol (static in vmstat.c), no managed_pages;
 *   4.19  watermark[3] + nr_reserved_highatomic, HIGHATOMIC, page_type, 11 orders;
 *   6.1   _watermark[4] + watermark_boost, CMA, 12 orders (Debian armmp), DMA/Normal/HighMem;
 *   6.9   as 6.1 with NR_PAGE_ORDERS 11 and more fields before the free areas. */
#include "buddy.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096u
#define MAX_ZONES 4

struct zone_plan {
	const char *name;
	uint64_t start, spanned;
};

/* Builder state kept per synth (tests use one synth at a time per thread). */
static struct {
	struct synth *s;
	int gen, norders, nmt, nzones, nr_zones;
	uint32_t pgdat;
	struct zone_plan zone[MAX_ZONES];
	/* SPARSEMEM */
	int sparse;
	unsigned section_shift;
	uint32_t section_map[256]; /* mem_map of each section, 0 = none */
	uint64_t section_first;
} B;

static const char *const mt_3_4[] = { "MIGRATE_UNMOVABLE", "MIGRATE_RECLAIMABLE", "MIGRATE_MOVABLE",
				      "MIGRATE_RESERVE", "MIGRATE_ISOLATE", NULL };
static const char *const mt_4_19[] = { "MIGRATE_UNMOVABLE", "MIGRATE_MOVABLE", "MIGRATE_RECLAIMABLE",
				       "MIGRATE_HIGHATOMIC", "MIGRATE_ISOLATE", NULL };
static const char *const mt_6[] = { "MIGRATE_UNMOVABLE", "MIGRATE_MOVABLE", "MIGRATE_RECLAIMABLE",
				    "MIGRATE_HIGHATOMIC", "MIGRATE_CMA", "MIGRATE_ISOLATE", NULL };
/* mm/page_alloc.c migratetype_names[] text of an enumerator */
static const char *mt_text(const char *enumerator)
{
	static const char *const map[][2] = {
		{ "MIGRATE_UNMOVABLE", "Unmovable" }, { "MIGRATE_MOVABLE", "Movable" },
		{ "MIGRATE_RECLAIMABLE", "Reclaimable" }, { "MIGRATE_HIGHATOMIC", "HighAtomic" },
		{ "MIGRATE_RESERVE", "Reserve" }, { "MIGRATE_CMA", "CMA" }, { "MIGRATE_ISOLATE", "Isolate" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], enumerator))
			return map[i][1];
	return "?";
}

static const char *const *mt_list(int gen)
{
	return gen < 404 ? mt_3_4 : gen < 600 ? mt_4_19 : mt_6;
}

static void declare_types(struct synth *s)
{
	int g = B.gen, nwm = g >= 600 ? 4 : 3;
	long fa = synth_struct(s, "free_area", (struct synth_field[]){
		{ "free_list", 8L * B.nmt, 4 }, { "nr_free", 4, 0 }, { NULL, 0, 0 } });
	long nstat = g < 404 ? 30 : 11; /* zone_stat_item grew, then moved to nodes (4.8) */
	long zsz;

	if (g < 404) /* 3.4: counters first, free areas in the middle, identity last */
		zsz = synth_struct(s, "zone", (struct synth_field[]){
			{ "watermark", 4L * nwm, 0 }, { "percpu_drift_mark", 4, 0 },
			{ "lowmem_reserve", 4L * MAX_ZONES, 0 }, { "pageset", 4, 0 }, { "lock", 4, 0 },
			{ "all_unreclaimable", 4, 0 }, { "free_area", fa * B.norders, 4 },
			{ "pageblock_flags", 4, 0 }, { "lru_lock", 4, 0 }, { "vm_stat", 4 * nstat, 0 },
			{ "zone_pgdat", 4, 0 }, { "zone_start_pfn", 4, 0 }, { "spanned_pages", 4, 0 },
			{ "present_pages", 4, 0 }, { "name", 4, 0 }, { NULL, 0, 0 } });
	else if (g < 500)
		zsz = synth_struct(s, "zone", (struct synth_field[]){
			{ "watermark", 4L * nwm, 0 }, { "nr_reserved_highatomic", 4, 0 },
			{ "lowmem_reserve", 4L * MAX_ZONES, 0 }, { "zone_pgdat", 4, 0 }, { "pageset", 4, 0 },
			{ "pageblock_flags", 4, 0 }, { "zone_start_pfn", 4, 0 }, { "managed_pages", 4, 0 },
			{ "spanned_pages", 4, 0 }, { "present_pages", 4, 0 }, { "name", 4, 0 },
			{ "free_area", fa * B.norders, 64 }, { "flags", 4, 0 }, { "lock", 4, 0 },
			{ "vm_stat", 4 * nstat, 64 }, { NULL, 0, 0 } });
	else
		zsz = synth_struct(s, "zone", (struct synth_field[]){
			{ "_watermark", 4L * nwm, 0 }, { "watermark_boost", 4, 0 },
			{ "nr_reserved_highatomic", 4, 0 }, { "lowmem_reserve", 4L * MAX_ZONES, 0 },
			{ "zone_pgdat", 4, 0 }, { "per_cpu_pageset", 4, 0 }, { "per_cpu_zonestats", 4, 0 },
			{ "pageset_high", 4, 0 }, { "pageset_batch", 4, 0 }, { "pageblock_flags", 4, 0 },
			{ "zone_start_pfn", 4, 0 }, { "managed_pages", 4, 0 }, { "spanned_pages", 4, 0 },
			{ "present_pages", 4, 0 }, { "cma_pages", 4, 0 }, { "name", 4, 0 },
			{ "nr_isolate_pageblock", 4, 0 }, { "initialized", 4, 0 },
			{ g >= 609 ? "unaccepted_pad" : "pad0", g >= 609 ? 12 : 4, 0 },
			{ "free_area", fa * B.norders, 64 }, { "flags", 4, 0 }, { "lock", 4, 0 },
			{ "vm_stat", 4 * nstat, 64 }, { NULL, 0, 0 } });
	synth_struct(s, "pglist_data", (struct synth_field[]){
		{ "node_zones", zsz * MAX_ZONES, 64 }, { "node_zonelists", 40, 0 }, { "nr_zones", 4, 0 },
		{ "node_mem_map", 4, 0 }, { "node_start_pfn", 4, 0 }, { "node_present_pages", 4, 0 },
		{ "node_spanned_pages", 4, 0 }, { "node_id", 4, 0 }, { NULL, 0, 0 } });
	synth_struct(s, "mem_section", (struct synth_field[]){
		{ "section_mem_map", 4, 0 }, { "pageblock_flags", 4, 0 }, { NULL, 0, 0 } });
}

static void declare_enums(struct synth *s)
{
	const char *const *mt = mt_list(B.gen);
	int g = B.gen;

	for (int i = 0; mt[i]; i++)
		synth_enum(s, mt[i], i);
	synth_enum(s, "MIGRATE_PCPTYPES", 3);
	synth_enum(s, "MIGRATE_TYPES", B.nmt);
	synth_enum(s, "NR_FREE_PAGES", 0);
	if (g >= 600)
		synth_enum(s, "NR_FREE_CMA_PAGES", 10);
	synth_enum(s, "WMARK_MIN", 0);
	synth_enum(s, "WMARK_LOW", 1);
	synth_enum(s, "WMARK_HIGH", 2);
	/* pageflags as each generation numbers them (a subset) */
	synth_enum_in(s, "pageflags", "PG_locked", 0);
	synth_enum_in(s, "pageflags", "PG_referenced", 1);
	synth_enum_in(s, "pageflags", "PG_uptodate", 2);
	synth_enum_in(s, "pageflags", "PG_dirty", 3);
	synth_enum_in(s, "pageflags", "PG_lru", 4);
	synth_enum_in(s, "pageflags", "PG_active", 5);
	if (g < 404) {
		synth_enum_in(s, "pageflags", "PG_slab", 7);
		synth_enum_in(s, "pageflags", "PG_reserved", 10);
		synth_enum_in(s, "pageflags", "PG_private", 11);
		synth_enum_in(s, "pageflags", "PG_head", 14);
		synth_enum_in(s, "pageflags", "PG_swapbacked", 19);
		synth_enum_in(s, "pageflags", "__NR_PAGEFLAGS", 22);
	} else {
		synth_enum_in(s, "pageflags", "PG_slab", 9);
		synth_enum_in(s, "pageflags", "PG_reserved", 12);
		synth_enum_in(s, "pageflags", "PG_private", 13);
		synth_enum_in(s, "pageflags", "PG_head", 16);
		synth_enum_in(s, "pageflags", "PG_swapbacked", 19);
		synth_enum_in(s, "pageflags", "__NR_PAGEFLAGS", 22);
	}
	synth_enum(s, "__MAX_NR_ZONES", B.nzones);
	for (int i = 0; i < B.nzones; i++) { /* enum zone_type */
		char name[32] = "ZONE_";
		for (size_t c = 0; B.zone[i].name[c] && c + 6 < sizeof(name); c++)
			name[5 + c] = (char)toupper((unsigned char)B.zone[i].name[c]);
		synth_enum(s, name, i);
	}
}

/* The zone slots of the profile: lowmem in DMA (6.x, as Debian armmp) or Normal, highmem in
 * HighMem, then an empty Movable. */
static void plan_zones(struct synth *s)
{
	const struct synth_profile *p = synth_prof(s);
	uint64_t first = synth_first_pfn(s), total = synth_nr_pages(s);
	uint64_t low = p->lowmem_mb && p->lowmem_mb < p->ram_mb ? (uint64_t)p->lowmem_mb << 8 : total;
	int n = 0;

	if (B.gen >= 600) {
		B.zone[n++] = (struct zone_plan){ "DMA", first, low };
		B.zone[n++] = (struct zone_plan){ "Normal", 0, 0 };
	} else
		B.zone[n++] = (struct zone_plan){ "Normal", first, low };
	if (low < total)
		B.zone[n++] = (struct zone_plan){ "HighMem", first + low, total - low };
	B.nr_zones = n;
	B.zone[n++] = (struct zone_plan){ "Movable", 0, 0 };
	B.nzones = n;
}

uint32_t synth_zone(struct synth *s, int idx)
{
	return B.pgdat + (uint32_t)(synth_off(s, "pglist_data", "node_zones") + idx * synth_size(s, "zone"));
}

int synth_zone_of(struct synth *s, uint64_t pfn)
{
	(void)s;
	for (int i = 0; i < B.nzones; i++)
		if (pfn >= B.zone[i].start && pfn < B.zone[i].start + B.zone[i].spanned)
			return i;
	return -1;
}

uint64_t synth_zone_start(struct synth *s, int idx) { (void)s; return B.zone[idx].start; }
uint64_t synth_zone_spanned(struct synth *s, int idx) { (void)s; return B.zone[idx].spanned; }
int synth_buddy_norders(struct synth *s) { (void)s; return B.norders; }
int synth_buddy_nmt(struct synth *s) { (void)s; return B.nmt; }

int synth_buddy_mt(struct synth *s, const char *enumerator)
{
	const char *const *mt = mt_list(B.gen);
	(void)s;
	for (int i = 0; mt[i]; i++)
		if (!strcmp(mt[i], enumerator))
			return i;
	return -1;
}

uint32_t synth_buddy_page(struct synth *s, uint64_t pfn)
{
	if (B.sparse) {
		uint64_t nr = pfn >> B.section_shift;
		uint64_t idx = pfn - (nr << B.section_shift);
		return B.section_map[nr] + (uint32_t)(idx * (uint64_t)synth_size(s, "page"));
	}
	return synth_page(s, pfn);
}

uint32_t synth_free_list(struct synth *s, int idx, int order, int mt)
{
	return synth_zone(s, idx) + (uint32_t)(synth_off(s, "zone", "free_area") +
					       order * synth_size(s, "free_area") + 8 * mt);
}

static uint32_t nr_free_addr(struct synth *s, int idx, int order)
{
	return synth_zone(s, idx) + (uint32_t)(synth_off(s, "zone", "free_area") +
					       order * synth_size(s, "free_area") +
					       synth_off(s, "free_area", "nr_free"));
}

void synth_zone_set_nr_free(struct synth *s, int idx, int order, uint32_t nr_free)
{
	synth_w32(s, nr_free_addr(s, idx, order), nr_free);
}

void synth_zone_set_free_pages(struct synth *s, int idx, uint32_t pages)
{
	synth_w32(s, synth_zone(s, idx) + (uint32_t)synth_off(s, "zone", "vm_stat"), pages);
}

void synth_buddy_free(struct synth *s, uint64_t pfn, int order, int mt)
{
	int z = synth_zone_of(s, pfn);
	uint32_t page = synth_buddy_page(s, pfn), vm;

	if (z < 0 || order >= B.norders || mt >= B.nmt || (pfn & ((1u << order) - 1))) {
		fprintf(stderr, "synth: bad free block pfn %llx order %d mt %d\n", (unsigned long long)pfn, order, mt);
		abort();
	}
	if (B.gen < 418)
		synth_wm(s, page, "page", "_mapcount", (uint32_t)-128);
	else
		synth_wm(s, page, "page", "page_type", synth_page_type_word(s, "buddy"));
	synth_wm(s, page, "page", "private", (uint32_t)order);
	synth_list_add_tail(s, synth_free_list(s, z, order, mt), page + (uint32_t)synth_off(s, "page", "lru"));
	synth_w32(s, nr_free_addr(s, z, order), synth_r32(s, nr_free_addr(s, z, order)) + 1);
	vm = synth_zone(s, z) + (uint32_t)synth_off(s, "zone", "vm_stat");
	synth_w32(s, vm, synth_r32(s, vm) + (1u << order));
}

void synth_zone_wmarks(struct synth *s, int idx, uint32_t min, uint32_t low, uint32_t high)
{
	const char *m = B.gen >= 500 ? "_watermark" : "watermark";
	uint32_t w = synth_zone(s, idx) + (uint32_t)synth_off(s, "zone", m);
	synth_w32(s, w, min);
	synth_w32(s, w + 4, low);
	synth_w32(s, w + 8, high);
}

/* page-flags-layout.h: | SECTION | ZONE | ... |: ZONES_WIDTH = order_base_2(MAX_NR_ZONES). */
static int zones_width(void)
{
	int w = 0;
	while ((1 << w) < B.nzones)
		w++;
	return w;
}

static uint32_t zone_flags(int z, unsigned section_width, uint64_t section)
{
	unsigned shift = 32 - section_width - (unsigned)zones_width();
	return (uint32_t)z << shift | (section_width ? (uint32_t)section << (32 - section_width) : 0);
}

int synth_buddy_init(struct synth *s)
{
	const struct synth_profile *p = synth_prof(s);
	uint64_t first = synth_first_pfn(s), total = synth_nr_pages(s);
	uint32_t names, mtnames = 0;
	long zsz;

	memset(&B, 0, sizeof(B));
	B.s = s;
	B.gen = p->gen;
	B.norders = p->gen >= 600 && p->gen < 609 ? 12 : 11;
	B.nmt = 0;
	while (mt_list(B.gen)[B.nmt])
		B.nmt++;
	plan_zones(s);
	declare_types(s);
	declare_enums(s);
	zsz = synth_size(s, "zone");
	B.pgdat = synth_var(s, "contig_page_data", (uint32_t)synth_size(s, "pglist_data"));
	synth_wm(s, B.pgdat, "pglist_data", "nr_zones", (uint32_t)B.nr_zones);
	synth_wm(s, B.pgdat, "pglist_data", "node_mem_map", synth_page(s, first));
	synth_wm(s, B.pgdat, "pglist_data", "node_start_pfn", first);
	synth_wm(s, B.pgdat, "pglist_data", "node_present_pages", total);
	synth_wm(s, B.pgdat, "pglist_data", "node_spanned_pages", total);
	names = synth_alloc(s, 16 * MAX_ZONES, 4);
	if (B.gen >= 404) { /* 3.4's migratetype_names is static in vmstat.c: left out */
		mtnames = synth_var(s, "migratetype_names", 4 * (uint32_t)B.nmt);
		synth_array(s, "migratetype_names", B.nmt);
	}
	for (int i = 0; i < B.nmt && mtnames; i++) {
		uint32_t str = synth_alloc(s, 16, 4);
		const char *text = mt_text(mt_list(B.gen)[i]);
		synth_write(s, str, MM_KVADDR, text, strlen(text) + 1);
		synth_w32(s, mtnames + 4 * (uint32_t)i, str);
	}
	for (int z = 0; z < B.nzones; z++) {
		uint32_t zone = synth_zone(s, z);
		synth_write(s, names + 16 * (uint32_t)z, MM_KVADDR, B.zone[z].name, strlen(B.zone[z].name) + 1);
		synth_wm(s, zone, "zone", "name", names + 16 * (uint32_t)z);
		synth_wm(s, zone, "zone", "zone_pgdat", B.pgdat);
		synth_wm(s, zone, "zone", "zone_start_pfn", B.zone[z].start);
		synth_wm(s, zone, "zone", "spanned_pages", B.zone[z].spanned);
		synth_wm(s, zone, "zone", "present_pages", B.zone[z].spanned);
		if (synth_off(s, "zone", "managed_pages") >= 0)
			synth_wm(s, zone, "zone", "managed_pages", B.zone[z].spanned);
		for (int o = 0; o < B.norders; o++)
			for (int mt = 0; mt < B.nmt; mt++)
				synth_list_init(s, synth_free_list(s, z, o, mt));
	}
	(void)zsz;
	for (uint64_t pfn = first; pfn < first + total; pfn++) {
		uint32_t page = synth_page(s, pfn);
		synth_wm(s, page, "page", "_mapcount", 0xffffffffu);
		synth_wm(s, page, "page", "flags", zone_flags(synth_zone_of(s, pfn), 0, 0));
	}
	return B.nr_zones;
}

void synth_buddy_sparse(struct synth *s, int kind, unsigned section_bits)
{
	uint64_t first = synth_first_pfn(s), total = synth_nr_pages(s), nr_sections = 256;
	uint32_t psize = (uint32_t)synth_size(s, "page"), ssize = (uint32_t)synth_size(s, "mem_section");
	uint32_t per_section, table, root = 0;
	char buf[16];

	B.sparse = 1;
	B.section_shift = section_bits - 12;
	per_section = 1u << B.section_shift;
	snprintf(buf, sizeof(buf), "%u", section_bits);
	synth_config(s, "SECTION_SIZE_BITS", buf);
	synth_config(s, "MAX_PHYSMEM_BITS", "32");
	if (32 - section_bits != 8) {
		fprintf(stderr, "synth: sparse sections must be 16 MB\n");
		abort();
	}
	table = synth_alloc(s, ssize * (uint32_t)nr_sections, 64);
	if (kind == 1) {
		synth_sym(s, "mem_section", table, ssize * (uint32_t)nr_sections);
		synth_array(s, "mem_section", (long)nr_sections);
	} else {
		uint32_t roots = kind == 2 ? synth_var(s, "mem_section_roots", 4) : synth_alloc(s, 4, 4);
		synth_w32(s, roots, table); /* one root covers PAGE / sizeof(mem_section) sections */
		if (kind == 2) {
			synth_sym(s, "mem_section", roots, 4);
			synth_array(s, "mem_section", 1);
		} else {
			root = synth_var(s, "mem_section", 4);
			synth_w32(s, root, roots);
		}
	}
	for (uint64_t nr = first >> B.section_shift; nr <= (first + total - 1) >> B.section_shift; nr++) {
		uint32_t map = synth_alloc(s, per_section * psize, 64);
		uint64_t start = nr << B.section_shift;

		for (uint32_t i = 0; i < per_section; i++) { /* copy what init laid down */
			uint8_t pg[64];
			synth_readb(s, synth_page(s, start + i), MM_KVADDR, pg, psize);
			pg[0] = pg[1] = pg[2] = pg[3] = 0; /* flags: now with the section number on top */
			{
				uint32_t f = zone_flags(synth_zone_of(s, start + i), 8, nr);
				memcpy(pg, &f, 4);
			}
			synth_write(s, map + i * psize, MM_KVADDR, pg, psize);
		}
		B.section_map[nr] = map;
		/* encoded: mem_map - start_pfn, with SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP */
		synth_w32(s, table + (uint32_t)nr * ssize, (map - (uint32_t)(start * psize)) | 0x3);
	}
	synth_sym_del(s, "mem_map");
}
