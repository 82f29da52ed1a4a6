/* Loaded modules and the memory each one holds, for every generation's struct module. */
#ifndef MM_MODULES_H
#define MM_MODULES_H
#include "kernel.h"

#define MM_MODULE_MAX_REGIONS 8

struct mm_module_region {
	kva_t base;
	uint32_t size;
	const char *kind; /* "text", "core", "data", "rodata", "ro_after_init", "init", ... */
};

struct mm_module {
	kva_t addr; /* struct module */
	char name[64];
	int nregions;
	struct mm_module_region region[MM_MODULE_MAX_REGIONS];
};

struct mm_modules {
	int n;
	struct mm_module *mod;
};

/* Walks the `modules` list (bounded, cycle-checked). On a corrupt list the modules read so far
 * are kept and the error is returned. */
int mm_modules_read(struct mm_kernel *k, struct mm_modules *out, struct mm_err *err);
void mm_modules_free(struct mm_modules *m);
/* The model's module list, read once (kept even when the walk stopped on corruption; the error
 * is then a model note). NULL when there is no module list at all. */
const struct mm_modules *mm_modules(struct mm_kernel *k);
void mm_modules_release(struct mm_kernel *k);
/* The name of the module holding addr (any of its regions): MM_OK, or MM_EABSENT. */
int mm_module_of(struct mm_kernel *k, kva_t addr, char *name, size_t len);
/* The module and region holding addr, or NULL. */
const struct mm_module *mm_module_find(const struct mm_modules *m, kva_t addr,
				       const struct mm_module_region **region);

#endif
