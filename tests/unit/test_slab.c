/* Slab walkers on synthetic caches with known contents, and on broken ones. */
#include "unit.h"
#include "../../core/slab/slab.h"
#include "../../core/cmd.h"
#include "../../vmcores/synth/synth_slab.h"
#include "../../vmcores/synth/buddy.h"
#include "../../core/page_alloc/page.h"
#include "../../core/page_alloc/memmap.h"
#include "../../core/page_alloc/page_alloc.h"
#include <string.h>

/* ---- the standard SLUB cache: 200-byte objects in 208-byte slots, 19 per order-0 slab ----
 *   partial A  free {3, 7, 1}
 *   partial B  free {0, 2, 4, 6, 8}
 *   cpu 0      slab freelist {5}, cpu freelist {2, 4, 6}
 *   cpu 1      partial list: one slab, free {10, 11}
 *   full       two slabs, on no list (found by the SLUB_DEBUG node counters)
 */
struct slub_fixture {
	struct synth *s;
	struct mm_kernel *k;
	struct synth_cache c;
	struct synth_slab_spec a, b, cpu, cpup, full[2];
	struct mm_slab_layout lay;
	struct mm_slab_cache mc;
};

static const int free_a[] = { 3, 7, 1 }, free_b[] = { 0, 2, 4, 6, 8 }, free_cpu[] = { 5 },
		 cpu_list[] = { 2, 4, 6 }, free_cp[] = { 10, 11 };

static void slub_build(struct slub_fixture *f, const char *profile, unsigned flags, int swab)
{
	struct mm_err err = { 0 };

	memset(f, 0, sizeof(*f));
	f->s = synth_new(synth_profile(profile));
	synth_slab_declare(f->s, flags);
	synth_slab_cache(f->s, &f->c, "mmtest", 200, 208, 0, 0);
	if (swab >= 0)
		f->c.swab = swab;
	f->a = (struct synth_slab_spec){ SYNTH_PARTIAL, 0, 3, free_a, 0, NULL, 0, 0 };
	f->b = (struct synth_slab_spec){ SYNTH_PARTIAL, 0, 5, free_b, 0, NULL, 0, 0 };
	f->cpu = (struct synth_slab_spec){ SYNTH_CPU, 0, 1, free_cpu, 3, cpu_list, 0, 0 };
	f->cpup = (struct synth_slab_spec){ SYNTH_CPU_PARTIAL, 1, 2, free_cp, 0, NULL, 0, 0 };
	f->full[0] = (struct synth_slab_spec){ SYNTH_FULL, 0, 0, NULL, 0, NULL, 0, 0 };
	f->full[1] = f->full[0];
	synth_slab_add(f->s, &f->c, &f->a);
	synth_slab_add(f->s, &f->c, &f->b);
	synth_slab_add(f->s, &f->c, &f->cpu);
	synth_slab_add(f->s, &f->c, &f->cpup);
	synth_slab_add(f->s, &f->c, &f->full[0]);
	synth_slab_add(f->s, &f->c, &f->full[1]);
	f->k = unit_open(f->s);
	assert_int_equal(mm_slab_layout(f->k, &f->lay, &err), MM_OK);
	assert_int_equal(mm_slab_find_cache(f->k, &f->lay, "mmtest", &f->mc, &err), MM_OK);
}

static void slub_free_fixture(struct slub_fixture *f)
{
	mm_kernel_close(f->k);
	synth_free(f->s);
}

/* cmocka fixture: the standard cache on 6.1, hardened (swab formula), SLUB_DEBUG. */
static int std_setup(void **state)
{
	struct slub_fixture *f = malloc(sizeof(*f));
	slub_build(f, "6.1", SYNTH_SLAB_HARDENED | SYNTH_SLAB_DEBUG, -1);
	*state = f;
	return 0;
}

static int std_teardown(void **state)
{
	slub_free_fixture(*state);
	free(*state);
	return 0;
}

struct seen_slabs {
	int n;
	struct mm_slab sl[16];
};

static int collect(struct mm_kernel *k, const struct mm_slab_cache *c, const struct mm_slab *sl,
		   void *ctx)
{
	struct seen_slabs *v = ctx;
	if (v->n < 16)
		v->sl[v->n++] = *sl;
	return 0;
}

static const struct mm_slab *find_slab(const struct seen_slabs *v, uint32_t desc)
{
	for (int i = 0; i < v->n; i++)
		if (v->sl[i].desc == desc)
			return &v->sl[i];
	return NULL;
}

/* What every generation must report for the standard cache. */
static void check_standard(struct slub_fixture *f, unsigned walk_flags, enum mm_freeptr want)
{
	struct mm_slab_stats st;
	struct seen_slabs v = { 0 };
	struct mm_err err = { 0 };
	const struct mm_slab *sl;

	assert_int_equal(f->mc.addr, f->c.addr);
	assert_int_equal(f->mc.objects, 19);
	assert_int_equal(f->mc.size, 208);
	assert_int_equal(f->mc.object_size, 200);
	assert_int_equal(mm_slab_walk(f->k, &f->mc, walk_flags, collect, &v, &st, &err), MM_OK);
	assert_int_equal(st.nproblems, 0);
	assert_int_equal(v.n, 4); /* the two full slabs sit on no list */
	assert_int_equal(st.slabs, 6);
	assert_int_equal(st.slabs_partial, 2);
	assert_int_equal(st.slabs_cpu, 1);
	assert_int_equal(st.slabs_cpu_partial, 1);
	assert_int_equal(st.slabs_full, 2);
	assert_true(st.full_counted);
	assert_int_equal(st.objects, 6 * 19);
	assert_int_equal(st.free_node, 8);
	assert_int_equal(st.free_cpu, 4);
	assert_int_equal(st.free_cpu_partial, 2);
	assert_int_equal(st.inuse, 114 - 14);
	assert_int_equal(st.bytes, 6 * 4096);
	assert_int_equal(st.waste, 6 * 4096 - 100 * 200);
	assert_int_equal(st.waste_tail, 6 * (4096 - 19 * 208));
	assert_int_equal(st.waste_pad, 100 * 8);
	assert_int_equal(st.waste_free, 14 * 208);
	assert_int_equal(st.partial_objects, 3 * 19);
	assert_int_equal(st.partial_free, 10);
	/* /proc/slabinfo counts CPU freelists and CPU-partial slabs as active */
	assert_int_equal(st.si_num_objs, 114);
	assert_int_equal(st.si_active_objs, 114 - 8);
	assert_int_equal(st.si_slabs, 6);

	sl = find_slab(&v, f->cpu.desc);
	assert_non_null(sl);
	assert_int_equal(sl->list, MM_SLAB_CPU);
	assert_int_equal(sl->cpu, 0);
	assert_true(sl->walked);
	assert_int_equal(sl->nfree, 1);
	assert_int_equal(sl->nfree_cpu, 3);
	assert_int_equal(sl->base, f->cpu.base);
	sl = find_slab(&v, f->cpup.desc);
	assert_non_null(sl);
	assert_int_equal(sl->list, MM_SLAB_CPU_PARTIAL);
	assert_int_equal(sl->cpu, 1);
	assert_int_equal(sl->inuse, 17);
	sl = find_slab(&v, f->b.desc);
	assert_non_null(sl);
	assert_int_equal(sl->list, MM_SLAB_NODE_PARTIAL);
	assert_int_equal(sl->inuse, 14);
	assert_int_equal(sl->walked, !!(walk_flags & MM_SLAB_WALK));
	if (walk_flags & MM_SLAB_WALK)
		assert_int_equal(sl->nfree, 5);
	assert_int_equal(f->mc.freeptr, want);
}

