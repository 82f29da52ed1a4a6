/* `mmview triage` on synthetic dumps whose log and memory tell one story each. */
#include "unit.h"
#include "../../vmcores/synth/buddy.h"
#include "../../vmcores/synth/synth_vmalloc.h"
#include <stdlib.h>
#include <string.h>

static void test_triage_vmalloc_failure(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct synth_vmalloc *b = synth_vmalloc_new(s);
	struct mm_kernel *k;
	uint32_t text = synth_symval(s, "_text"), vs, ve;
	char *out;

	(void)state;
	synth_sym(s, "frag_setup", text + 0x3000, 0x80);
	k = unit_open(s);
	vs = k->vmalloc_start;
	ve = k->vmalloc_end;
	mm_kernel_close(k);
	/* 128 KB areas (incl. guard) with 128 KB holes, over the whole range but the last 1 MB */
	for (uint32_t a = vs; a + 0x20000 <= ve - 0x100000; a += 0x40000)
		synth_vmalloc_area(b, a, 0x20000, SYNTH_VM_ALLOC, text + 0x3010, 31, 0);
	synth_vmalloc_finish(b);
	synth_log(s, "[    7.0] vmap allocation for size 4198400 failed: use vmalloc=<size> to increase size\n"
		     "[    7.0] sh: vmalloc error: size 4194304, vm_struct allocation failed\n"
		     "[    7.1] Kernel panic - not syncing: mmtest: vmalloc of 4194304 bytes failed\n");
	k = unit_open(s);
	out = unit_run(k, "triage");
	assert_non_null(strstr(out, "cause: vmalloc failure"));
	assert_non_null(strstr(out, "failed request: 4.0M (4194304 bytes)"));
	assert_non_null(strstr(out, "largest free gap: 1.1M"));
	assert_non_null(strstr(out, "would it fit now: no"));
	assert_non_null(strstr(out, "cause: fragmentation: enough space is free, but not in one piece"));
	assert_non_null(strstr(out, "frag_setup+0x10/0x80"));
	free(out);
	out = unit_run(k, "-j triage");
	assert_non_null(strstr(out, "\"kind\":\"vmalloc failure\""));
	assert_non_null(strstr(out, "\"fits_now\":false"));
	assert_non_null(strstr(out, "\"vmalloc_param_mb\":"));
	free(out);
	synth_vmalloc_free(b);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_triage_oom(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	char *out;
	uint64_t start;

	(void)state;
	synth_buddy_init(s);
	start = synth_zone_start(s, 0);
	synth_buddy_free(s, start + 0x100, 0, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	synth_zone_wmarks(s, 0, 64, 80, 96);
	synth_zone_set_free_pages(s, 0, 1);
	synth_log(s, "[16.8] hog invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
		     "[16.8] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n");
	k = unit_open(s);
	out = unit_run(k, "triage");
	assert_non_null(strstr(out, "cause: oom"));
	assert_non_null(strstr(out, "OOM invoked by: hog"));
	assert_non_null(strstr(out, "failed order: 0"));
	assert_non_null(strstr(out, "at/below min"));
	assert_non_null(strstr(out, "cause: exhaustion: 2 zones at or below the min watermark for order 0"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_triage_without_log(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k = unit_open(s);
	char *out = unit_run(k, "triage");

	(void)state;
	/* no log, no zones, no counters: each part says what it lacks and the report goes on */
	assert_non_null(strstr(out, "mmview: kernel log: the kernel log could not be read"));
	assert_non_null(strstr(out, "MEMORY (as /proc/meminfo, from the dump)"));
	assert_non_null(strstr(out, "finding: no panic message in the kernel log"));
	free(out);
	out = unit_run(k, "triage extra");
	assert_non_null(strstr(out, "mmview: triage: takes no arguments (got \"extra\")"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(triage,
	   cmocka_unit_test(test_triage_vmalloc_failure),
	   cmocka_unit_test(test_triage_oom),
	   cmocka_unit_test(test_triage_without_log))
