/* Kernel-log facts for triage. The kernel prints the cause of a memory death a few lines before
 * the panic: the parser keeps the last occurrence of each message before the panic line. An
 * allocation failure (vmalloc, page allocator) is the panic's only when it is the same task's:
 * the "CPU: N PID: P" line of its report names the panicking PID (a PCIe ECAM ioremap that
 * failed at boot, with no stack, is not the cause of a driver's panic minutes later). */
#include "klog.h"
#include "printk.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mm_panic_kind_name(enum mm_panic_kind k)
{
	static const char *const n[] = { "unknown", "sysrq", "oom", "page allocation failure",
					 "vmalloc failure", "oops", "other" };
	return k <= MM_PANIC_OTHER ? n[k] : "unknown";
}

const char *mm_vmalloc_stage_name(enum mm_vmalloc_stage s)
{
	static const char *const n[] = { "unknown", "vmalloc space", "page allocator", "page tables" };
	return s <= MM_VMALLOC_STAGE_MAP ? n[s] : "unknown";
}

/* The text following `key` on this line, or NULL. */
static const char *after(const char *line, const char *key)
{
	const char *p = strstr(line, key);
	return p ? p + strlen(key) : NULL;
}

/* An order as the log prints it: 0..999, else -1 (atoi overflows on a corrupt log). */
static int parse_order(const char *p)
{
	char *end;
	long v = strtol(p, &end, 10);
	return end != p && v >= 0 && v < 1000 ? (int)v : -1;
}

