/* Synthetic loaded modules (vmcores/synth/modules.c). */
#ifndef SYNTH_MODULES_H
#define SYNTH_MODULES_H
#include "synth.h"
void synth_modules_init(struct synth *s);
/* A module whose core is [core, core+core_size) mapped in the modules area, text first; returns
 * its struct module address. */
uint32_t synth_module_add(struct synth *s, const char *name, uint32_t core, uint32_t text_size,
			  uint32_t core_size);
#endif
