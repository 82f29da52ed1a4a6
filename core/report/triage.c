/* `mmview triage`: one report for a panic dump — what the log says killed it, the memory state
 * at that moment, and the diagnosis that fits the kind of death. Each part reports its own
 * failure and the rest still prints. */
#include "../cmd.h"
#include "../log/klog.h"
#include "../log/memfail.h"
#include "../meminfo.h"
#include "tasks.h"
#include "triage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP_TASKS 5

/* Accounting (core/report/meminfo.c, weak: a build without it says nothing). */
void mm_triage_accounting(struct mm_kernel *k, struct mm_out *o) __attribute__((weak));

const char *const mm_help_triage[] = {
	"mmview triage",
	"      Reads the panic reason from the kernel log, summarises memory as /proc/meminfo",
	"      would have shown it, then diagnoses by kind of death: for an OOM or a page",
	"      allocation failure, zones against watermarks, the failed order, fragmentation",
	"      against exhaustion and the largest slab caches; for a vmalloc failure, the",
	"      failed size, the largest free gap, the top callers and the vmalloc= value that",
	"      would have fitted; for an oops, `mmview addr` on the faulting address.",
	"      Also lists every memory failure the log reports before the panic (page",
	"      allocation failures, vmap/vmalloc failures, OOM-killer reports, with their",
	"      time), the top tasks by resident memory (mmview tasks) and the memory no",
	"      counter explains (mmview meminfo).",
	"      Example:  crash> mmview triage",
	"                crash> mmview -j triage > triage.json",
	NULL,
};

static void panic_section(struct mm_out *o, const struct mm_panic_facts *f)
{
	mm_out_section(o, "panic", "PANIC");
	mm_out_str(o, "kind", "cause", mm_panic_kind_name(f->kind));
	mm_out_str(o, "reason", "panic", f->have_panic ? f->reason : NULL);
	if (f->have_fault) {
		mm_out_hex(o, "fault_address", "fault address", f->fault_addr);
		mm_out_str(o, "fault_kind", "fault", f->fault_kind);
	}
	if (f->oops[0])
		mm_out_str(o, "oops", "oops", f->oops);
	if (f->failed_order >= 0)
		mm_out_i64(o, "failed_order", "failed order", f->failed_order);
	if (f->gfp[0])
		mm_out_str(o, "gfp_mask", "gfp_mask", f->gfp);
	if (f->oom_task[0])
		mm_out_str(o, "oom_task", "OOM invoked by", f->oom_task);
	if (f->vmalloc_size)
		mm_out_size(o, "vmalloc_size", "vmalloc size", f->vmalloc_size);
	if (f->vmap_size)
		mm_out_size(o, "vmap_size", "vmap search size", f->vmap_size);
	mm_out_end(o);
}

static void meminfo_section(struct mm_kernel *k, struct mm_out *o, const struct mm_meminfo *mi)
{
	static const char *const keys[MM_MI_NR] = {
		[MM_MI_TOTAL] = "mem_total", [MM_MI_FREE] = "mem_free",
		[MM_MI_HIGH_TOTAL] = "high_total", [MM_MI_CACHED] = "cached",
		[MM_MI_ANON] = "anon_pages", [MM_MI_SHMEM] = "shmem",
		[MM_MI_SLAB_RECLAIMABLE] = "slab_reclaimable",
		[MM_MI_SLAB_UNRECLAIMABLE] = "slab_unreclaimable",
	};

	mm_out_section(o, "memory", "MEMORY (as /proc/meminfo, from the dump)");
	for (int i = 0; i < MM_MI_NR; i++) {
		char what[48];
		if (mi->valid[i]) {
			mm_out_size(o, keys[i], mm_meminfo_name(i), (uint64_t)mi->v[i] * k->page_size);
			continue;
		}
		/* a missing input is an error line, never a value */
		mm_out_null(o, keys[i], mm_meminfo_name(i), "unknown");
		snprintf(what, sizeof(what), "triage: %s", mm_meminfo_name(i));
		mm_out_error(o, what, &mi->err[i]);
	}
	if (mi->valid[MM_MI_TOTAL] && mi->valid[MM_MI_FREE] && mi->v[MM_MI_TOTAL] > 0)
		mm_out_pct(o, "free_pct", "free", 100.0 * (double)mi->v[MM_MI_FREE] / (double)mi->v[MM_MI_TOTAL]);
	mm_triage_memory_extra(k, o);
	if (mm_triage_accounting)
		mm_triage_accounting(k, o);
	mm_out_end(o);
}