static void test_slub_61_hardened_swab(void **state)
{
	struct slub_fixture *f = *state;
	assert_true(f->k->slab_struct);
	assert_true(f->k->freeptr_hardened);
	check_standard(f, MM_SLAB_WALK, MM_FREEPTR_SWAB);
}

static void test_slub_61_hardened_xor(void **state)
{
	struct slub_fixture f;
	(void)state;
	slub_build(&f, "6.1", SYNTH_SLAB_HARDENED | SYNTH_SLAB_DEBUG, 0); /* a 5.6-style formula */
	check_standard(&f, MM_SLAB_WALK, MM_FREEPTR_XOR);
	slub_free_fixture(&f);
}

static void test_slub_61_plain_counters_only(void **state)
{
	struct slub_fixture f;
	(void)state;
	slub_build(&f, "6.1", SYNTH_SLAB_DEBUG, -1);
	assert_false(f.k->freeptr_hardened);
	check_standard(&f, 0, MM_FREEPTR_PLAIN);
	slub_free_fixture(&f);
}

static void test_slub_419_page_hardened(void **state)
{
	struct slub_fixture f;
	(void)state;
	slub_build(&f, "4.19", SYNTH_SLAB_HARDENED | SYNTH_SLAB_DEBUG, -1);
	assert_false(f.k->slab_struct);
	assert_int_equal(f.lay.desc_size, 36); /* struct page, with mem_cgroup */
	check_standard(&f, MM_SLAB_WALK, MM_FREEPTR_XOR);
	slub_free_fixture(&f);
}

static void test_slub_419_page_plain(void **state)
{
	struct slub_fixture f;
	(void)state;
	slub_build(&f, "4.19", SYNTH_SLAB_DEBUG, -1);
	check_standard(&f, MM_SLAB_WALK, MM_FREEPTR_PLAIN);
	slub_free_fixture(&f);
}

static void test_slub_no_debug_full_unknown(void **state)
{
	struct slub_fixture f;
	struct mm_slab_stats st;
	struct mm_err err = { 0 };
	(void)state;
	slub_build(&f, "6.1", SYNTH_SLAB_HARDENED, -1);
	assert_int_equal(mm_slab_walk(f.k, &f.mc, MM_SLAB_WALK, NULL, NULL, &st, &err), MM_OK);
	assert_true(st.full_unknown);
	assert_int_equal(st.slabs, 4);
	assert_int_equal(st.slabs_full, 0);
	slub_free_fixture(&f);
}

/* SLAB_RED_ZONE: each slot starts with red_left_pad bytes before the object. */
static void test_slub_red_left_pad(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct synth_cache c;
	static const int fr[] = { 17, 0 };
	struct synth_slab_spec sp = { SYNTH_PARTIAL, 0, 2, fr, 0, NULL, 0, 0 };
	struct mm_slab_layout lay;
	struct mm_slab_cache mc;
	struct mm_slab_stats st;
	struct mm_slab_obj o;
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	(void)state;
	synth_slab_declare(s, SYNTH_SLAB_HARDENED | SYNTH_SLAB_DEBUG);
	synth_slab_cache(s, &c, "redzoned", 200, 216, 0, 0);
	c.red_left_pad = 8;
	synth_wm(s, c.addr, "kmem_cache", "red_left_pad", 8);
	synth_slab_add(s, &c, &sp);
	k = unit_open(s);
	assert_int_equal(mm_slab_layout(k, &lay, &err), MM_OK);
	assert_int_equal(mm_slab_find_cache(k, &lay, "redzoned", &mc, &err), MM_OK);
	assert_int_equal(mc.red_left_pad, 8);
	assert_int_equal(mm_slab_walk(k, &mc, MM_SLAB_WALK, NULL, NULL, &st, &err), MM_OK);
	assert_int_equal(st.nproblems, 0);
	assert_int_equal(st.free_node, 2);
	assert_int_equal(mm_slab_lookup(k, &lay, sp.base + 17 * 216 + 8, &o, &err), 1);
	assert_int_equal(o.index, 17);
	assert_int_equal(o.state, MM_OBJ_FREE);
	assert_int_equal(mm_slab_lookup(k, &lay, sp.base + 3 * 216 + 4, &o, &err), 1);
	assert_int_equal(o.state, MM_OBJ_PADDING); /* object 3's left red zone */
	mm_kernel_close(k);
	synth_free(s);
}

/* A corrupt kmem_cache is skipped and named; the other caches are still reported. */
static void test_corrupt_kmem_cache(void **state)
{
	struct slub_fixture f;
	struct synth_cache bad;
	char *out, want[128];
	(void)state;
	memset(&f, 0, sizeof(f));
	f.s = synth_new(synth_profile("6.1"));
	synth_slab_declare(f.s, SYNTH_SLAB_DEBUG);
	synth_slab_cache(f.s, &f.c, "good", 64, 64, 0, 0);
	synth_slab_cache(f.s, &bad, "broken", 64, 64, 0, 0);
	synth_wm(f.s, bad.addr, "kmem_cache", "oo", (3u << 16) | 30000); /* 30000 objects of order 3 */
	f.k = unit_open(f.s);
	out = unit_run(f.k, "slab");
	assert_non_null(strstr(out, "  good "));
	snprintf(want, sizeof(want), "mmview: slab_caches: corrupt kmem_cache at %x (broken): size 64, 30000 objects of order 3", bad.addr);
	assert_non_null(strstr(out, want));
	free(out);
	slub_free_fixture(&f);
}

