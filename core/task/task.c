/* The task list (include/linux/sched.h, kernel/fork.c): init_task heads the circular list of
 * thread-group leaders through task_struct.tasks; each leader's threads hang on
 * signal->thread_head by task_struct.thread_node (3.14+) or on the leader's thread_group ring
 * (up to 6.6). The mm's resident-page counters are an atomic_long_t array up to 6.1, with each
 * thread's not yet folded deltas in task_struct.rss_stat, and an array of percpu_counter from
 * 6.2: which one is told by the debug info's types, never the version. */
#include "task.h"
#include "../list.h"
#include "../read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TASKS 65536      /* PID_MAX_LIMIT on 32-bit is 32768: twice that is corrupt */
#define MAX_THREADS 32768
#define MAX_TASK_STRUCT 32768
#define MAX_COUNTERS 8
#define MAX_THREAD_SIZE 0x10000u

const char *const mm_rss_item_name[MM_RSS_NR] = { "file", "anon", "swap", "shmem" };
static const char *const rss_enum[MM_RSS_NR] = { "MM_FILEPAGES", "MM_ANONPAGES", "MM_SWAPENTS",
						 "MM_SHMEMPAGES" };

/* Where the counters are: the index of each item in the array (-1: not in this kernel). */
struct rss_layout {
	enum mm_rss_gen gen;
	long idx[MM_RSS_NR];
	long nr;              /* NR_MM_COUNTERS */
	long pc_size;         /* sizeof(struct percpu_counter) */
};

char mm_task_state_char(uint32_t state, uint32_t exit_state)
{
	/* fs/proc/array.c task_state_array: the bits below 0x40 kept their meaning in every
	 * generation; TASK_NOLOAD (0x400 since 4.2) with TASK_UNINTERRUPTIBLE is "I" (idle). */
	static const struct { uint32_t bit; char c; } bits[] = {
		{ 0x01, 'S' }, { 0x02, 'D' }, { 0x04, 'T' }, { 0x08, 't' },
	};

	if (exit_state & 0x20)
		return 'Z';
	if (exit_state & 0x10)
		return 'X';
	if ((state & 0x402) == 0x402)
		return 'I';
	if (state == 0)
		return 'R';
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (state & bits[i].bit)
			return bits[i].c;
	return '?';
}

int64_t mm_task_rss(const struct mm_task *t)
{
	return t->rss[MM_RSS_FILE] + t->rss[MM_RSS_ANON] + t->rss[MM_RSS_SHMEM];
}

static int rss_layout(struct mm_kernel *k, struct rss_layout *l, char *why, size_t len)
{
	const struct mm_offsets *o = &k->off;

	memset(l, 0, sizeof(*l));
	for (int i = 0; i < MM_RSS_NR; i++)
		if (mm_enum(k, rss_enum[i], &l->idx[i]))
			l->idx[i] = -1;
	if (mm_enum(k, "NR_MM_COUNTERS", &l->nr) || l->nr <= 0 || l->nr > MAX_COUNTERS) {
		snprintf(why, len, "NR_MM_COUNTERS not in the debug info (or implausible)");
		return MM_EABSENT;
	}
	for (int i = 0; i < MM_RSS_NR; i++)
		if (l->idx[i] >= l->nr)
			l->idx[i] = -1;
	if (l->idx[MM_RSS_ANON] < 0 || l->idx[MM_RSS_FILE] < 0) {
		snprintf(why, len, "MM_ANONPAGES / MM_FILEPAGES not in the debug info");
		return MM_EABSENT;
	}
	if (o->mm_struct_rss_stat < 0) {
		snprintf(why, len, "mm_struct.rss_stat not in this kernel's debug info");
		return MM_EABSENT;
	}
	if (o->mm_rss_stat_size >= 4 * l->nr) {
		l->gen = MM_RSS_ATOMIC;
		return MM_OK;
	}
	if (o->percpu_counter_size > 0 && o->percpu_counter_count >= 0 && o->percpu_counter_counters >= 0 &&
	    o->mm_struct_rss_stat_msize == l->nr * o->percpu_counter_size) {
		l->gen = MM_RSS_PERCPU;
		l->pc_size = o->percpu_counter_size;
		return MM_OK;
	}
	snprintf(why, len, "mm_struct.rss_stat is neither struct mm_rss_stat nor percpu_counter[%ld]", l->nr);
	return MM_EUNSUPPORTED;
}

