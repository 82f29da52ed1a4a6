/* SLUB user tracks and the stack depot on synthetic dumps: every object's alloc track laid down
 * by the builder, in the track and depot layouts of 4.19 (inline stack), 5.x (stack_slabs,
 * 21-bit index), 6.1 (stack_slabs, 16-bit index) and 6.12 (stack_pools, index + 1); the sites
 * counted must be exactly the objects written, and a corrupt depot must be said, not followed. */
#include "unit.h"
#include "../../core/slab/sites.h"
#include "../../core/report/out.h"
#include "../../core/meminfo.h"
#include "../../vmcores/synth/synth_track.h"
#include <string.h>

#define JIFFIES_NOW 0x100u /* small: when = now - age wraps, as after INITIAL_JIFFIES */
#define LEAK_FN 0xc0100000u
#define OTHER_FN 0xc0101000u
#define GONE_FN 0xc0102000u

void mm_triage_slab_sites(struct mm_kernel *k, struct mm_out *o, const struct mm_meminfo *mi);

static const uint32_t stack_a1[] = { LEAK_FN + 0x24, 0xc0200010, 0xc0200100 };
static const uint32_t stack_a2[] = { LEAK_FN + 0x24, 0xc0200200, 0xc0200100, 0xc0200300 };
static const uint32_t stack_b[] = { OTHER_FN + 0x10, 0xc0200400 };

struct track_fixture {
	struct synth *s;
	struct mm_kernel *k;
	struct synth_cache c;
	struct synth_slab_spec p, full, cpu;
	uint32_t h_a1, h_a2, h_b;
	/* what was laid down */
	uint64_t live, n_a, n_b, untracked;
	uint32_t age_a_min, age_a_max;
	uint64_t age_a_sum;
	uint32_t leaked;            /* one object of site A: for addr */
	enum synth_depot depot;
};

static const int free_p[] = { 1, 3 }, free_cpu[] = { 0 }, cpu_list[] = { 2 };