/* SLUB_TINY (6.2+): no cpu_slab; the model's SLAB guess is corrected by the node layout. */
static void test_slub_tiny(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct synth_cache c;
	static const int fr[] = { 1, 2 };
	struct synth_slab_spec p = { SYNTH_PARTIAL, 0, 2, fr, 0, NULL, 0, 0 }, full = { SYNTH_FULL, 0, 0, NULL, 0, NULL, 0, 0 };
	struct mm_slab_layout lay;
	struct mm_slab_cache mc;
	struct mm_slab_stats st;
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	(void)state;
	synth_slab_declare(s, SYNTH_SLAB_DEBUG);
	synth_slab_cache(s, &c, "tiny", 64, 64, 0, 0);
	synth_slab_add(s, &c, &p);
	synth_slab_add(s, &c, &full);
	synth_member_del(s, "kmem_cache", "cpu_slab");
	synth_type_del(s, "kmem_cache_cpu");
	k = unit_open(s);
	assert_int_equal(k->slab_gen, MM_SLAB_SLAB);
	assert_int_equal(mm_slab_layout(k, &lay, &err), MM_OK);
	assert_int_equal(lay.gen, MM_SLAB_SLUB);
	assert_int_equal(mm_slab_find_cache(k, &lay, "tiny", &mc, &err), MM_OK);
	assert_int_equal(mm_slab_walk(k, &mc, MM_SLAB_WALK, NULL, NULL, &st, &err), MM_OK);
	assert_int_equal(st.slabs, 2);
	assert_int_equal(st.slabs_full, 1);
	assert_int_equal(st.inuse, 128 - 2);
	assert_int_equal(st.slabs_cpu, 0);
	mm_kernel_close(k);
	synth_free(s);
}

/* ---- corrupt freelists: each names the slab, the object and what is wrong ---- */

static const struct mm_slab *walk_one(struct slub_fixture *f, struct seen_slabs *v, uint32_t desc,
				      struct mm_slab_stats *st)
{
	struct mm_err err = { 0 };
	mm_slab_walk(f->k, &f->mc, MM_SLAB_WALK, collect, v, st, &err);
	return find_slab(v, desc);
}

static void set_next(struct slub_fixture *f, uint32_t base, int idx, uint32_t next)
{
	uint32_t fp = synth_slab_obj(&f->c, base, idx) + f->c.offset;
	synth_w32(f->s, fp, synth_slub_encode(&f->c, next, fp));
}

static void test_slub_corrupt_cycle(void **state)
{
	struct slub_fixture *f = *state;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	const struct mm_slab *sl;
	char want[160];
	/* A: 3 -> 7 -> 1 -> back to 3 */
	set_next(f, f->a.base, 1, synth_slab_obj(&f->c, f->a.base, 3));
	sl = walk_one(f, &v, f->a.desc, &st);
	assert_non_null(sl);
	assert_int_equal(sl->problem, MM_ECORRUPT);
	snprintf(want, sizeof(want), "next pointer of %x: object %x already on a freelist (cycle)",
		 synth_slab_obj(&f->c, f->a.base, 1), synth_slab_obj(&f->c, f->a.base, 3));
	assert_non_null(strstr(sl->why, want));
	assert_non_null(strstr(sl->why, "corrupt freelist of slab"));
	assert_int_equal(st.nproblems, 1);
	assert_int_equal(st.slabs, 6); /* the rest is still counted */
	assert_int_equal(find_slab(&v, f->b.desc)->problem, 0);
}

static void test_slub_corrupt_off_boundary(void **state)
{
	struct slub_fixture *f = *state;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	const struct mm_slab *sl;
	char want[160];
	uint32_t bad;
	bad = synth_slab_obj(&f->c, f->a.base, 9) + 4;
	set_next(f, f->a.base, 7, bad);
	sl = walk_one(f, &v, f->a.desc, &st);
	assert_int_equal(sl->problem, MM_ECORRUPT);
	snprintf(want, sizeof(want), "next pointer of %x: %x not on an object boundary (size 208, 19 objects)",
		 synth_slab_obj(&f->c, f->a.base, 7), bad);
	assert_non_null(strstr(sl->why, want));
}

static void test_slub_corrupt_outside(void **state)
{
	struct slub_fixture f;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	const struct mm_slab *sl;
	char want[160];
	(void)state;
	slub_build(&f, "4.19", SYNTH_SLAB_DEBUG, -1);
	set_next(&f, f.cpu.base, 4, f.cpu.base + 0x3000); /* on the CPU freelist */
	sl = walk_one(&f, &v, f.cpu.desc, &st);
	assert_int_equal(sl->problem, MM_ECORRUPT);
	snprintf(want, sizeof(want), "corrupt cpu 0 freelist of slab %x (mmtest): next pointer of %x: %x outside the slab [%x-%x)",
		 f.cpu.desc, synth_slab_obj(&f.c, f.cpu.base, 4), f.cpu.base + 0x3000, f.cpu.base,
		 f.cpu.base + 0x1000);
	assert_string_equal(sl->why, want);
	slub_free_fixture(&f);
}

static void test_slub_unreadable_slab(void **state)
{
	struct slub_fixture *f = *state;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	const struct mm_slab *sl;
	char want[160];
	synth_hole(f->s, synth_va_to_pa(f->s, f->b.base), 4096);
	sl = walk_one(f, &v, f->b.desc, &st);
	assert_int_equal(sl->problem, MM_EREAD);
	snprintf(want, sizeof(want), "slab memory at %x (order 0) unreadable", f->b.base);
	assert_string_equal(sl->why, want);
	assert_int_equal(st.free_node, 8); /* counters still count it */
}