static uint32_t plausible_thread_size(uint64_t size)
{
	return size && size <= MAX_THREAD_SIZE && !(size & (size - 1)) ? (uint32_t)size : 0;
}

/* THREAD_SIZE of a kernel with vmap'd stacks: the pages of a task's stack_vm_area (init_task's
 * stack is static: it has none). Read from the dump, the same under every target. */
static uint32_t vmap_stack_size(struct mm_kernel *k, const uint8_t *task, size_t len)
{
	const struct mm_offsets *o = &k->off;
	kva_t vm = o->task_struct_stack_vm_area >= 0 ? mm_get32(task, len, o->task_struct_stack_vm_area) : 0;
	uint32_t nr;

	if (!vm || o->vm_struct_nr_pages < 0 || mm_read_u32(k, vm + (kva_t)o->vm_struct_nr_pages, &nr, NULL))
		return 0;
	return plausible_thread_size((uint64_t)nr * k->page_size);
}

/* Otherwise: init_stack is unsigned long[THREAD_SIZE / sizeof(long)] (4.x+), and the linker
 * script reserves exactly THREAD_SIZE for init_task's stack between __start_init_task and
 * __end_init_task (5.0+). A power of two or nothing. */
static uint32_t static_thread_size(struct mm_kernel *k)
{
	long n = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, "init_stack") : -1;
	uint64_t start, end, size = n > 0 ? (uint64_t)n * 4 : 0;

	if (!size && mm_symbol(k, "__start_init_task", &start, NULL) == 0 &&
	    mm_symbol(k, "__end_init_task", &end, NULL) == 0 && end > start)
		size = end - start;
	return plausible_thread_size(size);
}

static void task_note(struct mm_task *t, const char *fmt, const char *what)
{
	if (!t->err[0])
		snprintf(t->err, sizeof(t->err), fmt, what);
}

static void read_counters(struct mm_kernel *k, const struct rss_layout *l, struct mm_task *t,
			  struct mm_tasks *ts)
{
	const struct mm_offsets *o = &k->off;
	kva_t base = t->mm + (kva_t)o->mm_struct_rss_stat;
	int64_t raw[MM_RSS_NR] = { 0 };

	for (int i = 0; i < MM_RSS_NR; i++) {
		uint32_t v, ptr;
		uint64_t c;
		if (l->idx[i] < 0)
			continue;
		if (l->gen == MM_RSS_ATOMIC) {
			if (mm_read_u32(k, base + 4 * (kva_t)l->idx[i], &v, NULL))
				goto bad;
			raw[i] = (int32_t)v;
			continue;
		}
		/* percpu_counter: count, and each CPU's s32 not yet folded into it */
		kva_t pc = base + (kva_t)(l->idx[i] * l->pc_size);
		if (mm_read_uint(k, pc + (kva_t)o->percpu_counter_count,
				 o->percpu_counter_count_msize > 0 ? o->percpu_counter_count_msize : 8, &c, NULL) ||
		    mm_read_u32(k, pc + (kva_t)o->percpu_counter_counters, &ptr, NULL))
			goto bad;
		raw[i] = o->percpu_counter_count_msize == 4 ? (int32_t)c : (int64_t)c;
		for (int cpu = 0; cpu < k->nr_cpus && ptr; cpu++) {
			if (mm_read_u32(k, ptr + k->per_cpu_offset[cpu], &v, NULL))
				goto bad;
			t->pending[i] += (int32_t)v;
		}
		ts->ncpus_summed = k->nr_cpus;
	}
	/* the kernel shows a negative count as 0 (get_mm_counter, percpu_counter_read_positive) */
	for (int i = 0; i < MM_RSS_NR; i++) {
		int64_t shown = raw[i] < 0 ? 0 : raw[i], all = raw[i] + t->pending[i];
		t->rss[i] = all < 0 ? 0 : all;
		t->pending[i] = t->rss[i] - shown;
	}
	t->rss_known = 1;
	return;
bad:
	task_note(t, "mm %s: counters unreadable", "");
}

struct walk {
	struct mm_tasks *ts;
	struct rss_layout lay;
	int have_lay;
	struct mm_addrset mms;
	uint8_t *buf;
	size_t buflen;
	struct mm_task *cur;  /* the process whose threads are walked */
	int64_t delta[MM_RSS_NR];
};