static int in(const int *v, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* Tracks for every object of one slab: free ones get a stale site (never counted), live ones
 * site A (stack a1 or a2) or, every fourth, site B; object `untracked` (if >= 0) none. */
static void tracks_for(struct track_fixture *f, const struct synth_slab_spec *sp, uint32_t h_a,
		       int untracked)
{
	for (uint32_t i = 0; i < f->c.objects; i++) {
		uint32_t obj = synth_slab_obj(&f->c, sp->base, (int)i);
		int is_free = in(sp->free, sp->nfree, (int)i) || in(sp->cpu_free, sp->ncpu_free, (int)i);
		struct synth_track t = { 0 };
		uint32_t age = 100 * (i + 1);

		if (is_free)
			t = (struct synth_track){ GONE_FN + 8, 1, 300, JIFFIES_NOW - 5, NULL, 0, f->h_b };
		else if ((int)i == untracked)
			f->untracked++;
		else if (i % 4 == 3) {
			t = (struct synth_track){ OTHER_FN + 0x10, 1, 200, JIFFIES_NOW - 500, NULL, 0, f->h_b };
			f->n_b++;
		} else {
			t = (struct synth_track){ LEAK_FN + 0x24, 0, 100 + (int)i, JIFFIES_NOW - age, NULL, 0, h_a };
			f->n_a++;
			f->age_a_sum += age;
			if (age < f->age_a_min)
				f->age_a_min = age;
			if (age > f->age_a_max)
				f->age_a_max = age;
			f->leaked = obj;
		}
		if (f->depot == SYNTH_DEPOT_INLINE && t.addr) { /* the stack goes inline */
			t.frames = t.addr == OTHER_FN + 0x10 || t.addr == GONE_FN + 8 ? stack_b
				 : h_a == f->h_a1 ? stack_a1 : stack_a2;
			t.nframes = t.frames == stack_b ? 2 : t.frames == stack_a1 ? 3 : 4;
		}
		f->live += !is_free;
		synth_track_set(f->s, &f->c, obj, 0, &t);
	}
}

static void track_build(struct track_fixture *f, const char *profile, enum synth_depot depot,
			int flag_enum, int freeptr_outside)
{
	memset(f, 0, sizeof(*f));
	f->depot = depot;
	f->age_a_min = UINT32_MAX;
	f->s = synth_new(synth_profile(profile));
	synth_slab_declare(f->s, SYNTH_SLAB_HARDENED | SYNTH_SLAB_DEBUG);
	synth_track_declare(f->s, depot, flag_enum, JIFFIES_NOW);
	synth_sym(f->s, "leak_fn", LEAK_FN, 0x60);
	synth_sym(f->s, "other_fn", OTHER_FN, 0x40);
	synth_sym(f->s, "gone_fn", GONE_FN, 0x40);
	synth_sym(f->s, "caller_one", 0xc0200000, 0x180);
	synth_sym(f->s, "caller_two", 0xc0200180, 0x200);
	synth_slab_cache(f->s, &f->c, "kmalloc-512", 512, depot == SYNTH_DEPOT_INLINE ? 704 : 576, 1, 0);
	if (freeptr_outside) {
		f->c.offset = 512;
		synth_wm(f->s, f->c.addr, "kmem_cache", "offset", 512);
	}
	synth_track_cache(f->s, &f->c);
	if (depot != SYNTH_DEPOT_INLINE) {
		f->h_a1 = synth_depot_save(f->s, stack_a1, 3);
		f->h_a2 = synth_depot_save(f->s, stack_a2, 4);
		f->h_b = synth_depot_save(f->s, stack_b, 2);
	} else {
		f->h_a1 = 1; /* only tell the two stacks apart in tracks_for */
		f->h_a2 = 2;
	}
	f->p = (struct synth_slab_spec){ SYNTH_PARTIAL, 0, 2, free_p, 0, NULL, 0, 0 };
	f->full = (struct synth_slab_spec){ SYNTH_FULL, 0, 0, NULL, 0, NULL, 0, 0 };
	f->cpu = (struct synth_slab_spec){ SYNTH_CPU, 0, 1, free_cpu, 1, cpu_list, 0, 0 };
	synth_slab_add(f->s, &f->c, &f->p);
	synth_slab_add(f->s, &f->c, &f->full);
	synth_slab_add(f->s, &f->c, &f->cpu);
	/* SLUB_DEBUG keeps a SLAB_STORE_USER cache's full slabs on the node's full list */
	synth_list_add_tail(f->s, f->c.node + (uint32_t)synth_off(f->s, "kmem_cache_node", "full"),
			    f->full.desc + (uint32_t)synth_off(f->s, synth_size(f->s, "slab") > 0 ? "slab" : "page",
								 synth_off(f->s, "slab", "slab_list") >= 0 ? "slab_list" : "lru"));
	tracks_for(f, &f->p, f->h_a1, -1);
	tracks_for(f, &f->full, f->h_a2, 5);
	tracks_for(f, &f->cpu, f->h_a2, -1);
	f->k = unit_open(f->s);
}

static void track_free(struct track_fixture *f)
{
	mm_kernel_close(f->k);
	synth_free(f->s);
}

static void sites_of(struct track_fixture *f, struct mm_tracking *tr, struct mm_sites *s)
{
	struct mm_slab_layout lay;
	struct mm_slab_cache c;
	struct mm_err err = { 0 };

	assert_int_equal(mm_slab_layout(f->k, &lay, &err), MM_OK);
	assert_int_equal(mm_slab_find_cache(f->k, &lay, "kmalloc-512", &c, &err), MM_OK);
	assert_int_equal(mm_tracking_open(f->k, tr, &err), MM_OK);
	assert_true(mm_slab_tracked(tr, &c));
	assert_int_equal(mm_slab_sites(f->k, tr, &c, s, &err), MM_OK);
}

/* The counts are the objects laid down, per caller and stack. */
static void check_sites(struct track_fixture *f)
{
	struct mm_tracking tr;
	struct mm_sites s;
	const struct mm_site_caller *a, *b;

	sites_of(f, &tr, &s);
	assert_int_equal(tr.hz, SYNTH_HZ);
	assert_int_equal(tr.jiffies, JIFFIES_NOW);
	assert_int_equal(s.objects, f->live);
	assert_int_equal(s.untracked, f->untracked);
	assert_int_equal(s.unread, 0);
	assert_int_equal(s.ncallers, 2);
	a = &s.caller[0];
	b = &s.caller[1];
	assert_true(f->n_a > f->n_b);
	assert_int_equal(a->caller, LEAK_FN + 0x24);
	assert_int_equal(a->count, f->n_a);
	/* an inline stack is no key (alloc_calls of those kernels counts by caller alone) */
	assert_int_equal(a->nstacks, f->depot == SYNTH_DEPOT_INLINE ? 1 : 2);
	assert_int_equal(a->age_min, f->age_a_min);
	assert_int_equal(a->age_max, f->age_a_max);
	assert_int_equal(a->age_sum, f->age_a_sum);
	assert_int_equal(a->naged, f->n_a);
	assert_int_equal(a->cpus, 1);
	assert_int_equal(b->caller, OTHER_FN + 0x10);
	assert_int_equal(b->count, f->n_b);
	assert_int_equal(b->nstacks, 1);
	assert_int_equal(b->pid_min, 200);
	assert_int_equal(b->pid_max, 200);
	assert_int_equal(b->cpus, 2);
	assert_int_equal(b->age_min, 500);
	assert_int_equal(s.caller[0].count + s.caller[1].count + s.untracked, s.objects);
	mm_sites_free(&s);
}

/* The stack of a live object of site A comes back from the depot (or inline) frame by frame. */
static void check_track(struct track_fixture *f)
{
	struct mm_slab_layout lay;
	struct mm_slab_cache c;
	struct mm_tracking tr;
	struct mm_track t;
	struct mm_err err = { 0 };

	assert_int_equal(mm_slab_layout(f->k, &lay, &err), MM_OK);
	assert_int_equal(mm_slab_find_cache(f->k, &lay, "kmalloc-512", &c, &err), MM_OK);
	assert_int_equal(mm_tracking_open(f->k, &tr, &err), MM_OK);
	assert_int_equal(mm_track_read(f->k, &tr, &c, f->leaked, MM_TRACK_ALLOC, &t, &err), MM_OK);
	assert_int_equal(t.addr, LEAK_FN + 0x24);
	assert_int_equal(t.cpu, 0);
	assert_true(t.has_age);
	assert_int_equal(t.nframes, 4); /* the cpu slab's objects use stack a2 */
	assert_memory_equal(t.frames, stack_a2, sizeof(stack_a2));
	assert_int_equal(mm_track_read(f->k, &tr, &c, f->leaked, MM_TRACK_FREE, &t, &err), MM_OK);
	assert_int_equal(t.addr, 0); /* never freed */
}

/* Every track and depot layout: the counts, and a stack read back frame by frame. */
static const struct layout_case {
	const char *what, *profile;
	enum synth_depot depot;
	int flag_enum, freeptr_outside;
} layout_cases[] = {
	{ "6.1: stack_slabs, 16-bit index", "6.1", SYNTH_DEPOT_SLABS_16, 0, 0 },
	{ "5.x depot: stack_slabs, 21-bit index", "6.1", SYNTH_DEPOT_SLABS_21, 0, 0 },
	{ "6.12: stack_pools, index + 1, flag-bits enum", "6.9", SYNTH_DEPOT_POOLS_17, 1, 0 },
	{ "4.19: the stack inline in the track", "4.19", SYNTH_DEPOT_INLINE, 0, 0 },
	/* the free pointer stored after the object moves the tracks 4 bytes (get_info_end) */
	{ "6.1, free pointer after the object", "6.1", SYNTH_DEPOT_SLABS_16, 0, 1 },
};

static void test_sites_every_layout(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(layout_cases) / sizeof(layout_cases[0]); i++) {
		const struct layout_case *lc = &layout_cases[i];
		struct track_fixture f;
		print_message("  %s\n", lc->what);
		track_build(&f, lc->profile, lc->depot, lc->flag_enum, lc->freeptr_outside);
		check_sites(&f);
		check_track(&f);
		track_free(&f);
	}
}

