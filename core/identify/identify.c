/* Address identification: the region decides which allocators can own the address, and each
 * owner finder adds what it knows. The finders are small and independent; an unreadable
 * structure becomes an error line, never a wrong answer. */
#include "../page_alloc/memmap.h"
#include "identify.h"
#include "../arm/kmap.h"
#include "../modules.h"
#include "../read.h"
#include <stdio.h>
#include <string.h>

const char *mm_confidence_name(enum mm_confidence c)
{
	static const char *const n[] = { "sure", "likely", "unknown" };
	return c <= MM_UNKNOWN ? n[c] : "unknown";
}

struct mm_owner *mm_id_owner(struct mm_ident *id, const char *kind, enum mm_confidence c)
{
	struct mm_owner *o;

	if (id->nowners >= MM_ID_MAX_OWNERS)
		return NULL;
	o = &id->owner[id->nowners++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->confidence = c;
	o->offset = -1;
	return o;
}

void mm_id_error(struct mm_ident *id, const struct mm_err *err, const char *what)
{
	struct mm_err *e;

	if (id->nerrors >= MM_ID_MAX_ERRORS)
		return;
	e = &id->error[id->nerrors++];
	e->code = err->code;
	snprintf(e->msg, sizeof(e->msg), "%.60s: %.180s", what, err->msg);
}

/* ---- translation ---- */

static void translate(struct mm_kernel *k, struct mm_ident *id)
{
	kva_t va = (kva_t)id->addr;
	int rc;

	id->walked = 1;
	rc = mm_pt_walk(k, va, &id->walk, &id->xlat);
	if (mm_is_lowmem(k, va)) {
		id->linear = 1;
		id->translated = 1;
		id->pa = mm_lowmem_pa(k, va);
		if (rc == MM_OK && id->walk.pa != id->pa)
			id->walk_disagrees = 1;
	} else if (rc == MM_OK) {
		id->translated = 1;
		id->pa = id->walk.pa;
	}
	if (id->translated) {
		id->pfn = id->pa >> k->page_shift;
		id->page = mm_page_of(k, id->pfn);
	}
}

/* ---- owner finders, by region ---- */

static void kernel_image(struct mm_kernel *k, struct mm_ident *id)
{
	const struct { const char *name; kva_t start, end; } sections[] = {
		{ ".text", k->text, k->etext },         { ".rodata", k->rodata, k->init_begin },
		{ ".init", k->init_begin, k->init_end }, { ".data", k->sdata, k->edata },
		{ ".bss", k->bss_start, k->bss_stop },
	};
	kva_t va = (kva_t)id->addr;
	char sym[128];

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		struct mm_owner *o;
		if (!sections[i].start || va < sections[i].start || va >= sections[i].end)
			continue;
		o = mm_id_owner(id, "kernel image", MM_SURE);
		if (!o)
			return;
		o->start = sections[i].start;
		o->end = sections[i].end;
		o->offset = (long)(va - sections[i].start);
		mm_symbol_name(k, va, sym, sizeof(sym));
		snprintf(o->what, sizeof(o->what), "%s in the kernel's %s section", sym, sections[i].name);
		return;
	}
}

static void module(struct mm_kernel *k, struct mm_ident *id)
{
	struct mm_modules mods;
	const struct mm_module_region *r;
	const struct mm_module *m;
	struct mm_err err = { 0 };
	struct mm_owner *o;
	char sym[128];
	int rc = mm_modules_read(k, &mods, &err);

	if (rc)
		mm_id_error(id, &err, "module list");
	m = mm_module_find(&mods, (kva_t)id->addr, &r);
	if (m && (o = mm_id_owner(id, "module", MM_SURE))) {
		o->start = r->base;
		o->end = (uint64_t)r->base + r->size;
		o->offset = (long)((kva_t)id->addr - r->base);
		mm_symbol_name(k, id->addr, sym, sizeof(sym));
		snprintf(o->what, sizeof(o->what), "module %.60s, %s (%x-%llx), %.80s", m->name, r->kind, r->base,
			 (unsigned long long)o->end, sym);
	} else if (!rc && (o = mm_id_owner(id, "module space", MM_SURE)))
		snprintf(o->what, sizeof(o->what), "in the modules area but in none of the %d loaded modules",
			 mods.n);
	mm_modules_free(&mods);
}

