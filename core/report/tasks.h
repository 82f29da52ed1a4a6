/* The task table of `mmview tasks`, for triage too. */
#ifndef MM_REPORT_TASKS_H
#define MM_REPORT_TASKS_H
#include "../kernel.h"
#include "out.h"

/* A "summary" section (text: under title) and the table under key (top > 0: the first top
 * rows only), in the caller's container. */
void mm_tasks_table(struct mm_kernel *k, struct mm_out *o, const char *title, const char *key, long top);

#endif