/* 6.9+: SLAB_STORE_USER is bit _SLAB_STORE_USER of enum _slab_flag_bits, not 0x10000. */
static void test_store_user_flag_bit(void **state)
{
	struct track_fixture f;
	struct mm_tracking tr;
	struct mm_err err = { 0 };
	(void)state;
	track_build(&f, "6.9", SYNTH_DEPOT_POOLS_17, 1, 0);
	assert_int_equal(mm_tracking_open(f.k, &tr, &err), MM_OK);
	assert_int_equal(tr.store_user, 0x80);
	track_free(&f);
	track_build(&f, "6.1", SYNTH_DEPOT_SLABS_16, 0, 0);
	assert_int_equal(mm_tracking_open(f.k, &tr, &err), MM_OK);
	assert_int_equal(tr.store_user, 0x10000);
	track_free(&f);
}

static void test_cmd_sites(void **state)
{
	struct track_fixture f;
	char *out, want[200];
	(void)state;
	track_build(&f, "6.1", SYNTH_DEPOT_SLABS_16, 0, 0);
	out = unit_run(f.k, "slab -c kmalloc-512 --sites -b");
	snprintf(want, sizeof(want), "live objects: %llu\n", (unsigned long long)f.live);
	assert_non_null(strstr(out, want));
	/* COUNT BYTES STACKS AGE-MIN AGE-AVG AGE-MAX PIDS CPUS CALLER SYMBOL */
	snprintf(want, sizeof(want), "%llu  %llu       2    %.3f", (unsigned long long)f.n_a,
		 (unsigned long long)f.n_a * 512, (double)f.age_a_min / SYNTH_HZ);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "c0100024  leak_fn+36\n"));
	assert_non_null(strstr(out, "      c0200200  caller_two+128\n"));
	assert_non_null(strstr(out, "other_fn+16: "));
	assert_null(strstr(out, "gone_fn")); /* free objects are not sites */
	free(out);
	out = unit_run(f.k, "-j slab -c kmalloc-512 --sites -n 1");
	snprintf(want, sizeof(want), "\"sites\":[{\"count\":%llu,\"bytes\":%llu,\"stacks\":2,",
		 (unsigned long long)f.n_a, (unsigned long long)f.n_a * 512);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "\"caller_addr\":\"0xc0100024\",\"caller\":\"leak_fn+36\"}]"));
	assert_non_null(strstr(out, "\"frames\":[{\"addr\":\"0xc0100024\",\"symbol\":\"leak_fn+36\"}"));
	assert_non_null(strstr(out, "\"tracked\":true"));
	free(out);
	out = unit_run(f.k, "slab --sites");
	assert_non_null(strstr(out, "--sites needs a cache"));
	free(out);
	track_free(&f);
}

