/* The crash implementation of the core's target. */
#ifndef MM_TARGET_CRASH_H
#define MM_TARGET_CRASH_H
struct mm_target;
struct mm_target *mm_crash_target(void);
/* MMVIEW_STATS: the seconds readmem() took, summed while mm_crash_time_reads is set. */
extern int mm_crash_time_reads;
extern double mm_crash_read_seconds;
#endif
