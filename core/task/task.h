/* Tasks from init_task's list: who they are and what memory they hold. Processes (thread-group
 * leaders, as the list holds them) with their threads folded in: the mm's counters (RSS split
 * file / anon / shmem, swap entries), page-table bytes and kernel stacks. Plain data out. */
#ifndef MM_TASK_H
#define MM_TASK_H
#include "../kernel.h"

/* The mm's counters, in the order of enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS,
 * MM_SHMEMPAGES } (their values are read from the debug info, not assumed). */
enum mm_rss_item { MM_RSS_FILE, MM_RSS_ANON, MM_RSS_SWAP, MM_RSS_SHMEM, MM_RSS_NR };
extern const char *const mm_rss_item_name[MM_RSS_NR];

/* How this kernel keeps the mm's counters. */
enum mm_rss_gen {
	MM_RSS_UNKNOWN,
	MM_RSS_ATOMIC,  /* <= 6.1: mm_struct.rss_stat.count[] atomic_long_t, per-thread deltas in
			 * task_struct.rss_stat (SPLIT_RSS_COUNTING) not yet folded in */
	MM_RSS_PERCPU,  /* 6.2+: mm_struct.rss_stat[] percpu_counter: count + per-CPU deltas */
};

struct mm_task {
	kva_t task, mm, signal;
	int32_t pid, tgid;
	char comm[17];
	char state;                /* R S D T t Z X I, '?' for an encoding not known */
	uint32_t state_raw, exit_state;
	int nthreads;              /* threads walked (the leader included) */
	int64_t rss[MM_RSS_NR];    /* pages, pending deltas included; 0 without an mm */
	int64_t pending[MM_RSS_NR]; /* of which not yet in the mm's own count: what /proc and the
				    * OOM killer's task dump do not show */
	int rss_known;             /* 0: the counters could not be read (rss_err says why) */
	int64_t pgtables_bytes;    /* -1 unknown */
	uint64_t stack_bytes;      /* nthreads * THREAD_SIZE; 0 when THREAD_SIZE is unknown */
	int oom_victim;            /* signal->oom_mm set (4.10+): chosen by the OOM killer */
	int shared_mm;             /* an earlier process in the list has the same mm */
	char err[120];             /* what could not be read for this task ("" if all) */
};

struct mm_tasks {
	struct mm_task *task;
	size_t n, cap;
	enum mm_rss_gen rss_gen;
	int ncpus_summed;          /* MM_RSS_PERCPU: CPUs whose deltas were added */
	uint32_t thread_size;      /* THREAD_SIZE, 0 unknown */
	int nthreads;              /* every thread walked */
	int has_oom_mm;            /* signal_struct.oom_mm exists: victims can be told from state */
	char rss_err[160];         /* why the counters are unknown, "" when they are read */
};

/* Walks init_task and its tasks list (bounded, cycle-checked); each process's threads through
 * signal->thread_head (or thread_group). MM_OK, or the error that stopped the walk (the tasks
 * read before it are kept). */
int mm_tasks_read(struct mm_kernel *k, struct mm_tasks *t, struct mm_err *err);
void mm_tasks_free(struct mm_tasks *t);
/* Largest RSS first, then by pid. */
void mm_tasks_sort(struct mm_tasks *t);
/* Resident pages: file + anon + shmem. */
int64_t mm_task_rss(const struct mm_task *t);
/* ps's letter for a state word and exit_state (R S D T t Z X I), '?' when none fits. */
char mm_task_state_char(uint32_t state, uint32_t exit_state);

#endif