static void test_cmd_addr_tracks(void **state)
{
	struct track_fixture f;
	char *out, cmd[64], want[96];
	(void)state;
	track_build(&f, "6.1", SYNTH_DEPOT_SLABS_16, 0, 0);
	snprintf(cmd, sizeof(cmd), "addr %x", f.leaked + 8);
	out = unit_run(f.k, cmd);
	assert_non_null(strstr(out, "ALLOCATED BY"));
	assert_non_null(strstr(out, "caller: leak_fn+36\n"));
	assert_non_null(strstr(out, "      c0200100  caller_one+256\n"));
	assert_non_null(strstr(out, "LAST FREED BY"));
	assert_non_null(strstr(out, "caller: none recorded"));
	free(out);
	snprintf(cmd, sizeof(cmd), "-j addr %x", f.leaked);
	out = unit_run(f.k, cmd);
	snprintf(want, sizeof(want), "\"alloc_track\":{\"caller_addr\":\"0xc0100024\",\"caller\":\"leak_fn+36\",\"cpu\":0,");
	assert_non_null(strstr(out, want));
	snprintf(want, sizeof(want), "\"handle\":\"0x%x\"", f.h_a2);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "\"free_track\":{\"caller\":null"));
	free(out);
	track_free(&f);
}

/* A cache without SLAB_STORE_USER: no sites, and the way to get them. */
static void test_untracked_cache_hint(void **state)
{
	struct track_fixture f;
	struct synth_cache plain;
	struct synth_slab_spec sp = { SYNTH_PARTIAL, 0, 1, free_cpu, 0, NULL, 0, 0 };
	char *out, cmd[64];
	(void)state;
	memset(&f, 0, sizeof(f));
	f.s = synth_new(synth_profile("6.1"));
	synth_slab_declare(f.s, SYNTH_SLAB_DEBUG);
	synth_track_declare(f.s, SYNTH_DEPOT_SLABS_16, 0, JIFFIES_NOW);
	synth_slab_cache(f.s, &plain, "plain", 200, 208, 0, 0);
	synth_slab_add(f.s, &plain, &sp);
	f.k = unit_open(f.s);
	out = unit_run(f.k, "slab -c plain --sites");
	assert_non_null(strstr(out, "user tracking: no"));
	assert_non_null(strstr(out, "boot with slub_debug=U (every cache) or slub_debug=U,plain"));
	free(out);
	snprintf(cmd, sizeof(cmd), "addr %x", synth_slab_obj(&plain, sp.base, 3));
	out = unit_run(f.k, cmd);
	assert_non_null(strstr(out, "slub_debug=U,plain"));
	assert_null(strstr(out, "ALLOCATED BY"));
	free(out);
	/* triage: the largest cache keeps no tracks: a note how to get them, not an error */
	{
		struct mm_meminfo mi;
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		struct mm_out *o = mm_out_new(m, MM_FMT_JSON);
		memset(&mi, 0, sizeof(mi));
		mi.valid[MM_MI_TOTAL] = mi.valid[MM_MI_SLAB_UNRECLAIMABLE] = 1;
		mi.v[MM_MI_TOTAL] = 100;
		mi.v[MM_MI_SLAB_UNRECLAIMABLE] = 50;
		mm_out_begin(o, "triage");
		mm_triage_slab_sites(f.k, o, &mi);
		mm_out_finish(o);
		fclose(m);
		assert_non_null(strstr(buf, "\"name\":\"plain\",\"tracked\":false"));
		assert_non_null(strstr(buf, "slub_debug=U,plain (this one)"));
		assert_non_null(strstr(buf, "\"errors\":[]"));
		free(buf);
	}
	track_free(&f);
}

