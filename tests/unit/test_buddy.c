/* The page allocator: zones, free lists, indices and watermarks on synthetic dumps of four
 * generations, the memory map in every encoding, and every kind of free-list corruption. */
#include "unit.h"
#include "../../core/cmd.h"
#include "../../core/page_alloc/page_alloc.h"
#include "../../core/page_alloc/page.h"
#include "../../core/page_alloc/memmap.h"
#include "../../vmcores/synth/buddy.h"
#include <string.h>

/* The blocks every dump gets in its lowmem zone, relative to the zone start. */
static const struct { uint64_t off; int order; const char *mt; } blocks[] = {
	{ 1024, 10, "MIGRATE_MOVABLE" }, { 2048, 5, "MIGRATE_MOVABLE" },
	{ 2112, 3, "MIGRATE_RECLAIMABLE" }, { 2200, 1, "MIGRATE_MOVABLE" },
	{ 2202, 1, "MIGRATE_MOVABLE" }, { 2301, 0, "MIGRATE_UNMOVABLE" },
	{ 2303, 0, "MIGRATE_UNMOVABLE" }, { 2305, 0, "MIGRATE_UNMOVABLE" },
};
#define NBLOCKS (sizeof(blocks) / sizeof(blocks[0]))
#define LOW_FREE_PAGES (1024 + 32 + 8 + 2 + 2 + 3)

struct dump {
	struct synth *s;
	struct mm_kernel *k;
	struct mm_memmap m;
	struct mm_zones z;
	int low, high; /* zone indexes, high -1 without HighMem */
};

