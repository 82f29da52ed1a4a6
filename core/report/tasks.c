/* `mmview tasks`: every task of init_task's list with the memory it holds, largest first, the
 * OOM killer's victim and invoker marked (from the kernel log's OOM reports and the victim's
 * signal->oom_mm). Triage prints the top of the same table. */
#include "../cmd.h"
#include "../log/klog.h"
#include "../log/memfail.h"
#include "../task/task.h"
#include "tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KILLED 16

const char *const mm_help_tasks[] = {
	"mmview tasks [-n N]",
	"      Every task on init_task's list (threads folded into their process): pid, ps",
	"      state, threads, resident memory split anon / file / shmem from the mm's own",
	"      counters (per-CPU and per-thread deltas added), swap entries, page-table bytes",
	"      and kernel stacks, largest RSS first. OOM marks the task the OOM killer was",
	"      invoked by (\"invoker\", from the kernel log) and the one it chose (\"victim\":",
	"      the log's \"Killed process\", or signal->oom_mm). -n N prints the top N only.",
	"      Example:  crash> mmview tasks -n 10",
	"                crash> mmview -j tasks",
	NULL,
};

/* The OOM marks from the log: who invoked the killer, whom it killed. */
struct oom_marks {
	int invoker;
	char invoker_comm[24];
	int killed[MAX_KILLED], nkilled;
};

static void oom_marks_read(struct mm_kernel *k, struct oom_marks *m)
{
	struct mm_memfails *mf = malloc(sizeof(*mf));
	size_t len;
	char *log;

	memset(m, 0, sizeof(*m));
	m->invoker = -1;
	if (!mf)
		return;
	if ((log = mm_klog_text(k, &len, NULL))) {
		mm_memfail_parse(log, len, mf);
		m->invoker = mm_memfail_oom_invoker(mf, m->invoker_comm, sizeof(m->invoker_comm));
		m->nkilled = mm_memfail_oom_killed(mf, m->killed, MAX_KILLED);
		free(log);
	}
	free(mf);
}

static const char *oom_mark(const struct oom_marks *m, const struct mm_task *t, char *buf, size_t len)
{
	int victim = t->oom_victim, invoker = t->pid >= 0 && t->pid == m->invoker;

	for (int i = 0; i < m->nkilled; i++)
		victim |= t->pid == m->killed[i];
	snprintf(buf, len, "%s%s%s", victim ? "victim" : "", victim && invoker ? "," : "", invoker ? "invoker" : "");
	return buf;
}

static const struct mm_col cols[] = {
	{ "pid", "PID", MM_COL_I64 },        { "state", "ST", MM_COL_STR },
	{ "threads", "THR", MM_COL_U64 },    { "rss", "RSS", MM_COL_SIZE },
	{ "anon", "ANON", MM_COL_SIZE },     { "file", "FILE", MM_COL_SIZE },
	{ "shmem", "SHMEM", MM_COL_SIZE },   { "swap_entries", "SWAP", MM_COL_U64 },
	{ "pgtables_bytes", "PGTABLES", MM_COL_SIZE }, { "kernel_stack", "KSTACK", MM_COL_SIZE },
	{ "oom", "OOM", MM_COL_STR },        { "comm", "COMM", MM_COL_STR },
	{ "task", "TASK", MM_COL_HEX },      { "mm", "MM", MM_COL_HEX },
	{ "rss_unsynced", NULL, MM_COL_SIZE },
};
#define NCOLS_TEXT 14
#define NCOLS_JSON 15

static void task_row(struct mm_kernel *k, struct mm_out *o, const struct mm_tasks *ts, const struct mm_task *t,
		     const struct oom_marks *m)
{
	uint64_t ps = k->page_size;
	char mark[24];

	mm_out_cell_i64(o, t->pid);
	mm_out_cell_str(o, (char[2]){ t->state, 0 });
	mm_out_cell_u64(o, (uint64_t)t->nthreads);
	if (t->rss_known) {
		int64_t pending = t->pending[MM_RSS_FILE] + t->pending[MM_RSS_ANON] + t->pending[MM_RSS_SHMEM];
		mm_out_cell_size(o, (uint64_t)mm_task_rss(t) * ps);
		mm_out_cell_size(o, (uint64_t)t->rss[MM_RSS_ANON] * ps);
		mm_out_cell_size(o, (uint64_t)t->rss[MM_RSS_FILE] * ps);
		mm_out_cell_size(o, (uint64_t)t->rss[MM_RSS_SHMEM] * ps);
		mm_out_cell_u64(o, (uint64_t)t->rss[MM_RSS_SWAP]);
		(void)pending;
	} else
		for (int i = 0; i < 5; i++)
			mm_out_cell_null(o);
	if (t->pgtables_bytes >= 0)
		mm_out_cell_size(o, (uint64_t)t->pgtables_bytes);
	else
		mm_out_cell_null(o);
	if (ts->thread_size)
		mm_out_cell_size(o, t->stack_bytes);
	else
		mm_out_cell_null(o);
	mm_out_cell_str(o, oom_mark(m, t, mark, sizeof(mark)));
	mm_out_cell_str(o, t->comm);
	mm_out_cell_hex(o, t->task);
	mm_out_cell_hex(o, t->mm);
	if (mm_out_fmt(o) == MM_FMT_JSON) {
		if (t->rss_known)
			mm_out_cell_size(o, (uint64_t)(t->pending[MM_RSS_FILE] + t->pending[MM_RSS_ANON] +
						       t->pending[MM_RSS_SHMEM]) * ps);
		else
			mm_out_cell_null(o);
	}
	mm_out_row_end(o);
}

