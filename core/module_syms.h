/* Symbols of loaded modules read from the dump (their kallsyms tables), for targets that only
 * know vmlinux's symbol table. */
#ifndef MM_MODULE_SYMS_H
#define MM_MODULE_SYMS_H
#include "kernel.h"

/* "name+0xoff" (or "name") of the module symbol covering addr: 0, or -1. */
int mm_module_symbol(struct mm_kernel *k, uint64_t addr, char *buf, size_t len);
/* The target's symbol_name, then the modules' symbols: 0, or -1 when no symbol covers addr. */
int mm_symbol_lookup(struct mm_kernel *k, uint64_t addr, char *buf, size_t len);
void mm_modsyms_release(struct mm_kernel *k);

#endif