static void copy_word(char *dst, size_t len, const char *src, const char *stop)
{
	size_t n = strcspn(src, stop);
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* warn_alloc's ", mode:0x%x(%pGg), nodemask=%*pbl" (older: ", mode:0x%x" alone). */
static void mode_of(const char *line, struct mm_panic_facts *f)
{
	const char *m = after(line, "mode:"), *n = after(line, "nodemask=");

	if (m)
		copy_word(f->gfp, sizeof(f->gfp), m, ", \n");
	if (n)
		copy_word(f->nodemask, sizeof(f->nodemask), n, ", \n");
}

/* The PID of a dump_stack header "CPU: 1 PID: 107 Comm: sh" (6.12: "CPU: 0 UID: 0 PID: 1"). */
static int stack_pid(const char *line)
{
	const char *c = after(line, "CPU: "), *p = c ? after(c, " PID: ") : NULL;
	return p ? atoi(p) : -1;
}

/* An allocation failure line of any kind: its facts go to the candidate report. */
static int alloc_failure_line(const char *line)
{
	return strstr(line, "vmap allocation for size ") || strstr(line, "vmalloc error: size ") ||
	       strstr(line, "vmalloc: allocation failure") || strstr(line, "page allocation failure: order:");
}

static void parse_line(const char *line, struct mm_panic_facts *f)
{
	const char *p;

	if ((p = after(line, "Kernel panic - not syncing: ")) && !f->have_panic) {
		f->have_panic = 1;
		copy_word(f->reason, sizeof(f->reason), p, "\n");
		return;
	}
	if (f->have_panic)
		return; /* what follows the panic is the panic's own noise */
	if ((p = after(line, "Unable to handle kernel "))) {
		const char *at = after(p, " at virtual address ");
		if (at) {
			f->have_fault = 1;
			f->fault_addr = (uint32_t)strtoul(at, NULL, 16);
			snprintf(f->fault_kind, sizeof(f->fault_kind), "%.*s",
				 (int)(at - p - strlen(" at virtual address ")), p);
		}
	} else if ((p = after(line, "Internal error: ")))
		snprintf(f->oops, sizeof(f->oops), "Internal error: %.*s", (int)strcspn(p, "\n"), p);
	else if ((p = after(line, "vmap allocation for size "))) {
		f->vmap_size = strtoull(p, NULL, 10);
		f->vmalloc_stage = MM_VMALLOC_STAGE_SPACE;
	} else if ((p = after(line, "vmalloc error: size ")) ||  /* 5.13+ */
		   (p = after(line, "vmalloc: allocation failure: ")) || /* <= 5.12: get_vm_area */
		   (p = after(line, "vmalloc: allocation failure, allocated "))) { /* <= 5.12: pages */
		const char *of = strstr(line, "allocated ") ? after(p, " of ") : NULL, *po;
		f->vmalloc_size = strtoull(of ? of : p, NULL, 10);
		f->vmalloc_stage = strstr(line, "failed to allocate pages") || of ? MM_VMALLOC_STAGE_PAGES
				 : strstr(line, "failed to map pages") ? MM_VMALLOC_STAGE_MAP
				 : MM_VMALLOC_STAGE_SPACE;
		if ((po = after(line, ", page order ")))
			f->vmalloc_page_order = atoi(po);
		mode_of(line, f);
	} else if ((p = after(line, "page allocation failure: order:"))) {
		f->failed_order = parse_order(p);
		mode_of(line, f);
	} else if ((p = after(line, " invoked oom-killer: "))) {
		const char *g = after(p, "gfp_mask="), *o = after(p, "order=");
		const char *start = line, *ts = strchr(line, ']');
		if (ts && ts < p)
			start = ts + 1;
		while (*start == ' ')
			start++;
		snprintf(f->oom_task, sizeof(f->oom_task), "%.*s",
			 (int)(strstr(line, " invoked oom-killer") - start), start);
		if (g)
			copy_word(f->gfp, sizeof(f->gfp), g, ", \n");
		if ((g = after(p, "nodemask="))) /* 4.x prints it here too */
			copy_word(f->nodemask, sizeof(f->nodemask), g, ", \n");
		if (o)
			f->failed_order = parse_order(o);
	}
}

static enum mm_panic_kind classify(const struct mm_panic_facts *f)
{
	if (!f->have_panic)
		return MM_PANIC_UNKNOWN;
	if (strstr(f->reason, "sysrq"))
		return MM_PANIC_SYSRQ;
	if (strstr(f->reason, "Out of memory") || f->oom_task[0])
		return MM_PANIC_OOM;
	if (f->vmalloc_size || f->vmap_size || strstr(f->reason, "vmalloc"))
		return MM_PANIC_VMALLOC;
	if (f->have_fault || f->oops[0] || strstr(f->reason, "Fatal exception"))
		return MM_PANIC_OOPS;
	if (f->failed_order >= 0)
		return MM_PANIC_PAGE_ALLOC;
	return MM_PANIC_OTHER;
}

/* The allocation-failure facts of a report, copied into the panic's facts. */
static void take_failure(struct mm_panic_facts *f, const struct mm_panic_facts *c)
{
	f->vmalloc_size = c->vmalloc_size;
	f->vmap_size = c->vmap_size;
	f->vmalloc_stage = c->vmalloc_stage;
	f->vmalloc_page_order = c->vmalloc_page_order;
	if (c->failed_order >= 0)
		f->failed_order = c->failed_order;
	if (c->gfp[0])
		memcpy(f->gfp, c->gfp, sizeof(f->gfp));
	if (c->nodemask[0])
		memcpy(f->nodemask, c->nodemask, sizeof(f->nodemask));
}

int mm_log_line(const char *log, size_t len, size_t *pos, char *line, size_t cap)
{
	size_t n = 0, i = *pos;

	if (i >= len)
		return 0;
	while (i < len && log[i] != '\n') {
		if (n + 1 < cap)
			line[n++] = log[i];
		i++;
	}
	line[n] = 0;
	*pos = i + 1;
	return 1;
}

void mm_klog_parse(const char *log, size_t len, struct mm_panic_facts *f)
{
	struct mm_panic_facts cand; /* the last allocation-failure report before the panic */
	char line[512];
	size_t i = 0;
	long no = 0, cand_line = -10, panic_line = -10;
	int cand_pid = -1, panic_pid = -1, have_cand = 0;

	memset(f, 0, sizeof(*f));
	memset(&cand, 0, sizeof(cand));
	f->failed_order = cand.failed_order = -1;
	while (mm_log_line(log, len, &i, line, sizeof(line))) {
		no++;
		if (stack_pid(line) >= 0) { /* the header of the stack dump just reported */
			if (f->have_panic && panic_pid < 0 && no - panic_line <= 3)
				panic_pid = stack_pid(line);
			else if (!f->have_panic && have_cand && cand_pid < 0 && no - cand_line <= 3)
				cand_pid = stack_pid(line);
			continue;
		}
		if (!f->have_panic && alloc_failure_line(line)) {
			if (no - cand_line > 3) { /* a new report */
				memset(&cand, 0, sizeof(cand));
				cand.failed_order = -1;
				cand_pid = -1;
			}
			cand.have_panic = 0;
			parse_line(line, &cand);
			cand_line = no;
			have_cand = 1;
			continue;
		}
		parse_line(line, f);
		if (f->have_panic && panic_line < 0)
			panic_line = no;
	}
	/* The same task's report, or no stack on either side to tell (a log excerpt); a panic that
	 * names vmalloc itself is that failure's driver. */
	if (have_cand && (cand_pid == panic_pid || (cand_pid < 0 && panic_pid < 0) ||
			  ((cand.vmalloc_size || cand.vmap_size) && strstr(f->reason, "vmalloc"))))
		take_failure(f, &cand);
	f->kind = classify(f);
}

char *mm_klog_text(struct mm_kernel *k, size_t *len, struct mm_err *err)
{
	size_t cap = 4 << 20;
	char *buf = malloc(cap);
	long n;

	if (!buf) {
		mm_err_set(err, MM_ENOMEM, "out of memory reading the kernel log");
		return NULL;
	}
	/* the target's own log (crash's `log`), else the printk buffer read from the dump */
	n = k->t->ops->log ? k->t->ops->log(k->t->ctx, buf, cap) : mm_printk_read(k, buf, cap, err);
	if (n < 0) {
		free(buf);
		if (k->t->ops->log)
			mm_err_set(err, MM_EABSENT, "the kernel log could not be read");
		return NULL;
	}
	*len = (size_t)n;
	return buf;
}

int mm_klog_read(struct mm_kernel *k, struct mm_panic_facts *f, struct mm_err *err)
{
	size_t n;
	char *buf;

	memset(f, 0, sizeof(*f));
	f->failed_order = -1;
	if (!(buf = mm_klog_text(k, &n, err)))
		return err && err->code ? err->code : MM_EABSENT;
	mm_klog_parse(buf, n, f);
	free(buf);
	return MM_OK;
}
