/* Tasks on synthetic dumps of every generation: the list, threads folded, the mm's counters
 * (atomic + per-thread deltas, per-CPU counters), page tables, stacks and OOM marks; the log's
 * memory failures; MemTotal accounted from counters and from struct pages. */
#include "unit.h"
#include "json_check.h"
#include "../../core/task/task.h"
#include "../../core/log/memfail.h"
#include "../../core/accounting.h"
#include "../../core/page_alloc/census.h"
#include "../../vmcores/synth/buddy.h"
#include "../../vmcores/synth/synth_tasks.h"
#include <string.h>

/* What every profile gets: a kernel thread, a hog (1 thread), a daemon (3 threads). */
struct laid {
	uint32_t hog, daemon, kthread, hog_mm, daemon_mm;
};

static void lay_tasks(struct synth *s, struct laid *l)
{
	int g = synth_prof(s)->gen;
	const int64_t hog_rss[4] = { 3, 1000, 5, 7 }, daemon_rss[4] = { 10, 20, 0, 4 };

	synth_tasks_init(s);
	l->hog_mm = synth_mm_new(s, hog_rss, 3 * 4096);
	l->daemon_mm = synth_mm_new(s, daemon_rss, 4096);
	l->kthread = synth_task_add(s, 2, "kthreadd", 0x402, 0, 1);
	l->daemon = synth_task_add(s, 200, "daemon", 1, l->daemon_mm, 3);
	l->hog = synth_task_add(s, 100, "hog", 0, l->hog_mm, 1);
	if (g >= 602) { /* per-CPU deltas: +4 on CPU 0, -1 on CPU 1 */
		synth_mm_percpu_delta(s, l->hog_mm, SYNTH_RSS_ANON, 0, 4);
		synth_mm_percpu_delta(s, l->hog_mm, SYNTH_RSS_ANON, 1, -1);
	} else { /* per-thread deltas of the daemon's threads 1 and 2 */
		synth_task_rss_delta(s, synth_task_thread(s, l->daemon, 1), SYNTH_RSS_ANON, 2);
		synth_task_rss_delta(s, synth_task_thread(s, l->daemon, 2), SYNTH_RSS_ANON, 3);
	}
	if (g >= 410)
		synth_task_oom_victim(s, l->hog);
}