static void test_slub_counters_disagree(void **state)
{
	struct slub_fixture *f = *state;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	const struct mm_slab *sl;
	char want[160];
	synth_wm(f->s, f->a.desc, "slab", "counters", 15 | (19u << 16)); /* says 4 free, list has 3 */
	sl = walk_one(f, &v, f->a.desc, &st);
	snprintf(want, sizeof(want), "slab %x (mmtest): freelist holds 3 free objects, counters say 15 of 19 in use",
		 f->a.desc);
	assert_string_equal(sl->why, want);
}

static void test_slub_corrupt_partial_list(void **state)
{
	struct slub_fixture *f = *state;
	struct mm_slab_stats st;
	struct mm_err err = { 0 };
	synth_w32(f->s, f->b.desc + 4, 0); /* B.slab_list.next = NULL */
	assert_int_equal(mm_slab_walk(f->k, &f->mc, 0, NULL, NULL, &st, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "cache mmtest: node 0 partial list: corrupt list at"));
	assert_int_equal(st.slabs_cpu, 1); /* CPUs still walked */
}

/* -f: the full slabs, on no list, found in mem_map; a slab there with free objects is lost. */
static void test_slub_scan_full(void **state)
{
	struct slub_fixture *f = *state;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	struct mm_err err = { 0 };
	const struct mm_slab *sl;
	char want[160];

	assert_int_equal(mm_slab_walk(f->k, &f->mc, MM_SLAB_WALK | MM_SLAB_SCAN, collect, &v, &st, &err), MM_OK);
	assert_int_equal(v.n, 6);
	assert_int_equal(st.slabs, 6);
	assert_int_equal(st.slabs_full, 2);
	assert_false(st.full_counted);
	assert_int_equal(st.inuse, 100);
	sl = find_slab(&v, f->full[1].desc);
	assert_non_null(sl);
	assert_int_equal(sl->list, MM_SLAB_NODE_FULL);
	assert_int_equal(sl->problem, 0);
	/* full[1] loses 2 objects to a freelist but stays off every list */
	{
		set_next(f, f->full[1].base, 4, synth_slab_obj(&f->c, f->full[1].base, 9));
		set_next(f, f->full[1].base, 9, 0);
		synth_wm(f->s, f->full[1].desc, "slab", "freelist", synth_slab_obj(&f->c, f->full[1].base, 4));
		synth_wm(f->s, f->full[1].desc, "slab", "counters", 17 | (19u << 16));
	}
	memset(&v, 0, sizeof(v));
	mm_slab_walk(f->k, &f->mc, MM_SLAB_WALK | MM_SLAB_SCAN, collect, &v, &st, &err);
	sl = find_slab(&v, f->full[1].desc);
	snprintf(want, sizeof(want), "slab %x (mmtest) is on no partial list but 2 of 19 objects are free", f->full[1].desc);
	assert_string_equal(sl->why, want);
	assert_int_equal(st.inuse, 98);
}

/* ---- mmview slab ---- */

static void test_cmd_slab_summary(void **state)
{
	struct slub_fixture *f = *state;
	char *out;
	out = unit_run(f->k, "slab -b");
	/* objsize slot per order slabs full partial cpu objs inuse free f-node f-cpu f-cpup mem waste */
	assert_non_null(strstr(out, "mmtest      200   208   19    0      6     2        3    1"));
	assert_non_null(strstr(out, "114    100    14       8      4       2   24576   4576"));
	assert_non_null(strstr(out, "18.6%  17.5%"));
	free(out);
	out = unit_run(f->k, "slab -j");
	assert_non_null(strstr(out, "\"name\":\"mmtest\""));
	assert_non_null(strstr(out, "\"free_cpu_partial\":2"));
	assert_non_null(strstr(out, "\"cache\":\"0x"));
	free(out);
}

static void test_cmd_slabinfo(void **state)
{
	struct slub_fixture *f = *state;
	char *out;
	out = unit_run(f->k, "slab -S");
	assert_non_null(strstr(out, "slabinfo - version: 2.1\n"));
	assert_non_null(strstr(out, "mmtest               106    114    208   19    1 : tunables    0    0    0 : slabdata      6      6      0\n"));
	free(out);
}

static void test_cmd_slab_one_cache(void **state)
{
	struct slub_fixture *f = *state;
	char *out, want[160];
	set_next(f, f->a.base, 1, synth_slab_obj(&f->c, f->a.base, 3));
	out = unit_run(f->k, "slab -c mmtest");
	snprintf(want, sizeof(want), "%x  %x  cpu-partial    1     0    19     17     2      0", f->cpup.desc, f->cpup.base);
	assert_non_null(strstr(out, want));
	snprintf(want, sizeof(want), "mmview: slab %x: corrupt freelist of slab %x (mmtest)", f->a.desc, f->a.desc);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "hardened: ptr ^ random ^ swab(addr)"));
	free(out);
	out = unit_run(f->k, "slab -c mmtest -f");
	snprintf(want, sizeof(want), "%x  %x  full           -     0    19     19     0      0  0         ok", f->full[0].desc, f->full[0].base);
	assert_non_null(strstr(out, want));
	assert_null(strstr(out, "counted from the node counters"));
	free(out);
	out = unit_run(f->k, "slab -c nosuch");
	assert_non_null(strstr(out, "no slab cache named \"nosuch\""));
	free(out);
}

static void test_cmd_slab_lookup(void **state)
{
	struct slub_fixture *f = *state;
	char *out, cmd[96], want[96];
	snprintf(cmd, sizeof(cmd), "slab -a %x %x", synth_slab_obj(&f->c, f->cpu.base, 6) + 16, f->c.addr);
	out = unit_run(f->k, cmd);
	assert_non_null(strstr(out, "state: free (cpu freelist)\n"));
	assert_non_null(strstr(out, "cpu: 0\n"));
	assert_non_null(strstr(out, "offset: 16\n"));
	assert_non_null(strstr(out, "object index: 6\n"));
	assert_non_null(strstr(out, "slab: not in a slab page"));
	free(out);
	snprintf(cmd, sizeof(cmd), "-j slab -a %x", synth_slab_obj(&f->c, f->a.base, 2));
	out = unit_run(f->k, cmd);
	snprintf(want, sizeof(want), "\"slab\":\"0x%x\",", f->a.desc);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "\"index\":2,\"object\""));
	assert_non_null(strstr(out, "\"state\":\"allocated\""));
	free(out);
}

/* ---- address -> object ---- */