/* A thread's SPLIT_RSS_COUNTING deltas (int count[NR_MM_COUNTERS]), added to its process. */
static void add_thread_deltas(struct mm_kernel *k, struct walk *w, kva_t task)
{
	const struct mm_offsets *o = &k->off;
	int32_t c[MAX_COUNTERS];

	if (!w->have_lay || w->lay.gen != MM_RSS_ATOMIC || o->task_struct_rss_stat < 0 || o->task_rss_stat_count < 0)
		return;
	if (mm_read(k, task + (kva_t)(o->task_struct_rss_stat + o->task_rss_stat_count), MM_KVADDR, c,
		    4 * (size_t)w->lay.nr, NULL)) {
		task_note(w->cur, "thread %s: rss deltas unreadable", "");
		return;
	}
	for (int i = 0; i < MM_RSS_NR; i++)
		if (w->lay.idx[i] >= 0)
			w->delta[i] += c[w->lay.idx[i]];
}

static int thread_cb(struct mm_kernel *k, kva_t task, void *ctx)
{
	struct walk *w = ctx;

	w->cur->nthreads++;
	add_thread_deltas(k, w, task);
	return 0;
}

static void walk_threads(struct mm_kernel *k, struct walk *w, struct mm_task *t)
{
	const struct mm_offsets *o = &k->off;
	struct mm_err err = { 0 };
	long n = -1;

	w->cur = t;
	memset(w->delta, 0, sizeof(w->delta));
	if (!t->signal) /* every task has one (init_signals for init_task): a corrupt task */
		mm_err_set(&err, MM_ECORRUPT, "no signal_struct");
	else if (o->signal_struct_thread_head >= 0 && o->task_struct_thread_node >= 0)
		n = mm_list_walk(k, t->signal + (kva_t)o->signal_struct_thread_head, o->task_struct_thread_node,
				 MAX_THREADS, thread_cb, w, &err);
	else if (o->task_struct_thread_group >= 0) {
		/* the leader's ring: every other thread, then the leader itself */
		n = mm_list_walk(k, t->task + (kva_t)o->task_struct_thread_group, o->task_struct_thread_group,
				 MAX_THREADS, thread_cb, w, &err);
		if (n >= 0)
			thread_cb(k, t->task, w);
	} else
		mm_err_set(&err, MM_EABSENT, "neither signal_struct.thread_head nor task_struct.thread_group");
	if (n < 0) {
		task_note(t, "threads: %.100s", err.msg);
		if (!t->nthreads)
			thread_cb(k, t->task, w); /* the task itself is one */
	}
	if (t->mm && t->rss_known && w->lay.gen == MM_RSS_ATOMIC && !t->shared_mm)
		for (int i = 0; i < MM_RSS_NR; i++) {
			int64_t all = t->rss[i] + w->delta[i];
			t->pending[i] += (all < 0 ? 0 : all) - t->rss[i];
			t->rss[i] = all < 0 ? 0 : all;
		}
}

