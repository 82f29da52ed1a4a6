/* Memory failures in the kernel log, each with its time and task. A failure's report is its
 * line(s) and the stack dump that follows ("CPU: N PID: P Comm: ..." within a few lines): that
 * header gives the PID of every line of the report that names none. Lines after "Kernel panic -
 * not syncing" are the panic's own noise and are not failures of their own. */
#include "memfail.h"
#include "klog.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_GAP 3 /* lines between a failure and its stack header */
#define REPORT_SECONDS 0.1 /* lines of one report are printed together */

const char *const mm_memfail_kind_name[MM_MF_NKINDS] = {
	"page allocation failure", "vmap allocation failure", "vmalloc failure", "oom-killer invoked",
	"oom kill",
};

/* The text after key on this line, or NULL. */
static const char *after(const char *line, const char *key)
{
	const char *p = strstr(line, key);
	return p ? p + strlen(key) : NULL;
}

/* "[   18.228622] text": the time, and the text past it (and past a "[  T99] " caller id). */
static const char *strip_time(const char *line, double *t)
{
	const char *p = line, *end;
	char *num_end;

	*t = -1;
	if (*p != '[' || !(end = strchr(p, ']')) || end - p > 24)
		return line;
	*t = strtod(p + 1, &num_end);
	if (num_end != end)
		*t = -1;
	p = end + 1;
	while (*p == ' ')
		p++;
	if (*p == '[' && (p[1] == 'T' || p[1] == 'C' || p[1] == ' ') && (end = strchr(p, ']')) && end - p < 12) {
		p = end + 1;
		while (*p == ' ')
			p++;
	}
	return p;
}

static void copy_until(char *dst, size_t len, const char *src, const char *stop)
{
	size_t n = stop && stop > src ? (size_t)(stop - src) : 0;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* The PID of a stack dump header "CPU: 1 PID: 107 Comm: sh" (6.12: "CPU: 0 UID: 0 PID: 1"). */
static int header_pid(const char *text)
{
	const char *c = !strncmp(text, "CPU: ", 5) ? text : NULL, *p = c ? after(c, " PID: ") : NULL;
	return p ? atoi(p) : -1;
}

static int order_of(const char *p)
{
	char *end;
	long v = p ? strtol(p, &end, 10) : -1;
	return p && end != p && v >= 0 && v < 1000 ? (int)v : -1;
}

/* One failure line: 1 and e filled, or 0. */
static int failure_of(const char *text, struct mm_memfail *e)
{
	const char *p;

	memset(e, 0, sizeof(*e));
	e->pid = e->order = -1;
	if ((p = after(text, "page allocation failure: order:"))) {
		e->kind = MM_MF_PAGE_ALLOC;
		e->order = order_of(p);
		copy_until(e->task, sizeof(e->task), text, strstr(text, ": page allocation failure"));
	} else if ((p = after(text, "vmap allocation for size "))) {
		e->kind = MM_MF_VMAP;
		e->size = strtoull(p, NULL, 10);
	} else if ((p = after(text, ": vmalloc error: size ")) || (p = after(text, ": vmalloc: allocation failure: ")) ||
		   (p = after(text, ": vmalloc: allocation failure, allocated "))) {
		const char *of = strstr(text, "allocated ") ? after(p, " of ") : NULL;
		e->kind = MM_MF_VMALLOC;
		e->size = strtoull(of ? of : p, NULL, 10);
		copy_until(e->task, sizeof(e->task), text, strstr(text, ": vmalloc"));
	} else if ((p = after(text, " invoked oom-killer: "))) {
		e->kind = MM_MF_OOM_INVOKED;
		e->order = order_of(after(p, "order="));
		copy_until(e->task, sizeof(e->task), text, p - strlen(" invoked oom-killer: "));
	} else if ((p = after(text, "Killed process "))) {
		const char *open = strchr(p, '('), *close = open ? strchr(open, ')') : NULL;
		e->kind = MM_MF_OOM_KILLED;
		e->pid = atoi(p);
		if (close)
			copy_until(e->task, sizeof(e->task), open + 1, close);
	} else
		return 0;
	snprintf(e->text, sizeof(e->text), "%.199s", text);
	return 1;
}

void mm_memfail_parse(const char *log, size_t len, struct mm_memfails *mf)
{
	char line[512];
	size_t i = 0;
	long no = 0, last_failure = -100, panic_line = -100;
	double last_time = -1;
	int group_start = 0; /* first entry of the newest report */

	memset(mf, 0, sizeof(*mf));
	mf->panic_time = -1;
	mf->panic_pid = -1;
	for (;;) {
		struct mm_memfail e;
		const char *text;
		double t;
		int pid;

		if (!mm_log_line(log, len, &i, line, sizeof(line)))
			break;
		no++;
		text = strip_time(line, &t);
		if ((pid = header_pid(text)) >= 0) {
			if (mf->have_panic && mf->panic_pid < 0 && no - panic_line <= REPORT_GAP)
				mf->panic_pid = pid;
			else if (!mf->have_panic && no - last_failure <= REPORT_GAP)
				for (int j = group_start; j < mf->n; j++)
					if (mf->f[j].pid < 0 && mf->f[j].kind != MM_MF_OOM_KILLED)
						mf->f[j].pid = pid;
			continue;
		}
		if (mf->have_panic)
			continue;
		if (strstr(text, "Kernel panic - not syncing: ")) {
			mf->have_panic = 1;
			mf->panic_time = t;
			panic_line = no;
			continue;
		}
		if (!failure_of(text, &e))
			continue;
		e.time = t;
		e.line = no;
		if (no - last_failure > REPORT_GAP || (t >= 0 && last_time >= 0 && t - last_time > REPORT_SECONDS))
			group_start = mf->n < MM_MEMFAIL_MAX ? mf->n : MM_MEMFAIL_MAX;
		last_failure = no;
		last_time = t;
		if (mf->n >= MM_MEMFAIL_MAX) {
			mf->dropped++;
			continue;
		}
		mf->f[mf->n++] = e;
	}
	/* the newest report before the panic is the panic's when the same task printed both */
	if (mf->have_panic && mf->panic_pid >= 0)
		for (int j = group_start; j < mf->n; j++)
			mf->f[j].led_to_panic = mf->f[j].pid == mf->panic_pid ||
						(mf->f[j].pid < 0 && mf->f[j].kind != MM_MF_OOM_KILLED &&
						 mf->f[mf->n - 1].pid == mf->panic_pid);
}

int mm_memfail_oom_invoker(const struct mm_memfails *mf, char *comm, size_t len)
{
	for (int j = mf->n - 1; j >= 0; j--)
		if (mf->f[j].kind == MM_MF_OOM_INVOKED) {
			if (comm)
				snprintf(comm, len, "%s", mf->f[j].task);
			return mf->f[j].pid;
		}
	if (comm && len)
		comm[0] = 0;
	return -1;
}

int mm_memfail_oom_killed(const struct mm_memfails *mf, int *pids, int max)
{
	int n = 0;

	for (int j = 0; j < mf->n && n < max; j++)
		if (mf->f[j].kind == MM_MF_OOM_KILLED && mf->f[j].pid >= 0)
			pids[n++] = mf->f[j].pid;
	return n;
}
