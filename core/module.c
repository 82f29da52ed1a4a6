/* Which loaded module holds an address: the `modules` list and each module's core image,
 * module_core/core_size (<= 4.4), core_layout (4.5-6.3) or mem[] (6.4+, every type). */
#include "module.h"
#include "list.h"
#include "read.h"
#include <stdio.h>
#include <string.h>

#define MAX_MODULES 4096
#define MAX_MODULE_STRUCT 2048 /* the part of struct module read: name and layouts */

struct find {
	kva_t addr;
	char *name;
	size_t len;
	int found;
};

static int in(kva_t addr, uint32_t base, uint32_t size)
{
	return addr >= base && addr - base < size;
}

static int match(struct mm_kernel *k, kva_t mod, void *ctx)
{
	const struct mm_offsets *o = &k->off;
	struct find *f = ctx;
	uint8_t b[MAX_MODULE_STRUCT];
	size_t len = o->module_size > 0 && o->module_size < MAX_MODULE_STRUCT ? (size_t)o->module_size
									      : sizeof(b);
	long ntypes;
	int hit = 0;

	if (mm_read(k, mod, MM_KVADDR, b, len, NULL))
		return 0;
	/* mem[MOD_MEM_NUM_TYPES]: the stride from the array's size (the offset table cannot hold
	 * sizeof(module_memory): off.module_memory_size is its member "size") */
	if (o->module_mem >= 0 && mm_enum(k, "MOD_MEM_NUM_TYPES", &ntypes) == 0 && ntypes > 0 &&
	    ntypes < 16) {
		long stride = o->module_mem_msize / ntypes;
		for (long t = 0; t < ntypes && !hit; t++) {
			long m = o->module_mem + t * stride;
			hit = in(f->addr, mm_get32(b, len, m + o->module_memory_base),
				 mm_get32(b, len, m + o->module_memory_size));
		}
	} else if (o->module_core_layout >= 0)
		hit = in(f->addr, mm_get32(b, len, o->module_core_layout + o->module_layout_base),
			 mm_get32(b, len, o->module_core_layout + o->module_layout_size));
	else if (o->module_module_core >= 0)
		hit = in(f->addr, mm_get32(b, len, o->module_module_core),
			 mm_get32(b, len, o->module_core_size));
	if (!hit || o->module_name < 0 || (size_t)o->module_name >= len)
		return 0;
	{
		long n = o->module_name_msize > 0 ? o->module_name_msize : 56;
		if ((size_t)(o->module_name + n) > len)
			n = (long)len - o->module_name;
		snprintf(f->name, f->len, "%.*s", (int)n, (const char *)b + o->module_name);
	}
	f->found = 1;
	return 1;
}

int mm_module_of(struct mm_kernel *k, kva_t addr, char *name, size_t len)
{
	struct find f = { addr, name, len, 0 };
	uint64_t head;

	if (k->off.module_list < 0 || mm_symbol(k, "modules", &head, NULL))
		return MM_EABSENT;
	mm_list_walk(k, (kva_t)head, k->off.module_list, MAX_MODULES, match, &f, NULL);
	return f.found ? MM_OK : MM_EABSENT;
}
