/* struct module has described its memory three ways: module_core/core_size (<= 4.4),
 * core_layout/init_layout (4.5 - 6.3) and mem[MOD_MEM_NUM_TYPES] (6.4+). The generation is the
 * member that exists. */
#include "modules.h"
#include "list.h"
#include "read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODULES_MAX 4096
#define MODULE_BUF 4096 /* struct module is ~600 bytes on ARM; read it in one go */

/* enum mod_mem_type names, in the kernel's order (values come from the debug info). */
static const char *const mem_type_names[][2] = {
	{ "MOD_TEXT", "text" },           { "MOD_DATA", "data" },
	{ "MOD_RODATA", "rodata" },       { "MOD_RO_AFTER_INIT", "ro_after_init" },
	{ "MOD_INIT_TEXT", "init_text" }, { "MOD_INIT_DATA", "init_data" },
	{ "MOD_INIT_RODATA", "init_rodata" },
};

struct walk {
	struct mm_modules *out;
	int cap;
	struct mm_err *err;
};

static void add_region(struct mm_module *m, uint32_t base, uint32_t size, const char *kind)
{
	if (!base || !size || m->nregions >= MM_MODULE_MAX_REGIONS)
		return;
	m->region[m->nregions++] = (struct mm_module_region){ base, size, kind };
}

static void regions_from_layout(struct mm_kernel *k, struct mm_module *m, const uint8_t *b, long len,
				long layout, const char *kind, const char *text_kind)
{
	uint32_t base = (uint32_t)mm_get(b, len, layout + k->off.module_layout_base, 4);
	uint32_t size = (uint32_t)mm_get(b, len, layout + k->off.module_layout_size, 4);
	uint32_t text = k->off.module_layout_text_size >= 0
		? (uint32_t)mm_get(b, len, layout + k->off.module_layout_text_size, 4) : 0;

	if (text && text < size) {
		add_region(m, base, text, text_kind);
		add_region(m, base + text, size - text, kind);
	} else
		add_region(m, base, size, kind);
}

static void decode_regions(struct mm_kernel *k, struct mm_module *m, const uint8_t *b, long len)
{
	struct mm_offsets *o = &k->off;

	if (o->module_mem >= 0 && o->module_memory_size > 0) {
		long n = o->module_mem_msize / o->module_memory_size;
		for (size_t i = 0; i < sizeof(mem_type_names) / sizeof(mem_type_names[0]); i++) {
			long idx;
			if (mm_enum(k, mem_type_names[i][0], &idx) || idx < 0 || idx >= n)
				continue;
			long at = o->module_mem + idx * o->module_memory_size;
			add_region(m, (uint32_t)mm_get(b, len, at + o->module_memory_base, 4),
				   (uint32_t)mm_get(b, len, at + o->module_memory_size_off, 4), mem_type_names[i][1]);
		}
	} else if (o->module_core_layout >= 0) {
		regions_from_layout(k, m, b, len, o->module_core_layout, "core", "text");
		if (o->module_init_layout >= 0)
			regions_from_layout(k, m, b, len, o->module_init_layout, "init", "init_text");
	} else if (o->module_module_core >= 0) {
		uint32_t base = (uint32_t)mm_get(b, len, o->module_module_core, 4);
		uint32_t size = (uint32_t)mm_get(b, len, o->module_core_size, 4);
		uint32_t text = (uint32_t)mm_get(b, len, o->module_core_text_size, 4);
		if (text && text < size) {
			add_region(m, base, text, "text");
			add_region(m, base + text, size - text, "core");
		} else
			add_region(m, base, size, "core");
		add_region(m, (uint32_t)mm_get(b, len, o->module_module_init, 4),
			   (uint32_t)mm_get(b, len, o->module_init_size, 4), "init");
	}
}

static int one_module(struct mm_kernel *k, kva_t addr, void *ctx)
{
	struct walk *w = ctx;
	struct mm_module *m;
	uint8_t b[MODULE_BUF];
	long len = k->off.module_size > 0 && k->off.module_size < MODULE_BUF ? k->off.module_size : MODULE_BUF;
	long namelen = k->off.module_name_msize > 0 ? k->off.module_name_msize : 56;

	if (mm_read(k, addr, MM_KVADDR, b, (size_t)len, w->err))
		return mm_err_wrap(w->err, "struct module at %x", addr);
	if (w->out->n == w->cap) {
		int cap = w->cap ? w->cap * 2 : 32;
		struct mm_module *nm = realloc(w->out->mod, cap * sizeof(*nm));
		if (!nm)
			return mm_err_set(w->err, MM_ENOMEM, "out of memory");
		w->out->mod = nm;
		w->cap = cap;
	}
	m = &w->out->mod[w->out->n++];
	memset(m, 0, sizeof(*m));
	m->addr = addr;
	if (namelen > (long)sizeof(m->name) - 1)
		namelen = sizeof(m->name) - 1;
	if (k->off.module_name + namelen <= len)
		memcpy(m->name, b + k->off.module_name, (size_t)namelen);
	m->name[namelen] = 0;
	for (char *c = m->name; *c; c++) /* a corrupt name must not corrupt the terminal */
		if (*c < 0x20 || *c > 0x7e)
			*c = '?';
	decode_regions(k, m, b, len);
	return 0;
}

int mm_modules_read(struct mm_kernel *k, struct mm_modules *out, struct mm_err *err)
{
	struct walk w = { out, 0, err };
	uint64_t head;
	long n;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = mm_symbol(k, "modules", &head, err);
	if (rc)
		return rc;
	rc = MM_NEED(k, err, module, list);
	if (!rc)
		rc = MM_NEED(k, err, module, name);
	if (rc)
		return rc;
	n = mm_list_walk(k, (kva_t)head, k->off.module_list, MODULES_MAX, one_module, &w, err);
	return n < 0 ? (int)n : MM_OK;
}

void mm_modules_free(struct mm_modules *m)
{
	free(m->mod);
	memset(m, 0, sizeof(*m));
}

const struct mm_module *mm_module_find(const struct mm_modules *m, kva_t addr,
				       const struct mm_module_region **region)
{
	for (int i = 0; i < m->n; i++)
		for (int r = 0; r < m->mod[i].nregions; r++) {
			const struct mm_module_region *g = &m->mod[i].region[r];
			if (addr >= g->base && addr - g->base < g->size) {
				if (region)
					*region = g;
				return &m->mod[i];
			}
		}
	return NULL;
}

const struct mm_modules *mm_modules(struct mm_kernel *k)
{
	struct mm_err err = { 0 };
	int rc;

	if (k->modules)
		return k->modules->n || k->modules->mod ? k->modules : NULL;
	k->modules = calloc(1, sizeof(*k->modules));
	if (!k->modules)
		return NULL;
	rc = mm_modules_read(k, k->modules, &err);
	if (rc && rc != MM_EABSENT)
		mm_note(k, "module list: %s", err.msg);
	return rc == MM_EABSENT ? NULL : k->modules;
}

void mm_modules_release(struct mm_kernel *k)
{
	if (k->modules) {
		mm_modules_free(k->modules);
		free(k->modules);
		k->modules = NULL;
	}
}

int mm_module_of(struct mm_kernel *k, kva_t addr, char *name, size_t len)
{
	const struct mm_modules *m = mm_modules(k);
	const struct mm_module *mod = m ? mm_module_find(m, addr, NULL) : NULL;

	if (!mod)
		return MM_EABSENT;
	snprintf(name, len, "%s", mod->name);
	return MM_OK;
}
