/* Page tables of synthetic dumps. Placeholder until the ARM page-table issue lands: mappings
 * are recorded by synth_map (so the target can translate them in kv mode) but no tables are
 * written, so the core cannot walk them yet. */
#include "synth.h"

void synth_pgtable_init(struct synth *s)
{
	(void)s;
}

int synth_pgtable_map(struct synth *s, uint32_t va, uint64_t pa, uint32_t size,
		      enum synth_map_kind kind)
{
	(void)s; (void)va; (void)pa; (void)size; (void)kind;
	return 0;
}