/* No struct track in the debug info: the kernel has no SLUB_DEBUG. */
static void test_no_slub_debug(void **state)
{
	struct track_fixture f;
	struct mm_tracking tr;
	struct mm_err err = { 0 };
	(void)state;
	track_build(&f, "6.1", SYNTH_DEPOT_SLABS_16, 0, 0);
	mm_kernel_close(f.k);
	synth_type_del(f.s, "track");
	f.k = unit_open(f.s);
	assert_int_equal(mm_tracking_open(f.k, &tr, &err), MM_EABSENT);
	assert_non_null(strstr(err.msg, "without SLUB_DEBUG"));
	track_free(&f);
}

/* A record whose handle field disagrees, a pool never allocated: the stack is refused with the
 * reason, and the counts do not change. */
static void test_depot_corrupt(void **state)
{
	struct track_fixture f;
	struct mm_slab_layout lay;
	struct mm_slab_cache c;
	struct mm_tracking tr;
	struct mm_track t;
	struct mm_err err = { 0 };
	uint32_t pools;
	char *out;
	(void)state;
	track_build(&f, "6.1", SYNTH_DEPOT_SLABS_16, 0, 0);
	pools = synth_symval(f.s, "stack_slabs");
	/* stack a2's record (offset:10 at bit 16, in 16-byte units) now claims another handle */
	synth_wm(f.s, synth_r32(f.s, pools) + (((f.h_a2 >> 16) & 0x3ff) << 4), "stack_record", "handle",
		 f.h_a2 ^ 0x10000);
	assert_int_equal(mm_slab_layout(f.k, &lay, &err), MM_OK);
	assert_int_equal(mm_slab_find_cache(f.k, &lay, "kmalloc-512", &c, &err), MM_OK);
	assert_int_equal(mm_tracking_open(f.k, &tr, &err), MM_OK);
	assert_int_equal(mm_track_read(f.k, &tr, &c, f.leaked, MM_TRACK_ALLOC, &t, &err), MM_OK);
	assert_int_equal(t.addr, LEAK_FN + 0x24);
	assert_int_equal(t.nframes, 0);
	assert_int_equal(t.stack_err.code, MM_ECORRUPT);
	check_sites(&f);
	out = unit_run(f.k, "slab -c kmalloc-512 --sites");
	assert_non_null(strstr(out, "carries handle"));
	free(out);
	synth_w32(f.s, pools, 0); /* the pool pointer gone */
	assert_int_equal(mm_track_read(f.k, &tr, &c, f.leaked, MM_TRACK_ALLOC, &t, &err), MM_OK);
	assert_int_equal(t.stack_err.code, MM_ECORRUPT);
	track_free(&f);
}