static void lookup(struct slub_fixture *f, uint32_t addr, struct mm_slab_obj *o, int want_rc)
{
	struct mm_err err = { 0 };
	assert_int_equal(mm_slab_lookup(f->k, &f->lay, addr, o, &err), want_rc);
}

static void test_slub_lookup(void **state)
{
	struct slub_fixture *f = *state;
	struct mm_slab_obj o;

	lookup(f, synth_slab_obj(&f->c, f->a.base, 3) + 10, &o, 1);
	assert_string_equal(o.cache.name, "mmtest");
	assert_int_equal(o.slab.desc, f->a.desc);
	assert_int_equal(o.index, 3);
	assert_int_equal(o.obj, synth_slab_obj(&f->c, f->a.base, 3));
	assert_int_equal(o.offset, 10);
	assert_int_equal(o.state, MM_OBJ_FREE);
	assert_int_equal(o.slab.list, MM_SLAB_NODE_PARTIAL);

	lookup(f, synth_slab_obj(&f->c, f->cpu.base, 4) + 199, &o, 1);
	assert_int_equal(o.state, MM_OBJ_FREE_CPU);
	assert_int_equal(o.cpu, 0);
	assert_int_equal(o.slab.list, MM_SLAB_CPU);
	assert_int_equal(o.offset, 199);
	lookup(f, synth_slab_obj(&f->c, f->cpu.base, 5), &o, 1);
	assert_int_equal(o.state, MM_OBJ_FREE);
	lookup(f, synth_slab_obj(&f->c, f->cpu.base, 0), &o, 1);
	assert_int_equal(o.state, MM_OBJ_ALLOCATED);

	lookup(f, synth_slab_obj(&f->c, f->cpup.base, 11), &o, 1);
	assert_int_equal(o.state, MM_OBJ_FREE);
	assert_int_equal(o.slab.list, MM_SLAB_CPU_PARTIAL);
	assert_int_equal(o.slab.cpu, 1);

	lookup(f, synth_slab_obj(&f->c, f->full[1].base, 18) + 207, &o, 1);
	assert_int_equal(o.state, MM_OBJ_ALLOCATED);
	assert_int_equal(o.slab.list, MM_SLAB_NODE_FULL);
	assert_int_equal(o.index, 18);
	assert_int_equal(o.offset, 207);

	lookup(f, f->full[1].base + 19 * 208 + 4, &o, 1); /* the tail */
	assert_int_equal(o.state, MM_OBJ_PADDING);

	lookup(f, f->c.addr, &o, 0);       /* not a slab page */
	lookup(f, 0xfff00000u, &o, 0);    /* not lowmem */

	/* A corrupt freelist: the object's state is unknown, and the slab says why. */
	set_next(f, f->a.base, 7, f->a.base + 3);
	lookup(f, synth_slab_obj(&f->c, f->a.base, 1), &o, 1);
	assert_int_equal(o.state, MM_OBJ_UNKNOWN);
	assert_int_equal(o.slab.problem, MM_ECORRUPT);
}

static void test_slub_lookup_order1_tail_page(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct synth_cache c;
	static const int fr[] = { 30 };
	struct synth_slab_spec sp = { SYNTH_PARTIAL, 0, 1, fr, 0, NULL, 0, 0 };
	struct mm_slab_layout lay;
	struct mm_slab_obj o;
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	(void)state;
	synth_slab_declare(s, SYNTH_SLAB_HARDENED);
	synth_slab_cache(s, &c, "order1", 256, 256, 1, 0);
	synth_slab_add(s, &c, &sp);
	k = unit_open(s);
	assert_int_equal(mm_slab_layout(k, &lay, &err), MM_OK);
	/* object 30 lives in the second page: found through compound_head */
	assert_int_equal(mm_slab_lookup(k, &lay, synth_slab_obj(&c, sp.base, 30) + 1, &o, &err), 1);
	assert_int_equal(o.slab.desc, sp.desc);
	assert_int_equal(o.index, 30);
	assert_int_equal(o.state, MM_OBJ_FREE);
	assert_int_equal(o.slab.order, 1);
	mm_kernel_close(k);
	synth_free(s);
}

/* ---- SLAB: 3.4 (struct slab + bufctl) and 4.19 (index array in struct page) ----
 *   partial A  free {2, 5, 9}      partial B  free {0}
 *   full F     (objects 1, 3 in cpu 0's array cache, 7 in cpu 1's)
 *   free E     every object free   shared array cache: A's object 0
 */
struct slab_fixture {
	struct synth *s;
	struct mm_kernel *k;
	struct synth_cache c;
	struct synth_slab_spec a, b, full, empty;
	struct mm_slab_layout lay;
	struct mm_slab_cache mc;
};

static const int sfree_a[] = { 2, 5, 9 }, sfree_b[] = { 0 };
static int sfree_all[32];

static void slab_build(struct slab_fixture *f, const char *profile, unsigned flags)
{
	struct mm_err err = { 0 };

	memset(f, 0, sizeof(*f));
	f->s = synth_new(synth_profile(profile));
	synth_slab_declare(f->s, flags);
	synth_slab_cache(f->s, &f->c, "size-192", 192, 192, 0, 0);
	for (int i = 0; i < 32; i++)
		sfree_all[i] = i;
	f->a = (struct synth_slab_spec){ SYNTH_PARTIAL, 0, 3, sfree_a, 0, NULL, 0, 0 };
	f->b = (struct synth_slab_spec){ SYNTH_PARTIAL, 0, 1, sfree_b, 0, NULL, 0, 0 };
	f->full = (struct synth_slab_spec){ SYNTH_FULL, 0, 0, NULL, 0, NULL, 0, 0 };
	f->empty = (struct synth_slab_spec){ SYNTH_FREE_SLAB, 0, (int)f->c.objects, sfree_all, 0, NULL, 0, 0 };
	synth_slab_add(f->s, &f->c, &f->a);
	synth_slab_add(f->s, &f->c, &f->b);
	synth_slab_add(f->s, &f->c, &f->full);
	synth_slab_add(f->s, &f->c, &f->empty);
	synth_slab_array_push(f->s, &f->c, 0, synth_slab_obj(&f->c, f->full.base, 1));
	synth_slab_array_push(f->s, &f->c, 0, synth_slab_obj(&f->c, f->full.base, 3));
	synth_slab_array_push(f->s, &f->c, 1, synth_slab_obj(&f->c, f->full.base, 7));
	synth_slab_array_push(f->s, &f->c, -1, synth_slab_obj(&f->c, f->a.base, 0));
	f->k = unit_open(f->s);
	assert_int_equal(f->k->slab_gen, MM_SLAB_SLAB);
	assert_int_equal(mm_slab_layout(f->k, &f->lay, &err), MM_OK);
	assert_int_equal(mm_slab_find_cache(f->k, &f->lay, "size-192", &f->mc, &err), MM_OK);
}