static const char *rss_source(const struct mm_tasks *ts, char *buf, size_t len)
{
	switch (ts->rss_gen) {
	case MM_RSS_ATOMIC:
		snprintf(buf, len, "mm_struct.rss_stat atomic counters, each thread's unsynced deltas added");
		break;
	case MM_RSS_PERCPU:
		snprintf(buf, len, "mm_struct.rss_stat percpu_counters, summed over %d CPUs", ts->ncpus_summed);
		break;
	default:
		snprintf(buf, len, "unknown: %s", ts->rss_err);
	}
	return buf;
}

void mm_tasks_table(struct mm_kernel *k, struct mm_out *o, const char *title, const char *key, long top)
{
	struct mm_tasks ts;
	struct oom_marks m;
	struct mm_err err = { 0 };
	uint64_t total = 0;
	char b[200];
	int rc = mm_tasks_read(k, &ts, &err);

	if (rc)
		mm_out_error(o, "tasks", &err);
	if (!ts.n) {
		mm_tasks_free(&ts);
		return;
	}
	oom_marks_read(k, &m);
	mm_tasks_sort(&ts);
	for (size_t i = 0; i < ts.n; i++)
		if (ts.task[i].rss_known && !ts.task[i].shared_mm)
			total += (uint64_t)mm_task_rss(&ts.task[i]);
	mm_out_section(o, "summary", title);
	mm_out_u64(o, "processes", "processes", ts.n);
	mm_out_u64(o, "threads", "threads", (uint64_t)ts.nthreads);
	mm_out_size(o, "rss_total", "resident (all mms)", total * k->page_size);
	mm_out_str(o, "rss_source", "counters", rss_source(&ts, b, sizeof(b)));
	if (ts.thread_size)
		mm_out_size(o, "thread_size", "kernel stack each", ts.thread_size);
	else
		mm_out_null(o, "thread_size", "kernel stack each", "unknown (no vmap'd stack, no init_stack array or __start_init_task in the debug info)");
	if (m.invoker >= 0 || m.nkilled)
		mm_out_str(o, "oom_marks_from", "OOM marks from", ts.has_oom_mm ? "the kernel log, signal->oom_mm" : "the kernel log");
	else if (ts.has_oom_mm)
		mm_out_str(o, "oom_marks_from", "OOM marks from", "signal->oom_mm (no OOM report in the log)");
	mm_out_end(o);
	mm_out_table(o, key, cols, mm_out_fmt(o) == MM_FMT_JSON ? NCOLS_JSON : NCOLS_TEXT);
	for (size_t i = 0; i < ts.n && (top <= 0 || (long)i < top); i++)
		task_row(k, o, &ts, &ts.task[i], &m);
	mm_out_table_end(o);
	for (size_t i = 0; i < ts.n; i++)
		if (ts.task[i].err[0]) {
			struct mm_err e = { MM_EREAD, "" };
			snprintf(e.msg, sizeof(e.msg), "pid %d (%s): %s", ts.task[i].pid, ts.task[i].comm, ts.task[i].err);
			mm_out_error(o, "tasks", &e);
		}
	if (top > 0 && (size_t)top < ts.n)
		mm_out_note(o, "%zu more (mmview tasks lists them all)", ts.n - (size_t)top);
	mm_tasks_free(&ts);
}

int mm_cmd_tasks(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_longopt longopts[] = { { "top", 1, 'n' }, { NULL, 0, 0 } };
	struct mm_argp a;
	struct mm_err err = { 0 };
	long top = 0;
	int c;

	mm_argp_init(&a, argc, argv);
	while ((c = mm_getopt(&a, "n:", longopts)) != MM_ARG_END) {
		char *end;
		if (c == 'n' && a.arg && (top = strtol(a.arg, &end, 10)) > 0 && !*end)
			continue;
		mm_err_set(&err, MM_EINVAL, "%s", c == MM_ARG_BAD ? a.err : c == 'n' ? "-n wants a positive count"
						  : "takes no arguments");
		mm_out_error(o, "tasks", &err);
		return 1;
	}
	mm_tasks_table(k, o, "TASKS (init_task's list, largest resident set first)", "tasks", top);
	return 0;
}