static void memfail_table(struct mm_out *o, const struct mm_memfails *mf)
{
	static const struct mm_col cols[] = {
		{ "time", "TIME", MM_COL_FLOAT }, { "kind", "KIND", MM_COL_STR }, { "task", "TASK", MM_COL_STR },
		{ "pid", "PID", MM_COL_I64 }, { "led_to_panic", "PANIC", MM_COL_STR }, { "size", "SIZE", MM_COL_U64 },
		{ "order", "ORDER", MM_COL_I64 }, { "line", "LOG LINE", MM_COL_STR },
	};

	mm_out_table(o, "failures", cols, 8);
	for (int i = 0; i < mf->n; i++) {
		const struct mm_memfail *e = &mf->f[i];
		if (e->time >= 0)
			mm_out_cell_float(o, e->time);
		else
			mm_out_cell_null(o);
		mm_out_cell_str(o, mm_memfail_kind_name[e->kind]);
		mm_out_cell_str(o, e->task);
		if (e->pid >= 0)
			mm_out_cell_i64(o, e->pid);
		else
			mm_out_cell_null(o);
		mm_out_cell_str(o, e->led_to_panic ? "yes" : "");
		if (e->size)
			mm_out_cell_u64(o, e->size);
		else
			mm_out_cell_null(o);
		if (e->order >= 0)
			mm_out_cell_i64(o, e->order);
		else
			mm_out_cell_null(o);
		mm_out_cell_str(o, e->text);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	if (mf->dropped)
		mm_out_note(o, "%d later failures not listed (the first %d are)", mf->dropped, MM_MEMFAIL_MAX);
}

static void failures_section(struct mm_out *o, const struct mm_memfails *mf)
{
	mm_out_section(o, "failures", "MEMORY FAILURES IN THE LOG (before the panic)");
	mm_out_u64(o, "count", "failures", (uint64_t)mf->n + (uint64_t)mf->dropped);
	if (mf->n)
		memfail_table(o, mf);
	mm_out_end(o);
}

int mm_cmd_triage(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	struct mm_panic_facts f;
	struct mm_meminfo mi;
	struct mm_err err = { 0 };
	struct mm_memfails *mf;
	size_t len = 0;
	char *log;

	if (argc > 1) {
		mm_err_set(&err, MM_EINVAL, "takes no arguments (got \"%s\")", argv[1]);
		mm_out_error(o, "triage", &err);
		return 1;
	}
	memset(&f, 0, sizeof(f));
	f.failed_order = -1;
	if (!(mf = calloc(1, sizeof(*mf)))) {
		mm_err_set(&err, MM_ENOMEM, "out of memory");
		mm_out_error(o, "triage", &err);
		return 1;
	}
	if ((log = mm_klog_text(k, &len, &err))) {
		mm_klog_parse(log, len, &f);
		mm_memfail_parse(log, len, mf);
		free(log);
	} else
		mm_out_error(o, "kernel log", &err);
	panic_section(o, &f);
	failures_section(o, mf);
	free(mf);
	mm_meminfo_read(k, &mi);
	meminfo_section(k, o, &mi);
	mm_out_section(o, "tasks", "TASKS (largest resident set first)");
	mm_tasks_table(k, o, NULL, "top", TOP_TASKS);
	mm_out_end(o);
	mm_out_section(o, "diagnosis", "DIAGNOSIS");
	mm_triage_diagnose(k, o, &f, &mi);
	mm_out_end(o);
	return 0;
}
