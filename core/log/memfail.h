/* Every memory failure the kernel log reports, in order, with its time: page allocation
 * failures, vmap/vmalloc failures, OOM-killer invocations and kills. Triage lists them (the
 * earlier ones too, not only the one that led to the panic), `mmview tasks` marks the OOM
 * victim and invoker from them. */
#ifndef MM_MEMFAIL_H
#define MM_MEMFAIL_H
#include <stddef.h>
#include <stdint.h>

enum mm_memfail_kind {
	MM_MF_PAGE_ALLOC,  /* "COMM: page allocation failure: order:N, mode:..." */
	MM_MF_VMAP,        /* "vmap allocation for size N failed" */
	MM_MF_VMALLOC,     /* "COMM: vmalloc error: size N, ..." (5.13+), "vmalloc: allocation failure" */
	MM_MF_OOM_INVOKED, /* "COMM invoked oom-killer: gfp_mask=..., order=N" */
	MM_MF_OOM_KILLED,  /* "Out of memory: Killed process PID (COMM)", memcg too */
	MM_MF_NKINDS
};
extern const char *const mm_memfail_kind_name[MM_MF_NKINDS];

#define MM_MEMFAIL_MAX 64

struct mm_memfail {
	enum mm_memfail_kind kind;
	double time;          /* seconds since boot from the log line's "[ s.us]", -1 without */
	long line;            /* line number in the log, from 1 */
	char task[24];        /* the comm the line names ("" when it names none) */
	int pid;              /* from the line (killed) or its stack header "CPU: N PID: P", -1 */
	int order;            /* page allocation / OOM order, -1 */
	uint64_t size;        /* vmap / vmalloc size in bytes, 0 */
	char text[200];       /* the log line without its timestamp */
	int after_panic;      /* printed after "Kernel panic - not syncing" (the panic's own noise) */
	int led_to_panic;     /* the last failure before the panic, by the panicking task */
};

struct mm_memfails {
	int n;
	int dropped;          /* failures past MM_MEMFAIL_MAX (the first ones are kept) */
	struct mm_memfail f[MM_MEMFAIL_MAX];
	int have_panic;
	double panic_time;    /* -1 unknown */
	int panic_pid;        /* -1 unknown */
};

/* Parses log text (as `log` prints it). Never fails: a log without failures gives n = 0. */
void mm_memfail_parse(const char *log, size_t len, struct mm_memfails *mf);
/* The pid the OOM killer was invoked by (its report's stack header), -1 if none; the pids it
 * killed go to pids (up to max), their count returned. Both before the panic. */
int mm_memfail_oom_invoker(const struct mm_memfails *mf, char *comm, size_t len);
int mm_memfail_oom_killed(const struct mm_memfails *mf, int *pids, int max);

#endif