static void test_tasks_generations(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		struct synth *s = synth_new(p);
		struct mm_kernel *k;
		struct mm_tasks ts;
		struct mm_err err = { 0 };
		struct laid l;
		int g = p->gen, shmem = g >= 405;

		lay_tasks(s, &l);
		k = unit_open(s);
		assert_int_equal(mm_tasks_read(k, &ts, &err), MM_OK);
		assert_int_equal(ts.n, 4);            /* init_task and the three */
		assert_int_equal(ts.nthreads, 6);
		assert_int_equal(ts.thread_size, 8192);
		assert_int_equal(ts.rss_gen, g >= 602 ? MM_RSS_PERCPU : MM_RSS_ATOMIC);
		/* the list's order: init_task first, then as added */
		assert_int_equal(ts.task[0].pid, 0);
		assert_string_equal(ts.task[0].comm, "swapper/0");
		assert_int_equal(ts.task[1].pid, 2);
		assert_int_equal(ts.task[1].state, 'I');
		assert_int_equal(ts.task[1].mm, 0);
		assert_int_equal(ts.task[2].pid, 200);
		assert_int_equal(ts.task[2].state, 'S');
		assert_int_equal(ts.task[2].nthreads, 3);
		assert_int_equal(ts.task[2].stack_bytes, 3 * 8192);
		assert_int_equal(ts.task[2].rss[MM_RSS_FILE], 10);
		assert_int_equal(ts.task[2].rss[MM_RSS_ANON], g >= 602 ? 20 : 25);
		assert_int_equal(ts.task[2].pending[MM_RSS_ANON], g >= 602 ? 0 : 5);
		assert_int_equal(ts.task[2].rss[MM_RSS_SHMEM], shmem ? 4 : 0);
		assert_int_equal(ts.task[2].pgtables_bytes, 4096);
		assert_int_equal(ts.task[3].pid, 100);
		assert_string_equal(ts.task[3].comm, "hog");
		assert_int_equal(ts.task[3].state, 'R');
		assert_int_equal(ts.task[3].rss[MM_RSS_ANON], g >= 602 ? 1003 : 1000);
		assert_int_equal(ts.task[3].pending[MM_RSS_ANON], g >= 602 ? 3 : 0);
		assert_int_equal(ts.task[3].rss[MM_RSS_SWAP], 5);
		assert_int_equal(mm_task_rss(&ts.task[3]), 3 + (g >= 602 ? 1003 : 1000) + (shmem ? 7 : 0));
		assert_int_equal(ts.task[3].pgtables_bytes, 3 * 4096);
		assert_int_equal(ts.task[3].oom_victim, g >= 410);
		assert_int_equal(ts.has_oom_mm, g >= 410);
		mm_tasks_sort(&ts);
		assert_int_equal(ts.task[0].pid, 100);
		assert_int_equal(ts.task[1].pid, 200);
		assert_int_equal(ts.task[2].pid, 0); /* no mm: 0 bytes, by pid */
		mm_tasks_free(&ts);
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* THREAD_SIZE from a task's vmap'd stack where the debug info has no init_stack array (6.12),
 * and nothing guessed when neither tells. */
static void test_tasks_vmap_stack(void **state)
{
	struct synth *s = synth_new(synth_profile("6.9"));
	struct mm_kernel *k;
	struct mm_tasks ts;
	struct mm_err err = { 0 };
	struct laid l;
	uint32_t vm;

	(void)state;
	lay_tasks(s, &l);
	synth_array(s, "init_stack", -1);
	synth_struct(s, "vm_struct", (struct synth_field[]){
		{ "next", 4 }, { "addr", 4 }, { "size", 4 }, { "flags", 4 }, { "pages", 4 }, { "nr_pages", 4 }, { NULL } });
	k = unit_open(s);
	assert_int_equal(mm_tasks_read(k, &ts, &err), MM_OK);
	assert_int_equal(ts.thread_size, 0); /* no stack_vm_area set, no init_stack length */
	assert_int_equal(ts.task[2].stack_bytes, 0);
	mm_tasks_free(&ts);
	mm_kernel_close(k);
	vm = synth_alloc(s, (uint32_t)synth_size(s, "vm_struct"), 4);
	synth_wm(s, vm, "vm_struct", "nr_pages", 4);
	synth_wm(s, l.daemon, "task_struct", "stack_vm_area", vm);
	k = unit_open(s);
	assert_int_equal(mm_tasks_read(k, &ts, &err), MM_OK);
	assert_int_equal(ts.thread_size, 16384);
	assert_int_equal(ts.task[0].stack_bytes, 16384); /* init_task too: every stack is THREAD_SIZE */
	assert_int_equal(ts.task[2].stack_bytes, 3 * 16384);
	mm_tasks_free(&ts);
	mm_kernel_close(k);
	/* a wild nr_pages is not a THREAD_SIZE */
	synth_wm(s, vm, "vm_struct", "nr_pages", 3);
	k = unit_open(s);
	assert_int_equal(mm_tasks_read(k, &ts, &err), MM_OK);
	assert_int_equal(ts.thread_size, 0);
	mm_tasks_free(&ts);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_tasks_state_letters(void **state)
{
	(void)state;
	assert_int_equal(mm_task_state_char(0, 0), 'R');
	assert_int_equal(mm_task_state_char(1, 0), 'S');
	assert_int_equal(mm_task_state_char(2, 0), 'D');
	assert_int_equal(mm_task_state_char(0x402, 0), 'I');
	assert_int_equal(mm_task_state_char(4, 0), 'T');
	assert_int_equal(mm_task_state_char(8, 0), 't');
	assert_int_equal(mm_task_state_char(0x80, 0x20), 'Z');
	assert_int_equal(mm_task_state_char(0x80, 0x10), 'X');
	assert_int_equal(mm_task_state_char(0x1000, 0), '?');
}

/* A cycle in the tasks list stops the walk with the tasks read before it; the report says it. */
static void test_tasks_corrupt(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_tasks ts;
	struct mm_err err = { 0 };
	struct laid l;
	long link = 0;
	char *out;

	(void)state;
	lay_tasks(s, &l);
	link = synth_off(s, "task_struct", "tasks");
	/* the hog's next points back at the daemon: a cycle not through init_task */
	synth_w32(s, l.hog + (uint32_t)link, l.daemon + (uint32_t)link);
	k = unit_open(s);
	assert_int_equal(mm_tasks_read(k, &ts, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "init_task.tasks"));
	assert_int_equal(ts.n, 4);
	mm_tasks_free(&ts);
	out = unit_run(k, "tasks");
	assert_non_null(strstr(out, "mmview: tasks: init_task.tasks: corrupt list"));
	assert_non_null(strstr(out, "hog"));
	free(out);
	mm_kernel_close(k);
	/* an unreadable mm: the task is listed, its counters unknown, the rest still read */
	synth_w32(s, l.hog + (uint32_t)link, synth_symval(s, "init_task") + (uint32_t)link);
	synth_wm(s, l.daemon, "task_struct", "mm", 0xf0000000u); /* nothing mapped there */
	k = unit_open(s);
	assert_int_equal(mm_tasks_read(k, &ts, &err), MM_OK);
	assert_false(ts.task[2].rss_known);
	assert_non_null(strstr(ts.task[2].err, "counters unreadable"));
	assert_true(ts.task[3].rss_known);
	mm_tasks_free(&ts);
	mm_kernel_close(k);
	synth_free(s);
}

static const char oom_log[] =
	"[    0.594960] vmap allocation for size 1052672 failed: use vmalloc=<size> to increase size\n"
	"[    3.100000] sh: page allocation failure: order:4, mode:0xcc0(GFP_KERNEL), nodemask=(null)\n"
	"[    3.100100] CPU: 0 PID: 77 Comm: sh Not tainted 6.1.0 #1\n"
	"[   18.228622] hog invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
	"[   18.229163] CPU: 1 PID: 100 Comm: hog Not tainted 6.1.0 #1\n"
	"[   18.229307] Hardware name: Generic DT based system\n"
	"[   18.240000] Out of memory: Killed process 200 (daemon) total-vm:1000kB, anon-rss:80kB\n"
	"[   19.235138] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n"
	"[   19.235275] CPU: 1 PID: 100 Comm: hog Not tainted 6.1.0 #1\n"
	"[   19.300000] sh: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n";

static void test_memfail_parse(void **state)
{
	struct mm_memfails mf;
	char comm[24];
	int pids[4];

	(void)state;
	mm_memfail_parse(oom_log, sizeof(oom_log) - 1, &mf);
	assert_int_equal(mf.n, 4); /* the line after the panic is not a failure of its own */
	assert_int_equal(mf.f[0].kind, MM_MF_VMAP);
	assert_int_equal(mf.f[0].size, 1052672);
	assert_int_equal(mf.f[0].pid, -1);
	assert_true(mf.f[0].time > 0.594 && mf.f[0].time < 0.595);
	assert_false(mf.f[0].led_to_panic);
	assert_int_equal(mf.f[1].kind, MM_MF_PAGE_ALLOC);
	assert_string_equal(mf.f[1].task, "sh");
	assert_int_equal(mf.f[1].pid, 77);
	assert_int_equal(mf.f[1].order, 4);
	assert_int_equal(mf.f[2].kind, MM_MF_OOM_INVOKED);
	assert_string_equal(mf.f[2].task, "hog");
	assert_int_equal(mf.f[2].pid, 100);
	assert_int_equal(mf.f[2].order, 0);
	assert_int_equal(mf.f[3].kind, MM_MF_OOM_KILLED);
	assert_int_equal(mf.f[3].pid, 200);
	assert_string_equal(mf.f[3].task, "daemon");
	assert_true(mf.have_panic);
	assert_int_equal(mf.panic_pid, 100);
	assert_true(mf.f[2].led_to_panic);
	assert_false(mf.f[3].led_to_panic); /* the kill names another task */
	assert_int_equal(mm_memfail_oom_invoker(&mf, comm, sizeof(comm)), 100);
	assert_string_equal(comm, "hog");
	assert_int_equal(mm_memfail_oom_killed(&mf, pids, 4), 1);
	assert_int_equal(pids[0], 200);
	/* no log text at all, and a log without timestamps */
	mm_memfail_parse("", 0, &mf);
	assert_int_equal(mf.n, 0);
	mm_memfail_parse("vmap allocation for size 8192 failed\n", 37, &mf);
	assert_int_equal(mf.n, 1);
	assert_true(mf.f[0].time < 0);
}

static void test_tasks_report(void **state)
{
	struct synth *s = synth_new(synth_profile("6.9"));
	struct mm_kernel *k;
	struct laid l;
	char *out, why[160];

	(void)state;
	lay_tasks(s, &l);
	synth_log(s, oom_log);
	k = unit_open(s);
	out = unit_run(k, "tasks");
	/* hog: invoker (log) and victim (signal->oom_mm); daemon: victim (the log's kill) */
	assert_non_null(strstr(out, "100  R     1    4.0M   3.9M  12.0K  28.0K     5     12.0K    8.0K  victim,invoker  hog"));
	assert_non_null(strstr(out, "200  S     3  136.0K  80.0K  40.0K  16.0K     0      4.0K   24.0K  victim          daemon"));
	assert_non_null(strstr(out, "  0  R     1       0      0      0      0     0         0    8.0K  -               swapper/0"));
	assert_null(strstr(out, "mmview:")); /* nothing unreadable */
	assert_non_null(strstr(out, "counters: mm_struct.rss_stat percpu_counters, summed over 4 CPUs"));
	free(out);
	out = unit_run(k, "-j tasks -n 1");
	assert_int_equal(json_check(out, strlen(out), why, sizeof(why)), 0);
	assert_non_null(strstr(out, "\"pid\":100,\"state\":\"R\",\"threads\":1,\"rss\":4149248,\"anon\":4108288,"
				    "\"file\":12288,\"shmem\":28672,\"swap_entries\":5"));
	assert_non_null(strstr(out, "\"rss_unsynced\":12288"));
	assert_non_null(strstr(out, "3 more (mmview tasks lists them all)"));
	free(out);
	out = unit_run(k, "tasks -n x");
	assert_non_null(strstr(out, "mmview: tasks: -n wants a positive count"));
	free(out);
	out = unit_run(k, "triage");
	assert_non_null(strstr(out, "MEMORY FAILURES IN THE LOG (before the panic)\n            failures: 4\n"));
	assert_non_null(strstr(out, "18.229  oom-killer invoked       hog     100  yes"));
	assert_non_null(strstr(out, "0.595  vmap allocation failure  -         -  -      1052672"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* Counters in the arrays their enums name, and a census that finds what was laid down. */
static void put_stat(struct synth *s, const char *array, const char *type, const char *name, long idx, uint32_t v)
{
	synth_enum_in(s, type, name, idx);
	synth_w32(s, synth_symval(s, array) + 4 * (uint32_t)idx, v);
}

static void test_accounting(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_accounting a;
	struct mm_census c;
	struct mm_err err = { 0 };
	uint64_t start;
	uint32_t page_sz, flags_zone;
	char *out, why[160];

	(void)state;
	synth_buddy_init(s);
	page_sz = (uint32_t)synth_size(s, "page");
	synth_var(s, "vm_zone_stat", 4 * 11);
	synth_array(s, "vm_zone_stat", 11);
	synth_var(s, "vm_node_stat", 4 * 45);
	synth_array(s, "vm_node_stat", 45);
	synth_w32(s, synth_var(s, "_totalram_pages", 4), 16000);
	put_stat(s, "vm_zone_stat", "zone_stat_item", "NR_FREE_PAGES", 0, 4000);
	put_stat(s, "vm_zone_stat", "zone_stat_item", "NR_ZSPAGES", 9, 100);
	put_stat(s, "vm_node_stat", "node_stat_item", "NR_FILE_PAGES", 19, 3000);
	put_stat(s, "vm_node_stat", "node_stat_item", "NR_SHMEM", 23, 1000);
	put_stat(s, "vm_node_stat", "node_stat_item", "NR_ANON_MAPPED", 17, 5000);
	put_stat(s, "vm_node_stat", "node_stat_item", "NR_SLAB_RECLAIMABLE_B", 5, 300);
	put_stat(s, "vm_node_stat", "node_stat_item", "NR_SLAB_UNRECLAIMABLE_B", 6, 200);
	put_stat(s, "vm_node_stat", "node_stat_item", "NR_KERNEL_STACK_KB", 40, 400); /* 100 pages */
	put_stat(s, "vm_node_stat", "node_stat_item", "NR_PAGETABLE", 41, 50);
	synth_w32(s, synth_var(s, "nr_vmalloc_pages", 4), 150);
	synth_w32(s, synth_var(s, "pcpu_nr_populated", 4), 30);
	synth_w32(s, synth_var(s, "pcpu_nr_units", 4), 2);
	synth_struct(s, "pcpu_chunk", (struct synth_field[]){ { "list", 8 }, { "nr_populated", 4 }, { NULL } });
	{
		uint32_t chunk = synth_alloc(s, 12, 4);
		synth_wm(s, chunk, "pcpu_chunk", "nr_populated", 20);
		synth_w32(s, synth_var(s, "pcpu_first_chunk", 4), chunk);
	}
	synth_struct(s, "per_cpu_pages", (struct synth_field[]){ { "lock", 4 }, { "count", 4 }, { NULL } });
	{
		uint32_t pcp = synth_percpu_alloc(s, 8);
		synth_w32(s, synth_percpu_addr(s, pcp, 0) + 4, 70);
		synth_w32(s, synth_percpu_addr(s, pcp, 1) + 4, 30);
		synth_wm(s, synth_zone(s, 0), "zone", "per_cpu_pageset", pcp);
	}
	/* struct pages: a free order-3 block, 5 anon pages, a 40-page run of no-owner pages */
	start = synth_zone_start(s, 0);
	synth_buddy_free(s, start + 0x200, 3, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	for (uint64_t pfn = start; pfn < start + 5; pfn++) {
		uint32_t pg = synth_buddy_page(s, pfn);
		synth_wm(s, pg, "page", "mapping", synth_alloc(s, 64, 64) | 1);
		synth_wm(s, pg, "page", "_refcount", 1);
	}
	for (uint64_t pfn = start + 0x400; pfn < start + 0x428; pfn++) {
		uint32_t pg = synth_buddy_page(s, pfn);
		synth_wm(s, pg, "page", "_refcount", 1);
	}
	(void)page_sz;
	(void)flags_zone;
	/* a task with a vmap'd stack kernel: stacks are inside nr_vmalloc_pages */
	synth_tasks_init(s);
	k = unit_open(s);
	mm_accounting_read(k, &a);
	assert_int_equal(a.total, 16000);
	assert_true(a.known[MM_ACCT_FREE] && a.v[MM_ACCT_FREE] == 4000);
	assert_true(a.known[MM_ACCT_PCP] && a.v[MM_ACCT_PCP] == 100);
	assert_true(a.known[MM_ACCT_FILE] && a.v[MM_ACCT_FILE] == 2000);
	assert_true(a.known[MM_ACCT_SHMEM] && a.v[MM_ACCT_SHMEM] == 1000);
	assert_true(a.known[MM_ACCT_ANON] && a.v[MM_ACCT_ANON] == 5000);
	assert_int_equal(a.v[MM_ACCT_SLAB_RECL] + a.v[MM_ACCT_SLAB_UNRECL], 500);
	assert_true(a.known[MM_ACCT_KSTACK] && a.v[MM_ACCT_KSTACK] == 100);
	assert_true(a.known[MM_ACCT_PGTABLE] && a.v[MM_ACCT_PGTABLE] == 50);
	assert_true(a.vmap_stack);
	assert_true(a.known[MM_ACCT_VMALLOC] && a.v[MM_ACCT_VMALLOC] == 50);
	assert_true(a.known[MM_ACCT_PERCPU] && a.v[MM_ACCT_PERCPU] == 20); /* (30 - 20) x 2 */
	assert_int_equal(a.percpu_all, 60);
	assert_true(a.known[MM_ACCT_ZSPAGES] && a.v[MM_ACCT_ZSPAGES] == 100);
	assert_true(a.known[MM_ACCT_MISC] && a.v[MM_ACCT_MISC] == 0);
	assert_int_equal(a.explained, 12920);
	assert_int_equal(a.remainder, 3080);
	assert_true(mm_accounting_remainder_large(k, &a));
	assert_int_equal(mm_census_read(k, &c, &err), MM_OK);
	assert_int_equal(c.pages[MM_CEN_FREE], 8);
	assert_int_equal(c.pages[MM_CEN_ANON], 5);
	assert_int_equal(c.pages[MM_CEN_KERNEL], 40);
	assert_int_equal(c.nruns, 1);
	assert_int_equal(c.run[0].start, start + 0x400);
	assert_int_equal(c.run[0].end, start + 0x428);
	assert_int_equal(c.nsigs, 1);
	assert_int_equal(c.sig[0].pages, 40);
	assert_int_equal(c.sig[0].refcount, 1);
	assert_int_equal(c.sig[0].flags, 0);
	assert_int_equal(c.pages[MM_CEN_PCP], c.scanned - 8 - 5 - 40); /* the rest: refcount 0 */
	out = unit_run(k, "meminfo");
	assert_non_null(strstr(out, "  vmalloc + kernel stacks    600.0K             0\n"));
	assert_non_null(strstr(out, "no counter explains: 12.0M (12615680 bytes)"));
	assert_non_null(strstr(out, "signature of a driver leaking alloc_pages"));
	free(out);
	out = unit_run(k, "-j meminfo");
	assert_int_equal(json_check(out, strlen(out), why, sizeof(why)), 0);
	assert_non_null(strstr(out, "\"no_owner_longest_runs\":[{\"start_pfn\":\"0x"));
	assert_non_null(strstr(out, "\"pages\":40,\"bytes\":163840}]"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(tasks,
	   cmocka_unit_test(test_tasks_generations),
	   cmocka_unit_test(test_tasks_vmap_stack),
	   cmocka_unit_test(test_tasks_state_letters),
	   cmocka_unit_test(test_tasks_corrupt),
	   cmocka_unit_test(test_memfail_parse),
	   cmocka_unit_test(test_tasks_report),
	   cmocka_unit_test(test_accounting))