static void slab_free_fixture(struct slab_fixture *f)
{
	mm_kernel_close(f->k);
	synth_free(f->s);
}

static void check_slab(struct slab_fixture *f, uint32_t n)
{
	struct mm_slab_stats st;
	struct seen_slabs v = { 0 };
	struct mm_err err = { 0 };
	const struct mm_slab *sl;
	uint32_t slab_inuse = (n - 3) + (n - 1) + n;

	assert_int_equal(f->mc.objects, n);
	assert_int_equal(f->mc.size, 192);
	assert_int_equal(mm_slab_walk(f->k, &f->mc, MM_SLAB_WALK, collect, &v, &st, &err), MM_OK);
	assert_int_equal(st.nproblems, 0);
	assert_int_equal(v.n, 4);
	assert_int_equal(st.slabs, 4);
	assert_int_equal(st.slabs_full, 1);
	assert_int_equal(st.slabs_partial, 2);
	assert_int_equal(st.slabs_free, 1);
	assert_int_equal(st.objects, 4 * n);
	assert_int_equal(st.free_cpu, 4);             /* cached in array caches */
	assert_int_equal(st.inuse, slab_inuse - 4);
	assert_int_equal(st.free_node, 3 + 1 + n);
	assert_int_equal(st.bytes, 4 * 4096);
	assert_int_equal(st.waste, 4 * 4096 - (slab_inuse - 4) * 192);
	assert_int_equal(st.si_num_objs, 4 * n);
	assert_int_equal(st.si_active_objs, slab_inuse);
	assert_int_equal(st.si_slabs, 4);
	assert_int_equal(st.si_active_slabs, 3);
	assert_int_equal(st.si_shared_avail, 1);
	sl = find_slab(&v, f->a.desc);
	assert_non_null(sl);
	assert_true(sl->walked);
	assert_int_equal(sl->nfree, 3);
	assert_int_equal(sl->inuse, n - 3);
	assert_int_equal(sl->s_mem, synth_slab_obj(&f->c, f->a.base, 0));
	assert_int_equal(sl->base, f->a.base);
	sl = find_slab(&v, f->empty.desc);
	assert_int_equal(sl->list, MM_SLAB_NODE_FREE);
	assert_int_equal(sl->nfree, n);
}

static void test_slab_34_bufctl(void **state)
{
	struct slab_fixture f;
	(void)state;
	slab_build(&f, "3.4", 0);
	assert_true(f.lay.bufctl);
	check_slab(&f, 20); /* (4096 - 28) / (192 + 4) */
	slab_free_fixture(&f);
}

static void test_slab_419_index_array(void **state)
{
	struct slab_fixture f;
	(void)state;
	slab_build(&f, "4.19", SYNTH_SLAB_USE_SLAB);
	assert_false(f.lay.bufctl);
	assert_int_equal(f.lay.idx_size, 1);
	check_slab(&f, 21); /* 4096 / (192 + 1) */
	slab_free_fixture(&f);
}

static void test_slab_61_struct_slab(void **state)
{
	struct slab_fixture f;
	(void)state;
	slab_build(&f, "6.1", SYNTH_SLAB_USE_SLAB);
	assert_true(f.k->slab_struct);
	assert_false(f.lay.bufctl);
	assert_int_equal(f.lay.d_cache, 4); /* SLAB's struct slab, unlike SLUB's */
	check_slab(&f, 21);
	slab_free_fixture(&f);
}

static void test_slab_lookup(void **state)
{
	const char *profiles[] = { "3.4", "4.19", "6.1" };
	(void)state;
	for (int p = 0; p < 3; p++) {
		struct slab_fixture f;
		struct mm_slab_obj o;
		struct mm_err err = { 0 };
		slab_build(&f, profiles[p], p ? SYNTH_SLAB_USE_SLAB : 0);
		assert_int_equal(mm_slab_lookup(f.k, &f.lay, synth_slab_obj(&f.c, f.a.base, 5) + 8, &o, &err), 1);
		assert_int_equal(o.slab.desc, f.a.desc);
		assert_int_equal(o.index, 5);
		assert_int_equal(o.offset, 8);
		assert_int_equal(o.state, MM_OBJ_FREE);
		assert_int_equal(o.slab.list, MM_SLAB_NODE_PARTIAL);
		assert_int_equal(mm_slab_lookup(f.k, &f.lay, synth_slab_obj(&f.c, f.full.base, 3), &o, &err), 1);
		assert_int_equal(o.state, MM_OBJ_FREE_CACHED);
		assert_int_equal(o.cpu, 0);
		assert_int_equal(o.slab.list, MM_SLAB_NODE_FULL);
		assert_int_equal(mm_slab_lookup(f.k, &f.lay, synth_slab_obj(&f.c, f.full.base, 7), &o, &err), 1);
		assert_int_equal(o.cpu, 1);
		assert_int_equal(o.node, -1); /* a CPU's array cache, not a node's */
		assert_int_equal(mm_slab_lookup(f.k, &f.lay, synth_slab_obj(&f.c, f.a.base, 0), &o, &err), 1);
		assert_int_equal(o.state, MM_OBJ_FREE_CACHED);
		assert_int_equal(o.cpu, -1); /* the shared array cache */
		assert_int_equal(o.node, 0);
		assert_int_equal(mm_slab_lookup(f.k, &f.lay, synth_slab_obj(&f.c, f.b.base, 4), &o, &err), 1);
		assert_int_equal(o.state, MM_OBJ_ALLOCATED);
		assert_int_equal(mm_slab_lookup(f.k, &f.lay, f.b.base + 2, &o, &err), 1);
		assert_int_equal(o.state, MM_OBJ_PADDING); /* management area before s_mem */
		slab_free_fixture(&f);
	}
}