static int add_task(struct mm_kernel *k, kva_t task, void *ctx)
{
	struct walk *w = ctx;
	struct mm_tasks *ts = w->ts;
	const struct mm_offsets *o = &k->off;
	struct mm_task *t;
	uint32_t v;

	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 64;
		struct mm_task *nt = realloc(ts->task, cap * sizeof(*nt));
		if (!nt)
			return MM_ENOMEM;
		ts->task = nt;
		ts->cap = cap;
	}
	t = &ts->task[ts->n++];
	memset(t, 0, sizeof(*t));
	t->task = task;
	t->pgtables_bytes = -1;
	if (mm_read(k, task, MM_KVADDR, w->buf, w->buflen, NULL)) {
		t->pid = t->tgid = -1;
		t->state = '?';
		task_note(t, "task_struct %s unreadable", "");
		return 0;
	}
	t->pid = (int32_t)mm_get32(w->buf, w->buflen, o->task_struct_pid);
	t->tgid = (int32_t)mm_get32(w->buf, w->buflen, o->task_struct_tgid);
	if (o->task_struct_comm >= 0 && (size_t)o->task_struct_comm + 16 <= w->buflen)
		for (int i = 0; i < 16 && w->buf[o->task_struct_comm + i]; i++) {
			uint8_t c = w->buf[o->task_struct_comm + i];
			t->comm[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
	if (o->task_struct___state >= 0)
		t->state_raw = (uint32_t)mm_get(w->buf, w->buflen, o->task_struct___state, o->task_struct___state_msize);
	else
		t->state_raw = (uint32_t)mm_get(w->buf, w->buflen, o->task_struct_state, o->task_struct_state_msize);
	t->exit_state = mm_get32(w->buf, w->buflen, o->task_struct_exit_state);
	t->state = o->task_struct___state >= 0 || o->task_struct_state >= 0
		   ? mm_task_state_char(t->state_raw, t->exit_state) : '?';
	t->mm = mm_get32(w->buf, w->buflen, o->task_struct_mm);
	t->signal = mm_get32(w->buf, w->buflen, o->task_struct_signal);
	if (t->signal && o->signal_struct_oom_mm >= 0 && mm_read_u32(k, t->signal + (kva_t)o->signal_struct_oom_mm, &v, NULL) == 0)
		t->oom_victim = v != 0;
	if (t->mm) {
		int fresh = mm_addrset_add(&w->mms, t->mm);
		t->shared_mm = fresh == 0;
		if (w->have_lay)
			read_counters(k, &w->lay, t, ts);
		if (o->mm_struct_pgtables_bytes >= 0 && mm_read_u32(k, t->mm + (kva_t)o->mm_struct_pgtables_bytes, &v, NULL) == 0)
			t->pgtables_bytes = (int32_t)v < 0 ? 0 : (int32_t)v;
		else if (o->mm_struct_nr_ptes >= 0 && mm_read_u32(k, t->mm + (kva_t)o->mm_struct_nr_ptes, &v, NULL) == 0)
			t->pgtables_bytes = (int64_t)v * k->page_size; /* pte pages (<= 4.15) */
	} else {
		t->rss_known = 1; /* a kernel thread holds no user pages */
		t->pgtables_bytes = 0;
	}
	if (!ts->thread_size)
		ts->thread_size = vmap_stack_size(k, w->buf, w->buflen);
	walk_threads(k, w, t);
	ts->nthreads += t->nthreads;
	return 0;
}

int mm_tasks_read(struct mm_kernel *k, struct mm_tasks *ts, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	struct walk w = { .ts = ts };
	uint64_t init_task;
	long n;
	int rc;

	memset(ts, 0, sizeof(*ts));
	if ((rc = mm_symbol(k, "init_task", &init_task, err)))
		return rc;
	if ((rc = MM_NEED(k, err, task_struct, tasks)) || (rc = MM_NEED(k, err, task_struct, pid)) ||
	    (rc = MM_NEED(k, err, task_struct, mm)))
		return rc;
	if (o->task_struct_size <= 0 || o->task_struct_size > MAX_TASK_STRUCT)
		return mm_err_set(err, MM_EABSENT, "sizeof(struct task_struct) unknown or implausible (%ld)",
				  o->task_struct_size);
	ts->has_oom_mm = o->signal_struct_oom_mm >= 0;
	w.have_lay = rss_layout(k, &w.lay, ts->rss_err, sizeof(ts->rss_err)) == MM_OK;
	ts->rss_gen = w.lay.gen;
	w.buflen = (size_t)o->task_struct_size;
	if (!(w.buf = malloc(w.buflen)))
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	rc = add_task(k, (kva_t)init_task, &w);
	if (rc == 0) {
		n = mm_list_walk(k, (kva_t)init_task + (kva_t)o->task_struct_tasks, o->task_struct_tasks,
				 MAX_TASKS, add_task, &w, err);
		rc = n < 0 ? (int)n : MM_OK;
		if (rc)
			mm_err_wrap(err, "init_task.tasks");
	} else
		mm_err_set(err, rc, "out of memory");
	if (!ts->thread_size)
		ts->thread_size = static_thread_size(k);
	for (size_t i = 0; i < ts->n; i++)
		ts->task[i].stack_bytes = (uint64_t)ts->task[i].nthreads * ts->thread_size;
	free(w.buf);
	mm_addrset_free(&w.mms);
	return rc;
}

void mm_tasks_free(struct mm_tasks *ts)
{
	free(ts->task);
	ts->task = NULL;
	ts->n = ts->cap = 0;
}

static int by_rss(const void *a, const void *b)
{
	const struct mm_task *x = a, *y = b;
	int64_t rx = x->shared_mm ? 0 : mm_task_rss(x), ry = y->shared_mm ? 0 : mm_task_rss(y);

	if (rx != ry)
		return rx > ry ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

void mm_tasks_sort(struct mm_tasks *ts)
{
	if (ts->n)
		qsort(ts->task, ts->n, sizeof(*ts->task), by_rss);
}
