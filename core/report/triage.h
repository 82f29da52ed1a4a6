/* The parts of `mmview triage` that draw on the subsystem walkers (core/report/diagnose.c). */
#ifndef MM_TRIAGE_H
#define MM_TRIAGE_H
#include "../kernel.h"
#include "../log/klog.h"
#include "../meminfo.h"
#include "out.h"

/* Extra memory-summary lines (vmalloc used / largest chunk, highmem free). */
void mm_triage_memory_extra(struct mm_kernel *k, struct mm_out *o);
/* The diagnosis for the kind of death in f. */
void mm_triage_diagnose(struct mm_kernel *k, struct mm_out *o, const struct mm_panic_facts *f,
			const struct mm_meminfo *mi);
#endif
