/* Tasks and mms in the layout of the profile's generation (see synth_tasks.h). */
#include "synth_tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREAD_SIZE 8192
#define MAX_THREADS 64

static const char *const rss_enum[4] = { "MM_FILEPAGES", "MM_ANONPAGES", "MM_SWAPENTS", "MM_SHMEMPAGES" };

static int gen(struct synth *s) { return synth_prof(s)->gen; }
static int percpu_rss(struct synth *s) { return gen(s) >= 602; }
static int nr_counters(struct synth *s) { return gen(s) >= 405 ? 4 : 3; }

/* Appends a member to a struct already declared (mm_struct of base_kernel keeps its pgd). */
static void append(struct synth *s, const char *type, const char *member, long size, long align)
{
	long off = synth_size(s, type);
	off = (off + align - 1) / align * align;
	synth_member(s, type, member, off, size);
	synth_type(s, type, off + size);
}

void synth_tasks_init(struct synth *s)
{
	int g = gen(s), nr = nr_counters(s);
	uint32_t init_task, sig;

	for (int i = 0; i < nr; i++)
		synth_enum(s, rss_enum[i], i);
	synth_enum(s, "NR_MM_COUNTERS", nr);
	if (percpu_rss(s)) {
		synth_struct(s, "percpu_counter", (struct synth_field[]){
			{ "lock", 4 }, { "count", 8 }, { "list", 8 }, { "counters", 4 }, { NULL } });
		append(s, "mm_struct", "rss_stat", nr * synth_size(s, "percpu_counter"), 8);
	} else {
		synth_struct(s, "mm_rss_stat", (struct synth_field[]){ { "count", 4L * nr }, { NULL } });
		synth_struct(s, "task_rss_stat", (struct synth_field[]){ { "events", 4 }, { "count", 4L * nr }, { NULL } });
		append(s, "mm_struct", "rss_stat", synth_size(s, "mm_rss_stat"), 4);
	}
	append(s, "mm_struct", g >= 416 ? "pgtables_bytes" : "nr_ptes", 4, 4);
	append(s, "mm_struct", "flags", 4, 4);
	synth_type(s, "mm_struct", (synth_size(s, "mm_struct") + 7) & ~7L);

	synth_struct(s, "signal_struct", (struct synth_field[]){
		{ "sigcnt", 4 }, { "live", 4 }, { "nr_threads", 4 },
		{ g >= 314 ? "thread_head" : "pad_thread_head", 8 }, { "oom_mm_pad", 4 }, { NULL } });
	if (g >= 410) {
		synth_member(s, "signal_struct", "oom_mm", synth_off(s, "signal_struct", "oom_mm_pad"), 4);
	}
	synth_struct(s, "task_struct", (struct synth_field[]){
		{ g >= 514 ? "__state" : "state", 4 }, { "stack", 4 }, { "usage", 4 }, { "flags", 4 },
		{ "pad0", 0x100 }, { "tasks", 8 }, { "mm", 4 }, { "active_mm", 4 },
		{ "rss_stat_pad", percpu_rss(s) ? 4 : 4 + 4L * nr }, { "exit_state", 4 }, { "pid", 4 },
		{ "tgid", 4 }, { "thread_group_pad", 8 }, { "thread_node_pad", 8 }, { "comm", 16 },
		{ "signal", 4 }, { "stack_vm_area_pad", 4 }, { "pad1", 0x80 }, { NULL } });
	if (!percpu_rss(s))
		synth_member(s, "task_struct", "rss_stat", synth_off(s, "task_struct", "rss_stat_pad"), 4 + 4L * nr);
	if (g < 607)
		synth_member(s, "task_struct", "thread_group", synth_off(s, "task_struct", "thread_group_pad"), 8);
	if (g >= 314)
		synth_member(s, "task_struct", "thread_node", synth_off(s, "task_struct", "thread_node_pad"), 8);
	if (g >= 600)
		synth_member(s, "task_struct", "stack_vm_area", synth_off(s, "task_struct", "stack_vm_area_pad"), 4);

	synth_var(s, "init_stack", THREAD_SIZE);
	synth_array(s, "init_stack", THREAD_SIZE / 4);
	init_task = synth_var(s, "init_task", (uint32_t)synth_size(s, "task_struct"));
	synth_list_init(s, init_task + synth_off(s, "task_struct", "tasks"));
	synth_write(s, init_task + synth_off(s, "task_struct", "comm"), MM_KVADDR, "swapper/0", 9);
	/* init_signals: init_task is its only thread */
	sig = synth_var(s, "init_signals", (uint32_t)synth_size(s, "signal_struct"));
	synth_wm(s, sig, "signal_struct", "nr_threads", 1);
	synth_wm(s, init_task, "task_struct", "signal", sig);
	if (g >= 314) {
		synth_list_init(s, sig + synth_off(s, "signal_struct", "thread_head"));
		synth_list_add_tail(s, sig + synth_off(s, "signal_struct", "thread_head"),
				    init_task + synth_off(s, "task_struct", "thread_node"));
	}
	if (g < 607)
		synth_list_init(s, init_task + synth_off(s, "task_struct", "thread_group"));
}