static void test_slab_corrupt_bufctl_cycle(void **state)
{
	struct slab_fixture f;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	const struct mm_slab *sl;
	char want[160];
	(void)state;
	slab_build(&f, "3.4", 0);
	/* bufctl[9] (last free) -> 2: 2 -> 5 -> 9 -> 2 */
	synth_w32(f.s, f.a.desc + (uint32_t)synth_size(f.s, "slab") + 4 * 9, 2);
	mm_slab_walk(f.k, &f.mc, MM_SLAB_WALK, collect, &v, &st, NULL);
	sl = find_slab(&v, f.a.desc);
	snprintf(want, sizeof(want), "corrupt bufctl chain of slab %x (size-192): index 2 twice (cycle)", f.a.desc);
	assert_string_equal(sl->why, want);
	assert_int_equal(st.nproblems, 1);
	/* the summary says what its "slab problems: 1" is (issue 15 #7) */
	{
		char *out = unit_run(f.k, "slab -w");
		assert_non_null(strstr(out, "slab problems: 1"));
		snprintf(want, sizeof(want), "mmview: size-192: slab %x: corrupt bufctl chain of slab %x (size-192): "
			 "index 2 twice (cycle)\n", f.a.desc, f.a.desc);
		assert_non_null(strstr(out, want));
		free(out);
	}
	slab_free_fixture(&f);
}

static void test_slab_corrupt_index(void **state)
{
	struct slab_fixture f;
	struct seen_slabs v = { 0 };
	struct mm_slab_stats st;
	const struct mm_slab *sl;
	char want[160];
	(void)state;
	slab_build(&f, "4.19", SYNTH_SLAB_USE_SLAB);
	synth_w8(f.s, f.a.base + 19, 200); /* freelist[19]: the second free entry */
	mm_slab_walk(f.k, &f.mc, MM_SLAB_WALK, collect, &v, &st, NULL);
	sl = find_slab(&v, f.a.desc);
	snprintf(want, sizeof(want), "corrupt freelist of slab %x (size-192): entry 19 is index 200 of 21 objects", f.a.desc);
	assert_string_equal(sl->why, want);
	/* and the slab's memory unreadable: the index array cannot be read */
	synth_hole(f.s, synth_va_to_pa(f.s, f.b.base), 4096);
	memset(&v, 0, sizeof(v));
	mm_slab_walk(f.k, &f.mc, MM_SLAB_WALK, collect, &v, &st, NULL);
	sl = find_slab(&v, f.b.desc);
	snprintf(want, sizeof(want), "freelist index array %x of slab %x unreadable", f.b.base, f.b.desc);
	assert_string_equal(sl->why, want);
	slab_free_fixture(&f);
}

static void test_cmd_slab_slab34(void **state)
{
	struct slab_fixture f;
	char *out;
	(void)state;
	slab_build(&f, "3.4", 0);
	out = unit_run(f.k, "slab -S");
	/* active = 80 - 24 node-free; tunables limit 16 batch 8 shared 8; 3 of 4 slabs active */
	assert_non_null(strstr(out, "size-192              56     80    192   20    1 : tunables   16    8    8 : slabdata      3      4      1\n"));
	free(out);
	slab_free_fixture(&f);
}

/* nr_node_ids >= 0x80000000 on a <= 3.18 SLAB kernel: once cast to int it passed the clamp and
 * sized a read into the 8-entry node[] (a host stack overflow). Node 0 is walked; a note says why. */
static void test_slab_nr_node_ids_huge(void **state)
{
	static const uint32_t bad[] = { 0x80000000u, 0xffffffffu, 9, 0 };
	(void)state;
	for (int i = 0; i < 4; i++) {
		struct slab_fixture f;
		struct mm_slab_cache c;
		struct mm_err err = { 0 };
		char *out;
		int noted = 0;

		slab_build(&f, "3.4", 0);
		synth_w32(f.s, synth_symval(f.s, "nr_node_ids"), bad[i]);
		assert_int_equal(mm_slab_cache_read(f.k, &f.lay, f.mc.addr, &c, &err), MM_OK);
		assert_int_equal(c.nnodes, 1);
		assert_int_equal(c.node[0], f.mc.node[0]);
		out = unit_run(f.k, "slab -S");
		assert_non_null(strstr(out, "size-192              56     80    192   20    1 :"));
		free(out);
		for (int j = 0; j < f.k->nnotes; j++)
			noted += strstr(f.k->notes[j], "nr_node_ids") != NULL;
		assert_int_equal(noted, 1);
		slab_free_fixture(&f);
	}
}

/* No cache on slab_caches (an empty or cut list): the summary and triage say so; qsort of no
 * rows was undefined behaviour (found by make fuzz; fails under make unit SANITIZE=1). */
