/* Synthetic tasks (vmcores/synth/tasks.c): init_task and its tasks list, thread groups, mms
 * with their resident-page counters, in each generation's layout: the atomic rss_stat array
 * with per-thread deltas (<= 6.1), percpu_counter rss_stat (6.2+), thread_group (<= 6.6) and
 * signal->thread_head (3.14+), state (<= 5.13) or __state, nr_ptes (<= 4.15) or
 * pgtables_bytes, signal->oom_mm (4.10+). */
#ifndef SYNTH_TASKS_H
#define SYNTH_TASKS_H
#include "synth.h"

/* Counter items, in the kernel's enum order (MM_FILEPAGES ...). */
enum synth_rss { SYNTH_RSS_FILE, SYNTH_RSS_ANON, SYNTH_RSS_SWAP, SYNTH_RSS_SHMEM };

/* Declares the types and enums, lays down init_task (pid 0, "swapper/0", no mm) and
 * init_stack (THREAD_SIZE 8 KiB). */
void synth_tasks_init(struct synth *s);
/* An mm whose counters hold rss[] pages (file, anon, swap, shmem: shmem ignored before 4.5)
 * and pgtables bytes (nr_ptes = bytes / 4096 before 4.16). */
uint32_t synth_mm_new(struct synth *s, const int64_t rss[4], uint32_t pgtables);
/* 6.2+: a per-CPU delta of counter item on cpu (added to count by percpu_counter_sum). */
void synth_mm_percpu_delta(struct synth *s, uint32_t mm, enum synth_rss item, int cpu, int32_t delta);
/* A process: leader pid with nthreads threads (pids pid..pid+nthreads-1), on init_task's
 * list; returns the leader's task_struct. */
uint32_t synth_task_add(struct synth *s, int pid, const char *comm, uint32_t state, uint32_t mm, int nthreads);
/* The n-th thread of a process (0: the leader). */
uint32_t synth_task_thread(struct synth *s, uint32_t leader, int n);
/* <= 6.1: a thread's SPLIT_RSS_COUNTING delta of an item. */
void synth_task_rss_delta(struct synth *s, uint32_t task, enum synth_rss item, int32_t delta);
/* 4.10+: marks the process as the OOM victim (signal->oom_mm = its mm). */
void synth_task_oom_victim(struct synth *s, uint32_t leader);

#endif