uint32_t synth_mm_new(struct synth *s, const int64_t rss[4], uint32_t pgtables)
{
	uint32_t mm = synth_alloc(s, (uint32_t)synth_size(s, "mm_struct"), 8);
	long rs = synth_off(s, "mm_struct", "rss_stat");

	for (int i = 0; i < nr_counters(s); i++) {
		if (percpu_rss(s)) {
			uint32_t pc = mm + (uint32_t)(rs + i * synth_size(s, "percpu_counter"));
			synth_wm(s, pc, "percpu_counter", "count", (uint64_t)rss[i]);
			synth_wm(s, pc, "percpu_counter", "counters", synth_percpu_alloc(s, 4));
		} else
			synth_w32(s, mm + (uint32_t)rs + 4 * (uint32_t)i, (uint32_t)rss[i]);
	}
	if (gen(s) >= 416)
		synth_wm(s, mm, "mm_struct", "pgtables_bytes", pgtables);
	else
		synth_wm(s, mm, "mm_struct", "nr_ptes", pgtables / 4096);
	return mm;
}

void synth_mm_percpu_delta(struct synth *s, uint32_t mm, enum synth_rss item, int cpu, int32_t delta)
{
	uint32_t pc = mm + (uint32_t)(synth_off(s, "mm_struct", "rss_stat") + item * synth_size(s, "percpu_counter"));
	uint32_t ptr = synth_r32(s, pc + (uint32_t)synth_off(s, "percpu_counter", "counters"));
	synth_w32(s, synth_percpu_addr(s, ptr, cpu), (uint32_t)delta);
}

uint32_t synth_task_thread(struct synth *s, uint32_t leader, int n)
{
	/* threads are allocated right after their leader, one task_struct each */
	return leader + (uint32_t)n * (uint32_t)synth_size(s, "task_struct");
}

uint32_t synth_task_add(struct synth *s, int pid, const char *comm, uint32_t state, uint32_t mm, int nthreads)
{
	uint32_t tsz = (uint32_t)synth_size(s, "task_struct"), leader, sig;
	char name[16] = { 0 };

	if (nthreads < 1 || nthreads > MAX_THREADS)
		abort();
	leader = synth_alloc(s, tsz * (uint32_t)nthreads, 64);
	sig = synth_alloc(s, (uint32_t)synth_size(s, "signal_struct"), 8);
	synth_wm(s, sig, "signal_struct", "nr_threads", (uint32_t)nthreads);
	if (gen(s) >= 314)
		synth_list_init(s, sig + synth_off(s, "signal_struct", "thread_head"));
	strncpy(name, comm, 15);
	for (int i = 0; i < nthreads; i++) {
		uint32_t t = synth_task_thread(s, leader, i);
		synth_wm(s, t, "task_struct", gen(s) >= 514 ? "__state" : "state", state);
		synth_wm(s, t, "task_struct", "pid", (uint32_t)(pid + i));
		synth_wm(s, t, "task_struct", "tgid", (uint32_t)pid);
		synth_wm(s, t, "task_struct", "mm", mm);
		synth_wm(s, t, "task_struct", "signal", sig);
		synth_write(s, t + synth_off(s, "task_struct", "comm"), MM_KVADDR, name, 16);
		if (gen(s) >= 314)
			synth_list_add_tail(s, sig + synth_off(s, "signal_struct", "thread_head"),
					    t + synth_off(s, "task_struct", "thread_node"));
		if (gen(s) < 607) {
			long tg = synth_off(s, "task_struct", "thread_group");
			if (i == 0)
				synth_list_init(s, t + tg);
			else
				synth_list_add_tail(s, leader + tg, t + tg);
		}
	}
	synth_list_add_tail(s, synth_symval(s, "init_task") + synth_off(s, "task_struct", "tasks"),
			    leader + synth_off(s, "task_struct", "tasks"));
	return leader;
}

void synth_task_rss_delta(struct synth *s, uint32_t task, enum synth_rss item, int32_t delta)
{
	long cnt = synth_off(s, "task_rss_stat", "count");
	synth_w32(s, task + (uint32_t)(synth_off(s, "task_struct", "rss_stat") + cnt) + 4 * (uint32_t)item, (uint32_t)delta);
}

void synth_task_oom_victim(struct synth *s, uint32_t leader)
{
	uint32_t sig = synth_r32(s, leader + (uint32_t)synth_off(s, "task_struct", "signal"));
	synth_wm(s, sig, "signal_struct", "oom_mm", synth_r32(s, leader + (uint32_t)synth_off(s, "task_struct", "mm")));
}