/* Triage names the top sites when slab holds a quarter of memory or more, and stays silent
 * below. */
static void test_triage_sites(void **state)
{
	struct track_fixture f;
	struct mm_meminfo mi;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	struct mm_out *o;
	(void)state;
	track_build(&f, "6.1", SYNTH_DEPOT_SLABS_16, 0, 0);
	memset(&mi, 0, sizeof(mi));
	mi.valid[MM_MI_TOTAL] = mi.valid[MM_MI_SLAB_UNRECLAIMABLE] = 1;
	mi.v[MM_MI_TOTAL] = 1000;
	mi.v[MM_MI_SLAB_UNRECLAIMABLE] = 300;
	m = open_memstream(&buf, &len);
	o = mm_out_new(m, MM_FMT_TEXT);
	mm_triage_slab_sites(f.k, o, &mi);
	mm_out_finish(o);
	fclose(m);
	assert_non_null(strstr(buf, "kernel memory: slab caches hold 30% of memory"));
	assert_non_null(strstr(buf, "ALLOCATION SITES of kmalloc-512"));
	assert_non_null(strstr(buf, "leak_fn+36\n"));
	free(buf);
	buf = NULL;
	mi.v[MM_MI_SLAB_UNRECLAIMABLE] = 200;
	m = open_memstream(&buf, &len);
	o = mm_out_new(m, MM_FMT_TEXT);
	mm_triage_slab_sites(f.k, o, &mi);
	mm_out_finish(o);
	fclose(m);
	assert_null(strstr(buf, "ALLOCATION SITES"));
	free(buf);
	track_free(&f);
}

UNIT_GROUP(track,
	   cmocka_unit_test(test_sites_every_layout),
	   cmocka_unit_test(test_store_user_flag_bit),
	   cmocka_unit_test(test_cmd_sites),
	   cmocka_unit_test(test_cmd_addr_tracks),
	   cmocka_unit_test(test_untracked_cache_hint),
	   cmocka_unit_test(test_no_slub_debug),
	   cmocka_unit_test(test_depot_corrupt),
	   cmocka_unit_test(test_triage_sites))