static void pkmap_slot(struct mm_kernel *k, struct mm_ident *id)
{
	struct mm_pkmap p;
	struct mm_err err = { 0 };
	struct mm_owner *o;
	unsigned nr = ((kva_t)id->addr - k->pkmap_base) >> k->page_shift;

	if (mm_pkmap_read(k, &p, &err)) {
		mm_id_error(id, &err, "pkmap");
		return;
	}
	if (nr < p.n && (o = mm_id_owner(id, "pkmap slot", MM_SURE))) {
		const struct mm_pkmap_slot *s = &p.slot[nr];
		o->start = s->va;
		o->end = (uint64_t)s->va + k->page_size;
		o->offset = (long)((kva_t)id->addr - s->va);
		if (s->count == 0)
			snprintf(o->what, sizeof(o->what), "pkmap slot %u: free", nr);
		else if (s->count == 1)
			snprintf(o->what, sizeof(o->what), "pkmap slot %u: unused, awaiting flush%s", nr,
				 s->mapped ? " (stale mapping still present)" : "");
		else
			snprintf(o->what, sizeof(o->what), "pkmap slot %u: kmap() of pfn %llx, %d user%s", nr,
				 (unsigned long long)s->pfn, s->count - 1, s->count == 2 ? "" : "s");
	}
	mm_pkmap_free(&p);
}

static void fixmap_slot(struct mm_kernel *k, struct mm_ident *id)
{
	struct mm_fixmap_scheme sch;
	struct mm_fixmap_slot slot;
	struct mm_owner *o;

	mm_fixmap_scheme(k, &sch);
	if (mm_fixmap_slot(k, &sch, (kva_t)id->addr, &slot))
		return;
	o = mm_id_owner(id, "fixmap slot", MM_SURE);
	if (!o)
		return;
	o->start = slot.va;
	o->end = (uint64_t)slot.va + k->page_size;
	o->offset = (long)((kva_t)id->addr - slot.va);
	if (id->translated)
		snprintf(o->what, sizeof(o->what), "fixmap index %ld, %s, mapping pfn %llx", slot.idx, slot.name,
			 (unsigned long long)id->pfn);
	else
		snprintf(o->what, sizeof(o->what), "fixmap index %ld, %s, not mapped now", slot.idx, slot.name);
}

static void vectors(struct mm_kernel *k, struct mm_ident *id)
{
	struct mm_owner *o = mm_id_owner(id, "vector page", MM_SURE);
	if (o)
		snprintf(o->what, sizeof(o->what), "%s (+%#x)",
			 (kva_t)id->addr - k->vectors < k->page_size ? "exception vectors" : "vector stubs",
			 (unsigned)((kva_t)id->addr & (k->page_size - 1)));
}

static void user(struct mm_kernel *k, struct mm_ident *id)
{
	struct mm_owner *o = mm_id_owner(id, "user address", MM_UNKNOWN);
	(void)k;
	if (o)
		snprintf(o->what, sizeof(o->what),
			 "a user-space address: which task maps it depends on the current mm "
			 "(crash: vm -p, or set a task and use vtop -u)");
}

/* Finders provided by the allocator walkers (weak: a build without one says nothing). */
void mm_identify_slab(struct mm_kernel *k, struct mm_ident *id) __attribute__((weak));
void mm_identify_vmalloc(struct mm_kernel *k, struct mm_ident *id) __attribute__((weak));
void mm_identify_page(struct mm_kernel *k, struct mm_ident *id) __attribute__((weak));

static void allocators_of_lowmem(struct mm_kernel *k, struct mm_ident *id)
{
	if (mm_identify_slab)
		mm_identify_slab(k, id);
	if (mm_identify_page)
		mm_identify_page(k, id);
}

void mm_identify(struct mm_kernel *k, uint64_t addr, struct mm_ident *id)
{
	memset(id, 0, sizeof(*id));
	id->addr = addr;
	mm_region_of(k, addr, &id->region);
	if (id->region.kind != MM_REGION_USER && addr <= 0xffffffffULL)
		translate(k, id);
	switch (id->region.kind) {
	case MM_REGION_KERNEL:
		kernel_image(k, id);
		if (!id->nowners)
			allocators_of_lowmem(k, id);
		break;
	case MM_REGION_LOWMEM:
		allocators_of_lowmem(k, id);
		break;
	case MM_REGION_MODULES:
		module(k, id);
		if (mm_identify_vmalloc)
			mm_identify_vmalloc(k, id);
		break;
	case MM_REGION_VMALLOC:
	case MM_REGION_STATIC_MAP:
		if (mm_identify_vmalloc)
			mm_identify_vmalloc(k, id);
		break;
	case MM_REGION_PKMAP:
		pkmap_slot(k, id);
		break;
	case MM_REGION_FIXMAP:
		fixmap_slot(k, id);
		break;
	case MM_REGION_VECTORS:
		vectors(k, id);
		break;
	case MM_REGION_USER:
		user(k, id);
		break;
	default:
		break;
	}
	/* What the page behind a mapping is, for regions whose own owner does not say. */
	if (id->translated && !mm_is_lowmem(k, addr) && id->region.kind != MM_REGION_USER &&
	    mm_identify_page)
		mm_identify_page(k, id);
}