static void test_slab_no_caches(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		struct synth *s = synth_new(p);
		struct mm_kernel *k;
		char *out;

		synth_slab_declare(s, 0);
		k = unit_open(s);
		out = unit_run(k, "slab -w");
		assert_non_null(strstr(out, "caches: 0"));
		free(out);
		out = unit_run(k, "-j triage");
		assert_non_null(strstr(out, "\"command\":\"triage\""));
		free(out);
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* A cache name that ends a page: read whole when the next page is there, cut at the page end
 * when it is not. */
static void test_cache_name_page_end(void **state)
{
	struct slub_fixture f;
	struct mm_slab_cache c;
	struct mm_err err = { 0 };
	uint32_t pg;
	(void)state;
	slub_build(&f, "6.1", SYNTH_SLAB_DEBUG, -1);
	pg = synth_alloc(f.s, 8192, 4096);
	synth_write(f.s, pg + 4096 - 6, MM_KVADDR, "kmalloc-rcl-2k", 15);
	synth_wm(f.s, f.c.addr, "kmem_cache", "name", pg + 4096 - 6);
	assert_int_equal(mm_slab_cache_read(f.k, &f.lay, f.c.addr, &c, &err), MM_OK);
	assert_string_equal(c.name, "kmalloc-rcl-2k");
	synth_hole(f.s, synth_va_to_pa(f.s, pg + 4096), 4096);
	assert_int_equal(mm_slab_cache_read(f.k, &f.lay, f.c.addr, &c, &err), MM_OK);
	assert_string_equal(c.name, "kmallo");
	slub_free_fixture(&f);
}

/* 6.10+ marks slab pages by page type, not PG_slab (6.10/6.11: a cleared bit under
 * PAGE_TYPE_BASE; 6.12: PGTY_slab in the top byte). A free page inside a buddy block is never a
 * slab page: it once went on to a "corrupt kmem_cache ... order 61295". */
static void page_types_610(int gen)
{
	struct synth *s = synth_new(synth_profile("6.9"));
	struct synth_cache c;
	struct synth_slab_spec sp = { SYNTH_PARTIAL, 0, 3, free_a, 0, NULL, 0, 0 };
	struct mm_slab_layout lay;
	struct mm_slab_obj o;
	struct mm_page_info pi;
	struct mm_err err = { 0 };
	struct mm_kernel *k;
	uint64_t blk;
	char cmd[64], *out;

	synth_buddy_init(s);
	synth_slab_declare(s, 0);
	synth_page_types(s, gen);
	synth_slab_cache(s, &c, "mmtest", 200, 208, 0, 0);
	synth_slab_add(s, &c, &sp);
	blk = (synth_zone_start(s, 0) + synth_zone_spanned(s, 0) - 1024) & ~511ull;
	synth_buddy_free(s, blk, 9, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	k = unit_open(s);
	assert_int_equal(k->buddy_test, gen >= 612 ? MM_BUDDY_PGTY : MM_BUDDY_PAGE_TYPE_BASE);
	assert_int_equal(mm_slab_layout(k, &lay, &err), MM_OK);

	/* the free page: in its buddy block, no slab */
	assert_int_equal(mm_page_identify(k, mm_memmap(k), blk + 8, &pi, &err), MM_OK);
	assert_int_equal(pi.kind, MM_PAGE_FREE);
	assert_int_equal(pi.order, 9);
	assert_int_equal(pi.head_pfn, blk);
	assert_int_equal(mm_slab_lookup(k, &lay, synth_pa_to_va(s, (blk + 8) << 12), &o, &err), 0);
	{ /* the buddy free lists agree with the page type (6.12: page_type >> 24 == PGTY_buddy) */
		struct mm_zones z;
		struct mm_freelists fl;
		assert_int_equal(mm_zones_read(k, &z, &err), MM_OK);
		assert_int_equal(mm_freelists_walk(k, mm_memmap(k), &z, &z.zone[0], &fl, &err), 0);
		assert_int_equal(fl.blocks[9][synth_buddy_mt(s, "MIGRATE_MOVABLE")], 1);
	}
	snprintf(cmd, sizeof(cmd), "addr %x", synth_pa_to_va(s, (blk + 8) << 12));
	out = unit_run(k, cmd);
	assert_non_null(strstr(out, "free: inside an order-9 buddy block"));
	assert_null(strstr(out, "kmem_cache"));
	free(out);
	snprintf(cmd, sizeof(cmd), "page %llx", (unsigned long long)blk);
	out = unit_run(k, cmd);
	assert_non_null(strstr(out, "page type: buddy\n"));
	free(out);

	/* the slab page: by its page type */
	assert_int_equal(mm_page_identify(k, mm_memmap(k), synth_va_to_pa(s, sp.base) >> 12, &pi, &err), MM_OK);
	assert_int_equal(pi.kind, MM_PAGE_SLAB);
	assert_string_equal(pi.slab_name, "mmtest");
	assert_int_equal(mm_slab_lookup(k, &lay, synth_slab_obj(&c, sp.base, 3) + 4, &o, &err), 1);
	assert_int_equal(o.index, 3);
	assert_int_equal(o.state, MM_OBJ_FREE);
	mm_kernel_close(k);

	/* a kernel that says neither PG_slab nor a slab page type: an error, not a guess */
	synth_enum_del(s, gen >= 612 ? "PGTY_slab" : "PG_slab");
	k = unit_open(s);
	assert_int_equal(mm_slab_lookup(k, &lay, synth_slab_obj(&c, sp.base, 3), &o, &err), MM_EABSENT);
	assert_non_null(strstr(err.msg, "PageSlab unknown"));
	mm_kernel_close(k);
	synth_free(s);
}

static void test_page_types_610_612(void **state)
{
	(void)state;
	page_types_610(610);
	page_types_610(611);
	page_types_610(612);
}

UNIT_GROUP(slab,
	   cmocka_unit_test(test_page_types_610_612),
	   cmocka_unit_test_setup_teardown(test_slub_61_hardened_swab, std_setup, std_teardown),
	   cmocka_unit_test(test_slub_61_hardened_xor),
	   cmocka_unit_test(test_slub_61_plain_counters_only),
	   cmocka_unit_test(test_slub_419_page_hardened),
	   cmocka_unit_test(test_slub_419_page_plain),
	   cmocka_unit_test(test_slub_no_debug_full_unknown),
	   cmocka_unit_test(test_slub_red_left_pad),
	   cmocka_unit_test(test_corrupt_kmem_cache),
	   cmocka_unit_test(test_slub_tiny),
	   cmocka_unit_test_setup_teardown(test_slub_scan_full, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_slub_corrupt_cycle, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_slub_corrupt_off_boundary, std_setup, std_teardown),
	   cmocka_unit_test(test_slub_corrupt_outside),
	   cmocka_unit_test_setup_teardown(test_slub_unreadable_slab, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_slub_counters_disagree, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_slub_corrupt_partial_list, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_cmd_slab_summary, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_cmd_slabinfo, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_cmd_slab_one_cache, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_cmd_slab_lookup, std_setup, std_teardown),
	   cmocka_unit_test_setup_teardown(test_slub_lookup, std_setup, std_teardown),
	   cmocka_unit_test(test_slub_lookup_order1_tail_page),
	   cmocka_unit_test(test_slab_34_bufctl),
	   cmocka_unit_test(test_slab_419_index_array),
	   cmocka_unit_test(test_slab_61_struct_slab),
	   cmocka_unit_test(test_slab_lookup),
	   cmocka_unit_test(test_slab_corrupt_bufctl_cycle),
	   cmocka_unit_test(test_slab_corrupt_index),
	   cmocka_unit_test(test_cmd_slab_slab34),
	   cmocka_unit_test(test_cache_name_page_end),
	   cmocka_unit_test(test_slab_nr_node_ids_huge),
	   cmocka_unit_test(test_slab_no_caches))