static void lay_blocks(struct synth *s, int low, int high)
{
	uint64_t base = synth_zone_start(s, low);

	for (size_t i = 0; i < NBLOCKS; i++)
		synth_buddy_free(s, base + blocks[i].off, blocks[i].order, synth_buddy_mt(s, blocks[i].mt));
	if (high >= 0) /* one order-2 movable block in HighMem */
		synth_buddy_free(s, synth_zone_start(s, high) + 4, 2, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	synth_zone_wmarks(s, low, 1000, 1100, 1200);
}

static void dump_open(struct dump *d, const char *profile, int sparse)
{
	struct mm_err err = { 0 };

	memset(d, 0, sizeof(*d));
	d->s = synth_new(synth_profile(profile));
	synth_buddy_init(d->s);
	if (sparse)
		synth_buddy_sparse(d->s, sparse, 24);
	d->low = synth_prof(d->s)->gen >= 600 ? 0 : 0;
	d->high = -1;
	for (int i = 0; i < 4; i++)
		if (synth_zone_spanned(d->s, i) && i != d->low)
			d->high = i;
	lay_blocks(d->s, d->low, d->high);
	d->k = unit_open(d->s);
	assert_int_equal(mm_memmap_open(d->k, &d->m, &err), MM_OK);
	assert_int_equal(mm_zones_read(d->k, &d->z, &err), MM_OK);
}

static void dump_close(struct dump *d)
{
	mm_kernel_close(d->k);
	synth_free(d->s);
}

static void check_profile(const char *profile, int nr_zones, int norders, const char *const *mt_names,
			  int nmt, const char *low_name)
{
	struct dump d;
	struct mm_freelists f;
	struct mm_err err = { 0 };
	const struct mm_zone *zn;

	dump_open(&d, profile, 0);
	assert_int_equal(d.z.nr_zones, nr_zones);
	assert_int_equal(d.z.norders, norders);
	assert_int_equal(d.z.nmt, nmt);
	for (int i = 0; i < nmt; i++)
		assert_string_equal(d.z.mt_name[i], mt_names[i]);
	zn = &d.z.zone[d.low];
	assert_string_equal(zn->name, low_name);
	assert_int_equal(zn->start_pfn, synth_first_pfn(d.s));
	assert_int_equal(zn->free_pages, LOW_FREE_PAGES);
	assert_int_equal(mm_zone_free_buddy(zn, d.z.norders), LOW_FREE_PAGES);
	assert_int_equal(zn->nr_free[0], 3);
	assert_int_equal(zn->nr_free[1], 2);
	assert_int_equal(zn->nr_free[2], 0);
	assert_int_equal(zn->nr_free[3], 1);
	assert_int_equal(zn->nr_free[5], 1);
	assert_int_equal(zn->nr_free[10], 1);
	assert_int_equal(zn->wmark[MM_WMARK_MIN], 1000);
	assert_int_equal(mm_zone_wmark(zn, MM_WMARK_HIGH), 1200);

	assert_int_equal(mm_freelists_walk(d.k, &d.m, &d.z, zn, &f, &err), 0);
	for (size_t i = 0; i < NBLOCKS; i++) /* every block on the list it was put on */
		assert_true(f.blocks[blocks[i].order][synth_buddy_mt(d.s, blocks[i].mt)] > 0);
	assert_int_equal(f.blocks[0][synth_buddy_mt(d.s, "MIGRATE_UNMOVABLE")], 3);
	assert_int_equal(f.blocks[1][synth_buddy_mt(d.s, "MIGRATE_MOVABLE")], 2);
	assert_int_equal(f.blocks[3][synth_buddy_mt(d.s, "MIGRATE_RECLAIMABLE")], 1);
	assert_int_equal(f.blocks[10][synth_buddy_mt(d.s, "MIGRATE_MOVABLE")], 1);
	assert_int_equal(f.blocks[10][synth_buddy_mt(d.s, "MIGRATE_UNMOVABLE")], 0);
	if (d.high >= 0) {
		zn = &d.z.zone[d.high];
		assert_string_equal(zn->name, "HighMem");
		assert_int_equal(zn->nr_free[2], 1);
		assert_int_equal(zn->free_pages, 4);
		assert_int_equal(mm_freelists_walk(d.k, &d.m, &d.z, zn, &f, &err), 0);
		assert_int_equal(f.blocks[2][synth_buddy_mt(d.s, "MIGRATE_MOVABLE")], 1);
	}
	dump_close(&d);
}

static void test_zones_3_4(void **state)
{
	/* 3.4: names from enum migratetype (no migratetype_names symbol), MIGRATE_RESERVE */
	static const char *const mt[] = { "Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate" };
	(void)state;
	check_profile("3.4", 2, 11, mt, 5, "Normal");
}

static void test_zones_4_19(void **state)
{
	static const char *const mt[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate" };
	(void)state;
	check_profile("4.19", 1, 11, mt, 5, "Normal");
}

static void test_zones_6_1(void **state)
{
	static const char *const mt[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate" };
	(void)state;
	check_profile("6.1", 3, 12, mt, 6, "DMA");
}

static void test_zones_6_9(void **state)
{
	static const char *const mt[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate" };
	(void)state;
	check_profile("6.9", 2, 11, mt, 6, "DMA");
}

/* pfn <-> struct page in FLATMEM and the three SPARSEMEM encodings, and the bulk reader. */
struct range_count {
	uint64_t pages, buddy, first;
	struct mm_buddy_sig sig;
	size_t psize;
};

static int count_page(struct mm_kernel *k, uint64_t pfn, kva_t page, const uint8_t *buf, void *ctx)
{
	struct range_count *c = ctx;
	(void)k; (void)page;
	if (!c->pages++)
		c->first = pfn;
	if (buf && mm_buddy_match(&c->sig, buf, c->psize))
		c->buddy++;
	return 0;
}

static void check_memmap(const char *profile, int sparse, enum mm_section_kind kind)
{
	struct dump d;
	struct mm_err err = { 0 };
	struct range_count c = { 0 };
	uint64_t first, pfn;
	kva_t page;

	dump_open(&d, profile, sparse);
	first = synth_first_pfn(d.s);
	assert_int_equal(d.m.model, sparse ? MM_SPARSEMEM : MM_FLATMEM);
	assert_int_equal(d.m.kind, kind);
	assert_int_equal(d.m.start_pfn, first);
	assert_int_equal(d.m.end_pfn, first + synth_nr_pages(d.s));
	for (uint64_t off = 0; off < synth_nr_pages(d.s); off += 4093) {
		assert_int_equal(mm_pfn_to_page(d.k, &d.m, first + off, &page, &err), MM_OK);
		assert_int_equal(page, synth_buddy_page(d.s, first + off));
		assert_int_equal(mm_page_to_pfn(d.k, &d.m, page, &pfn, &err), MM_OK);
		assert_int_equal(pfn, first + off);
	}
	assert_int_equal(mm_pfn_to_page(d.k, &d.m, first - 1, &page, &err), MM_EINVAL);
	assert_int_equal(mm_page_to_pfn(d.k, &d.m, synth_buddy_page(d.s, first) + 3, &pfn, &err), MM_EINVAL);
	assert_int_equal(mm_pfn_to_lowmem(d.k, first + 1, &page, &err), MM_OK);
	assert_int_equal(page, synth_prof(d.s)->page_offset + 4096);
	/* the bulk reader sees every page once, and every free block head */
	c.psize = (size_t)d.m.page_size;
	assert_int_equal(mm_buddy_sig(d.k, &c.sig, &err), MM_OK);
	assert_int_equal(mm_page_range(d.k, &d.m, first, first + synth_nr_pages(d.s), count_page, &c, &err), MM_OK);
	assert_int_equal(c.pages, synth_nr_pages(d.s));
	assert_int_equal(c.first, first);
	assert_int_equal(c.buddy, NBLOCKS + (d.high >= 0));
	dump_close(&d);
}

static void test_memmap_flat(void **state)
{
	(void)state;
	check_memmap("4.19", 0, MM_SECTION_NONE);
	check_memmap("3.4", 0, MM_SECTION_NONE);
}

static void test_memmap_sparse(void **state)
{
	(void)state;
	check_memmap("6.1", 1, MM_SECTION_STATIC);
	check_memmap("4.19", 2, MM_SECTION_ROOTS);
	check_memmap("6.9", 3, MM_SECTION_ROOTS_PTR);
}

static void test_memmap_sparse_hole(void **state)
{
	struct dump d;
	struct mm_err err = { 0 };
	kva_t page;
	uint64_t first;
	(void)state;

	dump_open(&d, "6.1", 1);
	first = synth_first_pfn(d.s);
	/* second section loses its mem_map: SECTION_HAS_MEM_MAP cleared */
	synth_w32(d.s, synth_symval(d.s, "mem_section") + 8 * (uint32_t)((first >> 12) + 1), 0x1);
	assert_int_equal(mm_pfn_to_page(d.k, &d.m, first + 4096, &page, &err), MM_EUNMAPPED);
	assert_non_null(strstr(err.msg, "has no mem_map"));
	assert_int_equal(mm_pfn_to_page(d.k, &d.m, first + 4095, &page, &err), MM_OK);
	dump_close(&d);
}

/* Indices: the kernel's integer arithmetic, values worked out by hand. */
static void test_indices(void **state)
{
	uint64_t nr_free[11] = { 100, 50 };
	uint64_t zone_free[11] = { 3, 2, 0, 1, 0, 1, 0, 0, 0, 0, 1 };
	struct mm_contig_info ci;
	(void)state;

	mm_contig_info(nr_free, 11, 3, &ci);
	assert_int_equal(ci.free_pages, 200);
	assert_int_equal(ci.free_blocks_total, 150);
	assert_int_equal(ci.free_blocks_suitable, 0);
	assert_int_equal(mm_unusable_index(3, &ci), 1000);
	assert_int_equal(mm_fragmentation_index(3, &ci), 827); /* 1000 - (1000 + 25000) / 150 */
	mm_contig_info(nr_free, 11, 1, &ci);
	assert_int_equal(mm_unusable_index(1, &ci), 500);
	assert_int_equal(mm_fragmentation_index(1, &ci), -1000);
	mm_contig_info(zone_free, 11, 4, &ci);
	assert_int_equal(ci.free_blocks_suitable, 66);
	assert_int_equal(mm_unusable_index(4, &ci), 14); /* (1071 - 1056) * 1000 / 1071 */
	assert_int_equal(mm_highest_free_order(zone_free, 11), 10);
	assert_int_equal(mm_highest_free_order((uint64_t[11]){ 0 }, 11), -1);
	memset(&ci, 0, sizeof(ci));
	assert_int_equal(mm_unusable_index(2, &ci), 1000);
	assert_int_equal(mm_fragmentation_index(2, &ci), 0);
}

/* __zone_watermark_ok: the 4.4+ rule (one suitable block on an allowed list) and the <= 4.3
 * rule (pages below the order do not count, the mark halves per order). */
static void test_watermark(void **state)
{
	struct mm_zones z = { .norders = 11, .nmt = 5, .mt_pcptypes = 3, .mt_highatomic = 3,
			      .mt_cma = -1, .mt_isolate = 4 };
	struct mm_zone *zn = &z.zone[0];
	uint64_t lists[MM_MAX_ORDERS][MM_MAX_MIGRATETYPES] = { { 0 } };
	const char *why;
	(void)state;

	zn->nr_free[0] = 1000;
	zn->free_pages = 1000;
	zn->nreserve = 2;
	zn->lowmem_reserve[1] = 950;
	z.wmark_order0_only = 1;
	assert_true(mm_watermark_ok(&z, zn, 0, 100, 0, NULL, &why));
	assert_false(mm_watermark_ok(&z, zn, 0, 100, 1, NULL, &why)); /* 1000 <= 100 + 950 */
	assert_non_null(strstr(why, "lowmem reserve"));
	assert_false(mm_watermark_ok(&z, zn, 2, 100, 0, NULL, &why));
	assert_non_null(strstr(why, "no free block"));
	zn->nr_free[3] = 1;
	zn->free_pages = 1008;
	lists[3][3] = 1; /* only on the HighAtomic list: not for this allocation */
	assert_false(mm_watermark_ok(&z, zn, 2, 100, 0, (const uint64_t (*)[MM_MAX_MIGRATETYPES])lists, &why));
	lists[3][1] = 1;
	assert_true(mm_watermark_ok(&z, zn, 2, 100, 0, (const uint64_t (*)[MM_MAX_MIGRATETYPES])lists, &why));
	zn->reserved_highatomic = 960; /* 1008 - 3 - 960 <= 100 */
	assert_false(mm_watermark_ok(&z, zn, 2, 100, 0, NULL, &why));
	zn->reserved_highatomic = 0;
	z.wmark_order0_only = 0; /* <= 4.3: 1005 - 1000 order-0 pages = 5 <= 50 */
	assert_false(mm_watermark_ok(&z, zn, 2, 100, 0, NULL, &why));
	assert_non_null(strstr(why, "4.3"));
	assert_true(mm_watermark_ok(&z, zn, 2, 8, 0, NULL, &why)); /* 5 > 4, then 5 > 2 */
}

/* Corruption: each kind found, named with its list and entry, the rest still counted. */
static void check_issue(struct dump *d, const char *want, int code)
{
	struct mm_freelists f;
	struct mm_err err = { 0 };
	int found = 0;

	assert_int_equal(mm_zones_read(d->k, &d->z, &err), MM_OK);
	assert_true(mm_freelists_walk(d->k, &d->m, &d->z, &d->z.zone[d->low], &f, &err) > 0);
	for (int i = 0; i < f.nissues; i++) {
		if (strstr(f.issue[i].msg, want) && f.issue[i].code == code)
			found = 1;
		else
			print_message("other issue: %s\n", f.issue[i].msg);
	}
	if (!found)
		fail_msg("no issue \"%s\" among %d", want, f.nissues);
}

static void test_corrupt_cycle(void **state)
{
	struct dump d;
	uint32_t head, a, b, c;
	char want[160];
	(void)state;

	dump_open(&d, "6.1", 0);
	head = synth_free_list(d.s, d.low, 0, synth_buddy_mt(d.s, "MIGRATE_UNMOVABLE"));
	a = synth_r32(d.s, head); /* links of the three order-0 blocks */
	b = synth_r32(d.s, a);
	c = synth_r32(d.s, b);
	synth_w32(d.s, c, b);     /* third -> second: the walk comes back to b from c */
	/* the prev check catches it at the first revisit: b.prev is a, not c */
	snprintf(want, sizeof(want), "order 0 Unmovable: free list at %x: corrupt list at %x: entry %x has prev %x, expected %x",
		 head, head, b, a, c);
	check_issue(&d, want, MM_ECORRUPT);
	dump_close(&d);
}

static void test_corrupt_not_buddy(void **state)
{
	struct dump d;
	uint64_t pfn;
	char want[128];
	(void)state;

	dump_open(&d, "4.19", 0);
	pfn = synth_zone_start(d.s, d.low) + 2048; /* the order-5 block */
	synth_wm(d.s, synth_buddy_page(d.s, pfn), "page", "page_type", 0xffffffffu);
	snprintf(want, sizeof(want), "order 5 Movable: entry %x (pfn %llx) is not a buddy page (page_type is ffffffff",
		 synth_buddy_page(d.s, pfn), (unsigned long long)pfn);
	check_issue(&d, want, MM_ECORRUPT);
	dump_close(&d);

	dump_open(&d, "3.4", 0); /* the _mapcount generation */
	pfn = synth_zone_start(d.s, d.low) + 2301;
	synth_wm(d.s, synth_buddy_page(d.s, pfn), "page", "_mapcount", 0);
	snprintf(want, sizeof(want), "entry %x (pfn %llx) is not a buddy page (_mapcount is 00000000; want _mapcount == -128)",
		 synth_buddy_page(d.s, pfn), (unsigned long long)pfn);
	check_issue(&d, want, MM_ECORRUPT);
	dump_close(&d);
}

static void test_corrupt_order(void **state)
{
	struct dump d;
	uint64_t pfn;
	char want[128];
	(void)state;

	dump_open(&d, "6.9", 0);
	pfn = synth_zone_start(d.s, d.low) + 2112; /* order 3, Reclaimable */
	synth_wm(d.s, synth_buddy_page(d.s, pfn), "page", "private", 4);
	snprintf(want, sizeof(want), "order 3 Reclaimable: entry %x (pfn %llx) has order 4 in page->private",
		 synth_buddy_page(d.s, pfn), (unsigned long long)pfn);
	check_issue(&d, want, MM_ECORRUPT);
	dump_close(&d);
}

static void test_corrupt_nr_free(void **state)
{
	struct dump d;
	(void)state;

	dump_open(&d, "6.1", 0);
	synth_zone_set_nr_free(d.s, d.low, 1, 7);
	check_issue(&d, "order 1: nr_free says 7 blocks but the free lists hold 2", MM_ECORRUPT);
	dump_close(&d);
}

static void test_corrupt_unreadable(void **state)
{
	struct dump d;
	uint32_t page;
	char want[160];
	(void)state;

	dump_open(&d, "4.19", 0);
	page = synth_buddy_page(d.s, synth_zone_start(d.s, d.low) + 1024); /* the order-10 block */
	synth_hole(d.s, synth_va_to_pa(d.s, page), 1);
	snprintf(want, sizeof(want), "order 10 Movable: free list at %x: corrupt list at %x: entry 0: unreadable next pointer %x",
		 synth_free_list(d.s, d.low, 10, synth_buddy_mt(d.s, "MIGRATE_MOVABLE")),
		 synth_free_list(d.s, d.low, 10, synth_buddy_mt(d.s, "MIGRATE_MOVABLE")), page + 4);
	check_issue(&d, want, MM_ECORRUPT);
	dump_close(&d);
}

static void test_corrupt_outside_zone(void **state)
{
	struct dump d;
	uint64_t pfn;
	uint32_t head;
	char want[160];
	(void)state;

	dump_open(&d, "6.1", 0); /* a HighMem page linked on a DMA list */
	pfn = synth_zone_start(d.s, d.high) + 64;
	head = synth_free_list(d.s, d.low, 6, synth_buddy_mt(d.s, "MIGRATE_MOVABLE"));
	synth_wm(d.s, synth_buddy_page(d.s, pfn), "page", "page_type", 0xffffff7fu);
	synth_wm(d.s, synth_buddy_page(d.s, pfn), "page", "private", 6);
	synth_list_add_tail(d.s, head, synth_buddy_page(d.s, pfn) + 4);
	snprintf(want, sizeof(want), "order 6 Movable: entry %x (pfn %llx) outside zone DMA",
		 synth_buddy_page(d.s, pfn), (unsigned long long)pfn);
	check_issue(&d, want, MM_ECORRUPT);
	dump_close(&d);
}

/* Orders from the dump, the log and the command line that no shift may take: page->private
 * 0x80000000 (a negative order), the log's "order:70", `buddy --order 63` (issue 15 #3). */
static void test_hostile_orders(void **state)
{
	struct dump d;
	char *out, cmd[64];
	uint64_t pfn;
	(void)state;

	dump_open(&d, "4.19", 0);
	pfn = synth_zone_start(d.s, d.low) + 2200; /* an order-1 Movable block head */
	synth_wm(d.s, synth_buddy_page(d.s, pfn), "page", "private", 0x80000000u);
	snprintf(cmd, sizeof(cmd), "page %llx", (unsigned long long)pfn);
	out = unit_run(d.k, cmd);
	assert_non_null(strstr(out, "is: free (buddy)"));
	assert_non_null(strstr(out, "page->private 80000000 is not a buddy order (corrupt)"));
	free(out);
	out = unit_run(d.k, "buddy --order 63");
	assert_non_null(strstr(out, "because: order beyond the largest buddy order"));
	assert_non_null(strstr(out, "verdict: fail: order beyond the largest buddy order"));
	free(out);
	synth_log(d.s, "[ 9.1] cat: page allocation failure: order:70, mode:0xcc0(GFP_KERNEL)\n"
		       "[ 9.2] Kernel panic - not syncing: mmtest\n");
	out = unit_run(d.k, "triage");
	assert_non_null(strstr(out, "failed order: 70"));
	assert_non_null(strstr(out, "the log's failed order 70 is beyond this kernel's largest buddy order 10"));
	free(out);
	dump_close(&d);
}

/* A verdict on counters the free lists contradict says so beside it: buddy --order and triage
 * (issue 15 #7). */
static void test_verdict_caveat(void **state)
{
	struct dump d;
	char *out;
	(void)state;

	dump_open(&d, "6.1", 0);
	synth_log(d.s, "[ 9.1] cat: page allocation failure: order:4, mode:0xcc0(GFP_KERNEL)\n"
		       "[ 9.2] Kernel panic - not syncing: mmtest\n");
	out = unit_run(d.k, "triage");
	assert_non_null(strstr(out, "cause: "));
	assert_null(strstr(out, "caveat"));
	free(out);
	out = unit_run(d.k, "buddy --order 4");
	assert_null(strstr(out, "caveat"));
	free(out);
	synth_zone_set_nr_free(d.s, d.low, 1, 7);
	out = unit_run(d.k, "buddy --order 4");
	assert_non_null(strstr(out, "verdict: succeed after waking kswapd (min watermark met)\n"
				    "                  caveat: the free lists contradict the zone counters this verdict uses"));
	free(out);
	out = unit_run(d.k, "buddy --order 4 --no-verify");
	assert_non_null(strstr(out, "caveat: free lists not verified: the verdict trusts the zone counters"));
	free(out);
	out = unit_run(d.k, "triage");
	assert_non_null(strstr(out, "caveat: zone DMA: 1 free-list problem: the verdicts above rest on zone counters"));
	free(out);
	out = unit_run(d.k, "-j triage");
	assert_non_null(strstr(out, "\"cause_caveat\":\"zone DMA: 1 free-list problem"));
	free(out);
	dump_close(&d);
}

/* `mmview buddy`: the table, the verification line and the --order verdict, text and JSON. */
static void test_cmd_buddy(void **state)
{
	struct dump d;
	char *out;
	(void)state;

	dump_open(&d, "6.1", 0);
	out = unit_run(d.k, "buddy --order 4");
	assert_non_null(strstr(out, "ZONE 0: DMA"));
	assert_non_null(strstr(out, "ZONE 1: Normal  [unpopulated]"));
	assert_non_null(strstr(out, "ZONE 2: HighMem"));
	assert_non_null(strstr(out, "ORDER  BLOCKS  PAGES  Unmovable  Movable  Reclaimable  HighAtomic  CMA  Isolate  UNUSABLE  FRAGINDEX"));
	assert_non_null(strstr(out, "   10       1   1024          0        1            0           0    0        0     0.043     -1.000"));
	assert_non_null(strstr(out, "free lists ok: yes"));
	/* 1071 free, min 1000 low 1100: fast path fails, min check passes with the order-5 block */
	assert_non_null(strstr(out, "verdict: succeed after waking kswapd (min watermark met)"));
	assert_non_null(strstr(out, "unusable index: 0.014"));
	free(out);
	out = unit_run(d.k, "buddy -j --order 11");
	assert_non_null(strstr(out, "\"name\":\"DMA\""));
	assert_non_null(strstr(out, "\"Movable\":1"));
	assert_non_null(strstr(out, "\"verdict\":\"fail: fragmentation (no free block >= order 11; fragmentation index 0.810 > extfrag_threshold 0.500)\""));
	free(out);
	synth_zone_set_nr_free(d.s, d.low, 1, 7);
	out = unit_run(d.k, "buddy");
	assert_non_null(strstr(out, "mmview: buddy DMA: order 1: nr_free says 7 blocks but the free lists hold 2"));
	assert_non_null(strstr(out, "free lists ok: no"));
	free(out);
	dump_close(&d);
}

/* `mmview page` classification: free heads and pages inside free blocks, slab with its cache,
 * page table, page cache, anonymous, reserved, per-cpu free, flags and zone bits. */
static void identify(struct dump *d, uint64_t pfn, struct mm_page_info *pi)
{
	struct mm_err err = { 0 };
	assert_int_equal(mm_page_identify(d->k, &d->m, pfn, pi, &err), MM_OK);
}

static void check_page_kinds(const char *profile, int sparse)
{
	struct dump d;
	struct mm_page_info pi;
	uint64_t base;
	uint32_t cache, name, pg;
	long slab_off;

	dump_open(&d, profile, sparse);
	base = synth_zone_start(d.s, d.low);
	identify(&d, base + 1024, &pi);
	assert_int_equal(pi.kind, MM_PAGE_FREE);
	assert_int_equal(pi.order, 10);
	assert_int_equal(pi.head_pfn, base + 1024);
	assert_int_equal(pi.on_list_mt, synth_buddy_mt(d.s, "MIGRATE_MOVABLE"));
	identify(&d, base + 1024 + 777, &pi); /* inside the order-10 block */
	assert_int_equal(pi.kind, MM_PAGE_FREE);
	assert_int_equal(pi.head_pfn, base + 1024);
	assert_int_equal(pi.order, 10);
	identify(&d, base + 2113, &pi); /* inside the order-3 Reclaimable block */
	assert_int_equal(pi.head_pfn, base + 2112);
	assert_int_equal(pi.on_list_mt, synth_buddy_mt(d.s, "MIGRATE_RECLAIMABLE"));
	assert_int_equal(pi.zone_flags, d.low);

	/* page cache, anonymous, reserved, allocated kernel page, refcount-0 page */
	pg = synth_buddy_page(d.s, base + 3000);
	synth_wm(d.s, pg, "page", "mapping", 0xc1000000u);
	synth_wm(d.s, pg, "page", synth_off(d.s, "page", "_refcount") >= 0 ? "_refcount" : "_count", 1);
	synth_wm(d.s, pg, "page", "flags", synth_r32(d.s, pg) | 1u << 0 | 1u << 4); /* locked|lru */
	identify(&d, base + 3000, &pi);
	assert_int_equal(pi.kind, MM_PAGE_FILE);
	assert_string_equal(pi.flag_names, "locked|lru");
	synth_wm(d.s, pg, "page", "mapping", 0xc1000001u);
	identify(&d, base + 3000, &pi);
	assert_int_equal(pi.kind, MM_PAGE_ANON);
	synth_wm(d.s, pg, "page", "mapping", 0);
	identify(&d, base + 3000, &pi);
	assert_int_equal(pi.kind, MM_PAGE_KERNEL);
	identify(&d, base + 3001, &pi);
	assert_int_equal(pi.kind, MM_PAGE_PCP);
	pg = synth_buddy_page(d.s, base + 3002);
	synth_wm(d.s, pg, "page", "flags", synth_r32(d.s, pg) | 1u << (synth_prof(d.s)->gen < 404 ? 10 : 12));
	identify(&d, base + 3002, &pi);
	assert_int_equal(pi.kind, MM_PAGE_RESERVED);
	assert_string_equal(pi.flag_names, "reserved");

	/* slab: PG_slab and the cache pointer where the generation keeps it */
	synth_struct(d.s, "kmem_cache", (struct synth_field[]){ { "cpu_slab", 4, 0 }, { "flags", 4, 0 },
		{ "size", 4, 0 }, { "name", 4, 0 }, { NULL, 0, 0 } });
	slab_off = synth_prof(d.s)->gen < 404 ? 28 : 12; /* 3.4 page.slab; later over mapping */
	if (synth_prof(d.s)->gen >= 517) {
		synth_type(d.s, "slab", synth_size(d.s, "page"));
		synth_member(d.s, "slab", "slab_cache", slab_off, 4);
	} else
		synth_member(d.s, "page", synth_prof(d.s)->gen < 404 ? "slab" : "slab_cache", slab_off, 4);
	cache = synth_alloc(d.s, 16, 4);
	name = synth_alloc(d.s, 16, 4);
	synth_write(d.s, name, MM_KVADDR, "kmalloc-128", 12);
	synth_wm(d.s, cache, "kmem_cache", "name", name);
	pg = synth_buddy_page(d.s, base + 3004);
	synth_w32(d.s, pg + (uint32_t)slab_off, cache);
	synth_wm(d.s, pg, "page", "flags", synth_r32(d.s, pg) | 1u << (synth_prof(d.s)->gen < 404 ? 7 : 9));
	synth_wm(d.s, pg, "page", synth_off(d.s, "page", "_refcount") >= 0 ? "_refcount" : "_count", 1);
	mm_kernel_close(d.k);
	d.k = unit_open(d.s);
	identify(&d, base + 3004, &pi);
	assert_int_equal(pi.kind, MM_PAGE_SLAB);
	assert_int_equal(pi.slab_cache, cache);
	assert_string_equal(pi.slab_name, "kmalloc-128");
	dump_close(&d);
}

static void test_page_kinds(void **state)
{
	(void)state;
	check_page_kinds("3.4", 0);
	check_page_kinds("4.19", 0);
	check_page_kinds("6.1", 1);
	check_page_kinds("6.9", 0);
}

static void test_page_table_and_cmd(void **state)
{
	struct dump d;
	struct mm_page_info pi;
	uint64_t base;
	char *out, want[64];
	(void)state;

	dump_open(&d, "4.19", 0);
	base = synth_zone_start(d.s, d.low);
	/* PG_table is 0x400 while PG_kmemcg holds 0x200 (page.mem_cgroup, <= 5.10) */
	synth_wm(d.s, synth_buddy_page(d.s, base + 5), "page", "page_type", 0xfffffbffu);
	synth_wm(d.s, synth_buddy_page(d.s, base + 5), "page", "_refcount", 1);
	identify(&d, base + 5, &pi);
	assert_int_equal(pi.kind, MM_PAGE_PGTABLE);
	snprintf(want, sizeof(want), "page %llx", (unsigned long long)(base + 2201));
	out = unit_run(d.k, want);
	assert_non_null(strstr(out, "is: free (buddy)"));
	snprintf(want, sizeof(want), "free block head: %llx", (unsigned long long)(base + 2200));
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "on free list: Movable"));
	assert_non_null(strstr(out, "zone: Normal"));
	free(out);
	/* the same page by its struct page, its lowmem address and its physical address */
	snprintf(want, sizeof(want), "page -j %x", synth_buddy_page(d.s, base + 2201));
	out = unit_run(d.k, want);
	assert_non_null(strstr(out, "\"free_head\":\"0x"));
	free(out);
	snprintf(want, sizeof(want), "page -p %llx", (unsigned long long)((base + 2201) << 12));
	out = unit_run(d.k, want);
	assert_non_null(strstr(out, "order: 1"));
	free(out);
	out = unit_run(d.k, "page 12345678");
	assert_non_null(strstr(out, "mmview: page: 12345678 is neither a pfn"));
	free(out);
	dump_close(&d);
}

/* Every word reaches the subcommand: `page` with 80 pfns reports 80 pages (mm_command kept
 * only 63 words and dropped the rest silently). */
static void test_many_words(void **state)
{
	struct dump d;
	char *argv[81], words[80][24], *buf = NULL, *p;
	size_t len = 0;
	uint64_t base;
	int n = 0;
	FILE *m;
	(void)state;

	dump_open(&d, "4.19", 0);
	base = synth_zone_start(d.s, d.low);
	argv[0] = "page";
	for (int i = 0; i < 80; i++) {
		snprintf(words[i], sizeof(words[i]), "%llx", (unsigned long long)(base + 2200 + i));
		argv[i + 1] = words[i];
	}
	m = open_memstream(&buf, &len);
	mm_command(d.k, m, 81, argv);
	fclose(m);
	for (p = buf; (p = strstr(p, "  zone: ")); p++)
		n++;
	assert_int_equal(n, 80);
	free(buf);
	dump_close(&d);
}

/* The one-multiply exact division page_to_pfn uses: the same answers as / and % for every
 * struct page size up to 256 bytes, near 0, near the divisor's multiples and near 2^32. */
static void test_exact_div(void **state)
{
	(void)state;
	for (uint32_t d = 1; d <= 256; d++) {
		struct mm_exact_div ed;
		mm_exact_div_init(&ed, d);
		for (uint32_t base = 0; base < 3; base++) {
			uint32_t start = base == 0 ? 0 : base == 1 ? 1000u * d - 300 : UINT32_MAX - 600;
			for (uint32_t i = 0; i < 600; i++) {
				uint32_t x = start + i, q = 0xdeadbeef;
				int exact = mm_exact_div(&ed, x, &q);
				assert_int_equal(exact, x % d == 0);
				if (exact)
					assert_int_equal(q, x / d);
			}
		}
	}
}

UNIT_GROUP(buddy,
	   cmocka_unit_test(test_exact_div),
	   cmocka_unit_test(test_page_kinds),
	   cmocka_unit_test(test_page_table_and_cmd),
	   cmocka_unit_test(test_many_words),
	   cmocka_unit_test(test_cmd_buddy),
	   cmocka_unit_test(test_hostile_orders),
	   cmocka_unit_test(test_verdict_caveat),
	   cmocka_unit_test(test_zones_3_4),
	   cmocka_unit_test(test_zones_4_19),
	   cmocka_unit_test(test_zones_6_1),
	   cmocka_unit_test(test_zones_6_9),
	   cmocka_unit_test(test_memmap_flat),
	   cmocka_unit_test(test_memmap_sparse),
	   cmocka_unit_test(test_memmap_sparse_hole),
	   cmocka_unit_test(test_indices),
	   cmocka_unit_test(test_watermark),
	   cmocka_unit_test(test_corrupt_cycle),
	   cmocka_unit_test(test_corrupt_not_buddy),
	   cmocka_unit_test(test_corrupt_order),
	   cmocka_unit_test(test_corrupt_nr_free),
	   cmocka_unit_test(test_corrupt_unreadable),
	   cmocka_unit_test(test_corrupt_outside_zone))
