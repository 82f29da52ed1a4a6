/* Diagnosis by kind of death. Each kind draws on the walkers that explain it. */
#include "triage.h"

void mm_triage_memory_extra(struct mm_kernel *k, struct mm_out *o)
{
	(void)k;
	(void)o;
}

void mm_triage_diagnose(struct mm_kernel *k, struct mm_out *o, const struct mm_panic_facts *f,
			const struct mm_meminfo *mi)
{
	(void)k;
	(void)mi;
	switch (f->kind) {
	case MM_PANIC_SYSRQ:
		mm_out_note(o, "A deliberate dump (sysrq-c): no memory failure is implied.");
		break;
	case MM_PANIC_UNKNOWN:
		mm_out_note(o, "No panic message in the kernel log.");
		break;
	default:
		break;
	}
}
