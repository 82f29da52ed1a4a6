/* The crash implementation of the core's target. */
#ifndef MM_TARGET_CRASH_H
#define MM_TARGET_CRASH_H
struct mm_target;
struct mm_target *mm_crash_target(void);
#endif
