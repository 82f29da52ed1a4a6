/* Global counters: 4.8+ zone/node arrays, the single pre-4.8 vm_stat, and ambiguous names. */
#include "unit.h"
#include "../../core/meminfo.h"
#include "../../vmcores/synth/buddy.h"
#include <string.h>

static void put_counter(struct synth *s, const char *array, const char *name, long idx, uint32_t v)
{
	synth_enum(s, name, idx);
	synth_w32(s, synth_symval(s, array) + 4 * (uint32_t)idx, v);
}

static void test_meminfo_split_arrays(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_meminfo mi;

	(void)state;
	synth_var(s, "vm_zone_stat", 4 * 11);
	synth_array(s, "vm_zone_stat", 11);
	synth_var(s, "vm_node_stat", 4 * 40);
	synth_array(s, "vm_node_stat", 40);
	synth_w32(s, synth_var(s, "_totalram_pages", 4), 254979);
	synth_w32(s, synth_var(s, "_totalhigh_pages", 4), 65536);
	/* the values of the real oom dump */
	put_counter(s, "vm_zone_stat", "NR_FREE_PAGES", 0, 1044);
	put_counter(s, "vm_node_stat", "NR_SLAB_RECLAIMABLE_B", 5, 1456);
	put_counter(s, "vm_node_stat", "NR_SLAB_UNRECLAIMABLE_B", 6, 915);
	put_counter(s, "vm_node_stat", "NR_FILE_PAGES", 19, 4599);
	put_counter(s, "vm_node_stat", "NR_ANON_MAPPED", 17, 245302);
	synth_enum(s, "NR_SHMEM", 55); /* beyond the array: refused, not read */
	k = unit_open(s);
	mm_meminfo_read(k, &mi);
	assert_true(mi.valid[MM_MI_TOTAL] && mi.v[MM_MI_TOTAL] == 254979);
	assert_true(mi.valid[MM_MI_HIGH_TOTAL] && mi.v[MM_MI_HIGH_TOTAL] == 65536);
	assert_true(mi.valid[MM_MI_FREE] && mi.v[MM_MI_FREE] == 1044);
	assert_true(mi.valid[MM_MI_SLAB_RECLAIMABLE] && mi.v[MM_MI_SLAB_RECLAIMABLE] == 1456);
	assert_true(mi.valid[MM_MI_SLAB_UNRECLAIMABLE] && mi.v[MM_MI_SLAB_UNRECLAIMABLE] == 915);
	assert_true(mi.valid[MM_MI_CACHED] && mi.v[MM_MI_CACHED] == 4599);
	assert_true(mi.valid[MM_MI_ANON] && mi.v[MM_MI_ANON] == 245302);
	assert_false(mi.valid[MM_MI_SHMEM]);
	assert_non_null(strstr(mi.err[MM_MI_SHMEM].msg, "NR_SHMEM (index 55) is not in vm_node_stat"));
	assert_string_equal(mm_meminfo_name(MM_MI_SLAB_UNRECLAIMABLE), "SUnreclaim");
	mm_kernel_close(k);
	synth_free(s);
}

static void test_meminfo_legacy_and_ambiguous(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	struct mm_kernel *k;
	struct mm_meminfo mi;

	(void)state;
	synth_var(s, "vm_stat", 4 * 30);
	synth_array(s, "vm_stat", 30);
	synth_w32(s, synth_var(s, "totalram_pages", 4), 12288);
	put_counter(s, "vm_stat", "NR_FREE_PAGES", 0, 777);
	put_counter(s, "vm_stat", "NR_SLAB_RECLAIMABLE", 14, 33);
	put_counter(s, "vm_stat", "NR_FILE_PAGES", 11, 500);
	put_counter(s, "vm_stat", "NR_ANON_PAGES", 9, 1234);
	k = unit_open(s);
	mm_meminfo_read(k, &mi);
	assert_true(mi.valid[MM_MI_TOTAL] && mi.v[MM_MI_TOTAL] == 12288);
	assert_true(mi.valid[MM_MI_FREE] && mi.v[MM_MI_FREE] == 777);
	assert_true(mi.valid[MM_MI_SLAB_RECLAIMABLE] && mi.v[MM_MI_SLAB_RECLAIMABLE] == 33);
	assert_true(mi.valid[MM_MI_CACHED] && mi.v[MM_MI_CACHED] == 500);
	assert_true(mi.valid[MM_MI_ANON] && mi.v[MM_MI_ANON] == 1234);
	/* this profile has HighMem but no totalhigh_pages symbol: said, not guessed */
	assert_false(mi.valid[MM_MI_HIGH_TOTAL]);
	mm_kernel_close(k);

	/* the same names once a vm_node_stat exists (4.8 - 5.8): refused as ambiguous */
	synth_var(s, "vm_node_stat", 4 * 30);
	synth_array(s, "vm_node_stat", 30);
	k = unit_open(s);
	mm_meminfo_read(k, &mi);
	assert_false(mi.valid[MM_MI_SLAB_RECLAIMABLE]);
	assert_int_equal(mi.err[MM_MI_SLAB_RECLAIMABLE].code, MM_EUNSUPPORTED);
	assert_non_null(strstr(mi.err[MM_MI_SLAB_RECLAIMABLE].msg, "ambiguous"));
	mm_kernel_close(k);
	synth_free(s);
}

/* 6.x without _totalhigh_pages: totalhigh_pages() sums the managed pages of the highmem zones
 * (__totalhigh_pages); with neither, HighTotal is an error line, never a value. */
static void test_meminfo_totalhigh_from_zones(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_meminfo mi;
	uint32_t text = synth_prof(s)->page_offset + 0x9000;
	char *out;

	(void)state;
	synth_buddy_init(s);
	synth_w32(s, synth_var(s, "_totalram_pages", 4), 12000);
	synth_sym(s, "__totalhigh_pages", text, 0x40);   /* a function */
	synth_sym(s, "totalhigh_pages", text + 0x40, 0x10); /* a function too: never read as a count */
	synth_wm(s, synth_zone(s, 2), "zone", "managed_pages", 4000); /* HighMem */
	k = unit_open(s);
	assert_true(k->has_highmem);
	mm_meminfo_read(k, &mi);
	assert_true(mi.valid[MM_MI_HIGH_TOTAL]);
	assert_int_equal(mi.v[MM_MI_HIGH_TOTAL], 4000);
	mm_kernel_close(k);

	synth_sym_del(s, "__totalhigh_pages");
	k = unit_open(s);
	mm_meminfo_read(k, &mi);
	assert_false(mi.valid[MM_MI_HIGH_TOTAL]);
	assert_string_equal(mi.err[MM_MI_HIGH_TOTAL].msg,
			    "no _totalhigh_pages or totalhigh_pages variable, and no __totalhigh_pages to sum it from the zones");
	out = unit_run(k, "triage");
	assert_non_null(strstr(out, "HighTotal: unknown\n"));
	assert_non_null(strstr(out, "mmview: triage: HighTotal: no _totalhigh_pages"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(meminfo,
	   cmocka_unit_test(test_meminfo_split_arrays),
	   cmocka_unit_test(test_meminfo_legacy_and_ambiguous),
	   cmocka_unit_test(test_meminfo_totalhigh_from_zones))
