/* Loaded modules, for naming the module an address lies in. */
#ifndef MM_MODULE_H
#define MM_MODULE_H
#include "kernel.h"

/* The name of the loaded module whose core image (text, rodata, data) holds addr: 0 and the
 * name, or MM_EABSENT when no module does (or the module list cannot be read). */
int mm_module_of(struct mm_kernel *k, kva_t addr, char *name, size_t len);

#endif
