/* vmalloc space from the kernel's bookkeeping, for every generation:
 *   <= 3.9   vmlist (vm_struct.next, NULL-terminated)
 *   3.10-6.8 vmap_area_list (vmap_area.list), lazily freed areas on it (<= 5.3, flags) or on
 *            vmap_purge_list (5.4-5.10, llist) / purge_vmap_area_list (5.11-6.8)
 *   6.9+     vmap_nodes[i].busy / .lazy / .pool[] lists
 * plus free_vmap_area_list (5.2+) to cross-check the gaps computed from the busy areas. */
#include "vmalloc.h"
#include "../module_syms.h"
#include "../list.h"
#include "../modules.h"
#include "../read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_AREAS (1L << 18)     /* 1 GB of 4 KB areas: more is a corrupt list */
#define MAX_NODES 128            /* vmap_init_nodes clamps to 128 */
#define MAX_PROBLEMS 100         /* one corrupt word can break thousands of lists */
#define MAX_STRUCT 256           /* larger vm_struct / vmap_area means bad debug info */
#define MAX_MISMATCH_REPORTS 5

/* vm_struct.flags (include/linux/vmalloc.h) and ARM's private ones (arch/arm/mm/mm.h). */
#define VM_UNINITIALIZED 0x20u   /* 3.11+ (VM_UNLIST before) */
#define VM_NO_GUARD 0x40u        /* 4.0+ */
#define VM_ALLOC 0x2u
#define VM_ARM_STATIC_MAPPING 0x40000000u

const char *const mm_va_state_name[MM_VA_NSTATES] = {
	[MM_VA_LIVE] = "live",
	[MM_VA_STATIC] = "static",
	[MM_VA_VM_MAP_RAM] = "vm_map_ram",
	[MM_VA_LAZY] = "unpurged",
	[MM_VA_SETUP] = "setup",
	[MM_VA_POOLED] = "pooled",
};

/* vmap_area.flags by generation: the first rule whose mask matches decides the state; no rule
 * matching means a vm_struct is attached (VM_VM_AREA / vm != NULL). */
struct va_rule {
	enum mm_va_gen gen;
	uint32_t mask, value;   /* (flags & mask) == value */
	int vm_null;            /* 1: rule applies only when vm == NULL */
	enum mm_va_state state;
};
static const struct va_rule va_rules[] = {
	/* 3.4-4.4: VM_LAZY_FREE 0x01, VM_LAZY_FREEING 0x02, VM_VM_AREA 0x04 (3.4-3.9 keep vmlist
	 * too, but vmap_area_list is what this walks when the symbol is there).
	 * 3.4 (until "mm: fix faulty initialization in vmalloc_init()", May 2012): vmalloc_init
	 * imported the early vmlist entries (iotable_init's static mappings) with
	 * va->flags = vm->flags | VM_VM_AREA and no private pointer, so their
	 * VM_IOREMAP bit reads as VM_LAZY_FREE: such an area is static, not lazily freed.
	 * Up to 3.9 remove_vm_area left VM_VM_AREA set on a lazily freed area
	 * (free_unmap_vmap_area_noflush only ORs VM_LAZY_FREE in, private still points to the
	 * freed vm_struct): the lazy bits decide before VM_VM_AREA. */
	{ MM_VA_GEN_FLAGS_LIST, 0x40000004, 0x40000004, 1, MM_VA_STATIC },
	{ MM_VA_GEN_FLAGS_LIST, 0x04, 0x04, 1, MM_VA_LIVE }, /* vm NULL: reported corrupt */
	{ MM_VA_GEN_FLAGS_LIST, 0x01, 0x01, 0, MM_VA_LAZY },
	{ MM_VA_GEN_FLAGS_LIST, 0x02, 0x02, 0, MM_VA_LAZY },
	{ MM_VA_GEN_FLAGS_LIST, 0x04, 0x04, 0, MM_VA_LIVE },
	{ MM_VA_GEN_FLAGS_LIST, 0x00, 0x00, 0, MM_VA_VM_MAP_RAM },
	/* 4.9-5.3: VM_LAZY_FREE 0x02, VM_VM_AREA 0x04 */
	{ MM_VA_GEN_FLAGS_LLIST, 0x04, 0x04, 0, MM_VA_LIVE },
	{ MM_VA_GEN_FLAGS_LLIST, 0x02, 0x02, 0, MM_VA_LAZY },
	{ MM_VA_GEN_FLAGS_LLIST, 0x00, 0x00, 0, MM_VA_VM_MAP_RAM },
	/* 5.4-6.2: no flags; a busy area without vm is vm_map_ram (or not set up yet) */
	{ MM_VA_GEN_NOFLAGS, 0x00, 0x00, 1, MM_VA_VM_MAP_RAM },
	/* 6.3+: VMAP_RAM 0x1, VMAP_BLOCK 0x2; vm == NULL without VMAP_RAM is mid-setup */
	{ MM_VA_GEN_VMAP_RAM, 0x01, 0x01, 1, MM_VA_VM_MAP_RAM },
	{ MM_VA_GEN_VMAP_RAM, 0x00, 0x00, 1, MM_VA_SETUP },
	{ MM_VA_GEN_NODES, 0x01, 0x01, 1, MM_VA_VM_MAP_RAM },
	{ MM_VA_GEN_NODES, 0x00, 0x00, 1, MM_VA_SETUP },
};

#define NRULES (sizeof(va_rules) / sizeof(va_rules[0]))

/* The first of gen's rules (they are listed together), NRULES if it has none: found once per
 * walk, not per area. */
static size_t first_rule(enum mm_va_gen gen)
{
	size_t i = 0;
	while (i < NRULES && va_rules[i].gen != gen)
		i++;
	return i;
}

static enum mm_va_state va_state(size_t first, uint32_t flags, kva_t vm)
{
	for (size_t i = first; i < NRULES && va_rules[i].gen == va_rules[first].gen; i++) {
		const struct va_rule *r = &va_rules[i];
		if ((flags & r->mask) == r->value && (!r->vm_null || !vm))
			return r->state;
	}
	return MM_VA_LIVE;
}

enum mm_va_gen mm_vmalloc_va_gen(struct mm_kernel *k)
{
	switch (k->vmalloc_gen) {
	case MM_VMALLOC_VMAP_NODES:
		return MM_VA_GEN_NODES;
	case MM_VMALLOC_VMAP_AREA_LIST:
		if (k->off.vmap_area_flags < 0)
			return MM_VA_GEN_NOFLAGS;
		if (k->off.vmap_area_purge_list < 0)
			return MM_VA_GEN_VMAP_RAM;
		return k->off.vmap_area_purge_list_msize == 8 ? MM_VA_GEN_FLAGS_LIST
							      : MM_VA_GEN_FLAGS_LLIST;
	default:
		return MM_VA_GEN_VMLIST;
	}
}

/* ---- growing arrays ---- */

static int grow(void **p, size_t *cap, size_t n, size_t elem)
{
	void *np;

	if (n < *cap)
		return 0;
	np = realloc(*p, (*cap ? *cap * 2 : 64) * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = *cap ? *cap * 2 : 64;
	return 0;
}

static void problem(struct mm_vmalloc *v, int code, kva_t where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct mm_vmalloc *v, int code, kva_t where, const char *fmt, ...)
{
	struct mm_vmalloc_problem *p;
	va_list ap;

	if (v->nprob >= MAX_PROBLEMS) {
		v->nprob_more++;
		return;
	}
	if (grow((void **)&v->prob, &v->cap_prob, v->nprob, sizeof(*v->prob)))
		return;
	p = &v->prob[v->nprob++];
	p->code = code;
	p->where = where;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
}

static inline int push_area(struct mm_vmalloc *v, const struct mm_vmalloc_area *a)
{
	if (grow((void **)&v->area, &v->cap_area, v->narea, sizeof(*v->area)))
		return MM_ENOMEM;
	v->area[v->narea] = *a;
	v->area[v->narea].seq = (uint32_t)v->narea;
	v->narea++;
	return MM_OK;
}

/* ---- vm_struct ---- */

static int struct_size_ok(long size)
{
	return size > 0 && size <= MAX_STRUCT;
}

/* Bytes of a vm_struct the walker decodes: up to the end of its last member we use (the
 * offset table cannot hold sizeof(vm_struct): off.vm_struct_size is the member "size"). */
static size_t vm_len(const struct mm_kernel *k)
{
	const struct mm_offsets *o = &k->off;
	long psz = o->vm_struct_phys_addr_msize > 0 ? o->vm_struct_phys_addr_msize : 4;
	long m[] = { o->vm_struct_next + 4, o->vm_struct_addr + 4, o->vm_struct_size + 4,
		     o->vm_struct_flags + 4, o->vm_struct_pages + 4, o->vm_struct_nr_pages + 4,
		     o->vm_struct_phys_addr + psz, o->vm_struct_caller + 4 };
	long len = 0;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i] > len)
			len = m[i];
	return len > MAX_STRUCT ? MAX_STRUCT : (size_t)len;
}

static inline void decode_vm(struct mm_kernel *k, const uint8_t *b, size_t len, struct mm_vmalloc_area *a)
{
	const struct mm_offsets *o = &k->off;
	long psz = o->vm_struct_phys_addr_msize > 0 ? o->vm_struct_phys_addr_msize : 4;

	a->flags = mm_get32(b, len, o->vm_struct_flags);
	a->pages = mm_get32(b, len, o->vm_struct_pages);
	a->nr_pages = mm_get32(b, len, o->vm_struct_nr_pages);
	a->phys_addr = mm_get(b, len, o->vm_struct_phys_addr, psz);
	a->caller = mm_get32(b, len, o->vm_struct_caller);
}

/* Attaches the vm_struct a vmap_area points to; a bad pointer is a problem, not a stop. */
static void attach_vm(struct mm_kernel *k, struct mm_vmalloc *v, struct mm_vmalloc_area *a, size_t len)
{
	uint8_t b[MAX_STRUCT];
	kva_t addr, size;

	if (!mm_is_lowmem(k, a->vm)) { /* vm_structs are kmalloc'd or memblock: always lowmem */
		problem(v, MM_ECORRUPT, a->va, "vmap_area %x: wild vm pointer %x", a->va, a->vm);
		a->vm_bad = 1;
		return;
	}
	if (mm_read(k, a->vm, MM_KVADDR, b, len, NULL)) {
		problem(v, MM_EREAD, a->va, "vmap_area %x: vm_struct %x unreadable", a->va, a->vm);
		a->vm_bad = 1;
		return;
	}
	decode_vm(k, b, len, a);
	addr = mm_get32(b, len, k->off.vm_struct_addr);
	size = mm_get32(b, len, k->off.vm_struct_size);
	if (addr != a->start || addr + size != a->end)
		problem(v, MM_ECORRUPT, a->va,
			"vmap_area %x (%x-%x): its vm_struct %x covers %x-%x", a->va, a->start, a->end,
			a->vm, addr, addr + size);
}

/* ---- the walks ---- */

struct walk {
	struct mm_vmalloc *v;
	enum mm_va_gen gen;
	int forced;        /* >= 0: every entry of this list is in this state */
	long link_off;     /* llist walks: subtract to get the vmap_area */
	size_t vm_len;     /* vm_len(k), once per walk (0: not yet) */
	size_t rule;       /* first_rule(gen) + 1, once per walk (0: not yet) */
};

static kva_t vm_member(struct mm_kernel *k, const uint8_t *b, size_t len)
{
	long off = k->off.vmap_area_vm >= 0 ? k->off.vmap_area_vm : k->off.vmap_area_private;
	return mm_get32(b, len, off);
}

/* One vmap_area, its bytes given (a list walk read them) or NULL (read here). */
static int add_vmap_area_bytes(struct mm_kernel *k, kva_t entry, const uint8_t *given, void *ctx)
{
	static const struct mm_vmalloc_area none;
	struct walk *w = ctx;
	struct mm_vmalloc_area a = none; /* copied, not cleared: a memset call per area otherwise */
	uint8_t own[MAX_STRUCT];
	const uint8_t *b = given;
	size_t len = (size_t)k->off.vmap_area_size;

	if (!b) {
		if (mm_read(k, entry, MM_KVADDR, own, len, NULL)) {
			problem(w->v, MM_EREAD, entry, "vmap_area %x unreadable", entry);
			return 0;
		}
		b = own;
	}
	a.va = entry;
	a.start = mm_get32(b, len, k->off.vmap_area_va_start);
	a.end = mm_get32(b, len, k->off.vmap_area_va_end);
	a.va_flags = mm_get32(b, len, k->off.vmap_area_flags);
	if (a.end <= a.start || a.start & (k->page_size - 1)) {
		problem(w->v, MM_ECORRUPT, entry, "vmap_area %x: impossible range %x-%x", entry,
			a.start, a.end);
		return 0;
	}
	a.size = a.end - a.start;
	if (w->forced >= 0) {
		a.state = (enum mm_va_state)w->forced; /* vm shares a union with the list link */
	} else {
		kva_t vm = vm_member(k, b, len);
		a.state = va_state((w->rule ? w->rule : (w->rule = first_rule(w->gen) + 1)) - 1,
				   a.va_flags, vm);
		if (a.state == MM_VA_STATIC && !vm) /* 3.4 import: vm_struct flags copied in */
			a.flags = a.va_flags & ~0x4u; /* less VM_VM_AREA */
		if (a.state == MM_VA_LIVE) {
			a.vm = vm;
			if (!vm) {
				problem(w->v, MM_ECORRUPT, entry,
					"vmap_area %x: flags %x say live but vm is NULL", entry, a.va_flags);
				a.vm_bad = 1;
			} else
				attach_vm(k, w->v, &a, w->vm_len ? w->vm_len : (w->vm_len = vm_len(k)));
			if (!a.vm_bad && (a.flags & VM_ARM_STATIC_MAPPING))
				a.state = MM_VA_STATIC;
			else if (!a.vm_bad && w->gen >= MM_VA_GEN_FLAGS_LLIST &&
				 (a.flags & VM_UNINITIALIZED))
				a.state = MM_VA_SETUP;
		}
	}
	return push_area(w->v, &a);
}

/* llist entries: the walk gives the address of the link inside the vmap_area */
static int add_vmap_area(struct mm_kernel *k, kva_t link, void *ctx)
{
	const struct walk *w = ctx;
	return add_vmap_area_bytes(k, link - (kva_t)w->link_off, NULL, ctx);
}

static int add_vm_struct(struct mm_kernel *k, kva_t vm, void *ctx)
{
	static const struct mm_vmalloc_area none;
	struct walk *w = ctx;
	struct mm_vmalloc_area a = none; /* copied, not cleared: a memset call per area otherwise */
	uint8_t b[MAX_STRUCT];
	size_t len = vm_len(k);

	if (mm_read(k, vm, MM_KVADDR, b, len, NULL)) {
		problem(w->v, MM_EREAD, vm, "vm_struct %x unreadable", vm);
		return 0;
	}
	a.vm = vm;
	a.start = mm_get32(b, len, k->off.vm_struct_addr);
	a.size = mm_get32(b, len, k->off.vm_struct_size);
	a.end = a.start + a.size;
	if (!a.size || a.end < a.start) {
		problem(w->v, MM_ECORRUPT, vm, "vm_struct %x: impossible range %x+%x", vm, a.start,
			a.size);
		return 0;
	}
	decode_vm(k, b, len, &a);
	a.state = a.flags & VM_ARM_STATIC_MAPPING ? MM_VA_STATIC : MM_VA_LIVE;
	return push_area(w->v, &a);
}

static int add_free(struct mm_kernel *k, kva_t entry, const uint8_t *b, void *ctx)
{
	struct mm_vmalloc *v = ctx;
	size_t len = (size_t)k->off.vmap_area_size;

	if (!b) {
		problem(v, MM_EREAD, entry, "free vmap_area %x unreadable", entry);
		return 0;
	}
	if (grow((void **)&v->kfree, &v->cap_kfree, v->nkfree, sizeof(*v->kfree)))
		return MM_ENOMEM;
	v->kfree[v->nkfree].start = mm_get32(b, len, k->off.vmap_area_va_start);
	v->kfree[v->nkfree].end = mm_get32(b, len, k->off.vmap_area_va_end);
	v->nkfree++;
	return 0;
}

/* Walks a list_head of vmap_areas; the first error is kept in err, later ones are problems. */
static void walk_list(struct mm_kernel *k, struct walk *w, kva_t head, const char *what,
		      int *rc, struct mm_err *err)
{
	struct mm_err e = { 0 };
	long n = mm_list_walk_bytes(k, head, k->off.vmap_area_list, (size_t)k->off.vmap_area_size,
				    MAX_AREAS, add_vmap_area_bytes, w, &e);

	if (n >= 0)
		return;
	mm_err_wrap(&e, "%s", what);
	if (*rc == MM_OK) {
		*rc = (int)n;
		if (err)
			*err = e;
	} else
		problem(w->v, (int)n, head, "%s", e.msg);
}

static int need_va(struct mm_kernel *k, struct mm_err *err)
{
	int rc = MM_NEED(k, err, vmap_area, va_start);
	if (!rc) rc = MM_NEED(k, err, vmap_area, va_end);
	if (!rc) rc = MM_NEED(k, err, vmap_area, list);
	if (!rc && !struct_size_ok(k->off.vmap_area_size))
		rc = mm_err_set(err, MM_EABSENT, "sizeof(vmap_area) not in this kernel's debug info");
	if (!rc && k->off.vmap_area_vm < 0 && k->off.vmap_area_private < 0)
		rc = mm_err_set(err, MM_EABSENT, "vmap_area.vm not in this kernel's debug info");
	return rc;
}

static int need_vm(struct mm_kernel *k, struct mm_err *err)
{
	int rc = MM_NEED(k, err, vm_struct, addr);
	if (!rc) rc = MM_NEED(k, err, vm_struct, size);
	if (!rc) rc = MM_NEED(k, err, vm_struct, flags);
	return rc;
}

static int walk_vmlist(struct mm_kernel *k, struct mm_vmalloc *v, struct mm_err *err)
{
	struct walk w = { v, MM_VA_GEN_VMLIST, -1, 0 };
	uint32_t first;
	long n;
	int rc = MM_NEED(k, err, vm_struct, next);

	if (rc || (rc = mm_read_sym_u32(k, "vmlist", &first, err)))
		return rc;
	n = mm_slist_walk(k, first, k->off.vm_struct_next, MAX_AREAS, add_vm_struct, &w, err);
	if (n < 0)
		return mm_err_wrap(err, "vmlist");
	return MM_OK;
}

/* 5.4-5.10: lazily freed areas hang off vmap_purge_list through purge_list, an llist_node in
 * a union with vm. */
static void walk_purge_llist(struct mm_kernel *k, struct mm_vmalloc *v, int *rc,
			     struct mm_err *err)
{
	struct walk w = { v, MM_VA_GEN_NOFLAGS, MM_VA_LAZY, k->off.vmap_area_purge_list };
	struct mm_err e = { 0 };
	uint32_t first;
	long n;

	if (k->off.vmap_area_purge_list < 0 || mm_read_sym_u32(k, "vmap_purge_list", &first, &e))
		return;
	n = mm_slist_walk(k, first, 0, MAX_AREAS, add_vmap_area, &w, &e);
	if (n >= 0)
		return;
	mm_err_wrap(&e, "vmap_purge_list");
	if (*rc == MM_OK) {
		*rc = (int)n;
		if (err)
			*err = e;
	} else
		problem(v, (int)n, 0, "%s", e.msg);
}

/* The node array: vmap_nodes when it is a real variable (64-bit), else the static node
 * `single` it was folded into on 32-bit, which is one node whatever nr_vmap_nodes says
 * (nr_vmap_nodes itself may be folded to 1 too). */
static int node_array(struct mm_kernel *k, kva_t *base, uint32_t *nr, struct mm_err *err)
{
	uint64_t single;
	int rc;

	if (mm_has_symbol(k, "vmap_nodes")) {
		if ((rc = mm_read_sym_u32(k, "vmap_nodes", base, err)))
			return rc;
		if ((rc = mm_read_sym_u32(k, "nr_vmap_nodes", nr, err)))
			return rc;
		if (*nr == 0 || *nr > MAX_NODES)
			return mm_err_set(err, MM_ECORRUPT, "corrupt nr_vmap_nodes: %u", *nr);
		if (!mm_is_lowmem(k, *base))
			return mm_err_set(err, MM_ECORRUPT, "vmap_nodes %x is not a kernel address", *base);
		return MM_OK;
	}
	if ((rc = mm_symbol(k, "single", &single, err)))
		return mm_err_wrap(err, "no vmap_nodes: its folded node");
	*base = (kva_t)single;
	/* `single` is a common static name: the one that is this node has a busy list head
	 * pointing at itself or into lowmem */
	{
		kva_t head = *base + (kva_t)(k->off.vmap_node_busy + k->off.rb_list_head);
		uint32_t next;
		if ((rc = mm_read_u32(k, head, &next, err)))
			return mm_err_wrap(err, "single.busy");
		if (next != head && !mm_is_lowmem(k, next))
			return mm_err_set(err, MM_ECORRUPT,
					  "symbol single at %x is not the vmap_node: its busy list points at %x",
					  *base, next);
	}
	if (mm_read_sym_u32(k, "nr_vmap_nodes", nr, NULL) == 0 && *nr != 1)
		return mm_err_set(err, MM_ECORRUPT,
				  "nr_vmap_nodes is %u but vmap_nodes was folded into the one node single", *nr);
	*nr = 1;
	return MM_OK;
}

/* One node: busy, lazy and the non-empty pools; the node is read whole once to find which pools
 * hold anything. Not purge_list: it is set up only when a purge starts (INIT_LIST_HEAD in
 * __purge_vmap_area_lazy) and its entries are moved off without list_del, so outside a purge it
 * holds zeros or stale pointers. */
static void walk_node(struct mm_kernel *k, struct mm_vmalloc *v, kva_t node, const char *name,
		      uint8_t *nb, int *rc, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	struct walk busy = { v, MM_VA_GEN_NODES, -1, 0 }, lazy = busy, pool = busy;
	size_t len = (size_t)o->vmap_node_size;
	long npools = 0;
	char what[64];

	lazy.forced = MM_VA_LAZY;
	pool.forced = MM_VA_POOLED;
	snprintf(what, sizeof(what), "%s.busy", name);
	walk_list(k, &busy, node + o->vmap_node_busy + o->rb_list_head, what, rc, err);
	if (o->vmap_node_lazy >= 0) {
		snprintf(what, sizeof(what), "%s.lazy", name);
		walk_list(k, &lazy, node + o->vmap_node_lazy + o->rb_list_head, what, rc, err);
	}
	if (o->vmap_node_pool >= 0 && o->vmap_pool_size > 0 && o->vmap_pool_head >= 0)
		npools = o->vmap_node_pool_msize / o->vmap_pool_size;
	if (npools && mm_read(k, node, MM_KVADDR, nb, len, NULL)) {
		problem(v, MM_EREAD, node, "%s unreadable: its pools are not counted", name);
		return;
	}
	for (long j = 0; j < npools; j++) {
		long at = o->vmap_node_pool + j * o->vmap_pool_size + o->vmap_pool_head;
		kva_t head = node + (kva_t)at;
		if (mm_get32(nb, len, at) == head)
			continue; /* empty pools are the rule */
		snprintf(what, sizeof(what), "%s.pool[%ld]", name, j);
		walk_list(k, &pool, head, what, rc, err);
	}
}

static void walk_nodes(struct mm_kernel *k, struct mm_vmalloc *v, int *rc, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	uint32_t base, nr;
	uint8_t *nb;
	int folded;

	if (o->vmap_node_size <= 0 || o->vmap_node_size > (1 << 16) || o->vmap_node_busy < 0 ||
	    o->rb_list_head < 0) {
		*rc = mm_err_set(err, MM_EABSENT, "vmap_node.busy not in this kernel's debug info");
		return;
	}
	if ((*rc = node_array(k, &base, &nr, err)))
		return;
	if (!(nb = malloc((size_t)o->vmap_node_size))) {
		*rc = mm_err_set(err, MM_ENOMEM, "out of memory");
		return;
	}
	folded = !mm_has_symbol(k, "vmap_nodes");
	for (uint32_t i = 0; i < nr; i++) {
		char name[32];

		if (folded)
			snprintf(name, sizeof(name), "single");
		else
			snprintf(name, sizeof(name), "vmap_nodes[%u]", i);
		walk_node(k, v, base + i * (kva_t)o->vmap_node_size, name, nb, rc, err);
	}
	free(nb);
}

static int walk_vmap_areas(struct mm_kernel *k, struct mm_vmalloc *v, struct mm_err *err)
{
	struct walk w = { v, v->gen, -1, 0 };
	uint64_t head;
	int rc = MM_OK;

	if (v->gen == MM_VA_GEN_NODES)
		walk_nodes(k, v, &rc, err);
	else {
		if ((rc = mm_symbol(k, "vmap_area_list", &head, err)))
			return rc;
		walk_list(k, &w, (kva_t)head, "vmap_area_list", &rc, err);
		if (mm_symbol(k, "purge_vmap_area_list", &head, NULL) == 0) { /* 5.11-6.8 */
			w.forced = MM_VA_LAZY;
			walk_list(k, &w, (kva_t)head, "purge_vmap_area_list", &rc, err);
		} else if (v->gen == MM_VA_GEN_NOFLAGS) /* 5.4-5.10 */
			walk_purge_llist(k, v, &rc, err);
	}
	if (mm_symbol(k, "free_vmap_area_list", &head, NULL) == 0) { /* 5.2+ */
		struct mm_err e = { 0 };
		long n = mm_list_walk_bytes(k, (kva_t)head, k->off.vmap_area_list,
					    (size_t)k->off.vmap_area_size, MAX_AREAS, add_free, v, &e);
		v->has_free_list = n >= 0;
		if (n < 0) {
			mm_err_wrap(&e, "free_vmap_area_list");
			problem(v, (int)n, (kva_t)head, "%s", e.msg);
		}
	}
	return rc;
}

/* ---- after the walk: order, overlaps, the free list cross-check ---- */

static int by_start(const void *x, const void *y)
{
	const struct mm_vmalloc_area *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start ? 1 : (a->end > b->end) - (a->end < b->end);
}

/* The kernel keeps its areas in address order: only what the walk added after the first
 * list (purge lists, other nodes) can be out of order. That tail is sorted alone and merged
 * with the ordered run before it, from the top down, so only the tail is copied aside
 * (sorting all 12,000 areas of a busy machine was a tenth of `mmview vmalloc`). */
static void sort_areas(struct mm_vmalloc *v)
{
	size_t run = 1, ntail, i, j, k;
	struct mm_vmalloc_area *tail;

	while (run < v->narea && by_start(&v->area[run - 1], &v->area[run]) <= 0)
		run++;
	if (run >= v->narea)
		return;
	ntail = v->narea - run;
	qsort(v->area + run, ntail, sizeof(*v->area), by_start);
	tail = malloc(ntail * sizeof(*tail));
	if (!tail) {
		qsort(v->area, v->narea, sizeof(*v->area), by_start);
		return;
	}
	memcpy(tail, v->area + run, ntail * sizeof(*tail));
	/* k = i + j: the merged output never overwrites the run still to be read; on a tie the
	 * run's area goes first, as the kernel's own list had it */
	for (i = run, j = ntail, k = v->narea; j > 0;)
		v->area[--k] = i > 0 && by_start(&v->area[i - 1], &tail[j - 1]) > 0 ? v->area[--i] : tail[--j];
	free(tail);
}

static void check_overlaps(struct mm_vmalloc *v)
{
	for (size_t i = 1; i < v->narea; i++) {
		const struct mm_vmalloc_area *p = &v->area[i - 1], *a = &v->area[i];
		if (a->start < p->end)
			problem(v, MM_ECORRUPT, a->start,
				"areas overlap: %x-%x (vmap_area %x vm_struct %x) and %x-%x (vmap_area %x vm_struct %x)",
				p->start, p->end, p->va, p->vm, a->start, a->end, a->va, a->vm);
	}
}

/* A vmalloc'd area's pages fill it up to the guard page: nr_pages past that is corrupt, and an
 * `addr` page index past nr_pages would otherwise read as "page 6 of 3". No pages at all is
 * not a contradiction: per-CPU chunks are VM_ALLOC areas the percpu allocator maps itself
 * (pcpu_get_vm_areas: no pages array), and a vmalloc being set up has none yet. */
static void check_nr_pages(const struct mm_kernel *k, struct mm_vmalloc *v)
{
	for (size_t i = 0; i < v->narea; i++) {
		const struct mm_vmalloc_area *a = &v->area[i];
		uint32_t room;
		if (a->state != MM_VA_LIVE || !a->vm || a->vm_bad || !a->nr_pages)
			continue;
		room = (mm_vmalloc_guard_start(k, v, a) - a->start) >> k->page_shift;
		/* vmalloc (VM_ALLOC) fills its area exactly; vmap may map fewer pages. */
		if (a->nr_pages > room || ((a->flags & VM_ALLOC) && a->nr_pages != room))
			problem(v, MM_ECORRUPT, a->start,
				"vm_struct %x (%x-%x): nr_pages %u but its size holds %u pages",
				a->vm, a->start, a->end, a->nr_pages, room);
	}
}

/* The kernel's free list within [lo, hi) must be exactly the gaps left by the busy, lazily
 * freed and pooled areas. */
static void check_free_list(struct mm_vmalloc *v, kva_t lo, kva_t hi, const char *range)
{
	struct mm_vmalloc_gap *g = NULL;
	long ng = mm_vmalloc_gaps(v, lo, hi, 0, &g);
	size_t i = 0, bad = 0;
	long j = 0;

	if (ng < 0)
		return;
	for (;;) {
		struct mm_vmalloc_gap f = { 0, 0 };
		while (i < v->nkfree && (v->kfree[i].end <= lo || v->kfree[i].start >= hi))
			i++;
		if (i < v->nkfree) {
			f.start = v->kfree[i].start < lo ? lo : v->kfree[i].start;
			f.end = v->kfree[i].end > hi ? hi : v->kfree[i].end;
		}
		if (i >= v->nkfree && j >= ng)
			break;
		if (i < v->nkfree && j < ng && f.start == g[j].start && f.end == g[j].end) {
			i++, j++;
			continue;
		}
		if (i < v->nkfree && j < ng && f.start == g[j].start) { /* same start, other end */
			if (bad++ < MAX_MISMATCH_REPORTS)
				problem(v, MM_ECORRUPT, f.start,
					"%s: free_vmap_area_list has %x-%x, the busy areas leave %x-%x",
					range, f.start, f.end, g[j].start, g[j].end);
			i++, j++;
		} else if (i < v->nkfree && (j >= ng || f.start < g[j].start)) {
			if (bad++ < MAX_MISMATCH_REPORTS)
				problem(v, MM_ECORRUPT, f.start,
					"%s: free_vmap_area_list has %x-%x, where the busy areas leave no gap",
					range, f.start, f.end);
			i++;
		} else {
			if (bad++ < MAX_MISMATCH_REPORTS)
				problem(v, MM_ECORRUPT, g[j].start,
					"%s: gap %x-%x between busy areas is not in free_vmap_area_list",
					range, g[j].start, g[j].end);
			j++;
		}
	}
	if (bad > MAX_MISMATCH_REPORTS)
		problem(v, MM_ECORRUPT, lo, "%s: %zu more free list disagreements", range,
			bad - MAX_MISMATCH_REPORTS);
	free(g);
}

/* The pieces of [lo, hi)'s busy gaps that the free list does not hold; *free_outside counts
 * free-list ranges lying (partly) over areas. Both lists are sorted by start. */
static long unlisted_gaps(const struct mm_vmalloc *v, kva_t lo, kva_t hi, struct mm_vmalloc_gap **out,
			  size_t *free_outside)
{
	struct mm_vmalloc_gap *g = NULL, *p = NULL;
	long ng = mm_vmalloc_gaps(v, lo, hi, 0, &g);
	size_t np = 0, cap = 0, i = 0;

	*out = NULL;
	if (ng < 0)
		return -1;
	for (long j = 0; j <= ng; j++) {
		kva_t gs = j < ng ? g[j].start : hi, ge = j < ng ? g[j].end : hi;
		uint64_t cur = gs;
		for (; i < v->nkfree && v->kfree[i].start < ge; i++) {
			kva_t s = v->kfree[i].start < lo ? lo : v->kfree[i].start;
			kva_t e = v->kfree[i].end > hi ? hi : v->kfree[i].end;
			if (e <= s)
				continue;
			if (s < gs || e > ge) /* over an area */
				(*free_outside)++;
			if (s > cur && j < ng) {
				if (grow((void **)&p, &cap, np, sizeof(*p)))
					goto nomem;
				p[np++] = (struct mm_vmalloc_gap){ (kva_t)cur, s };
			}
			if (e > cur)
				cur = e;
		}
		if (j < ng && cur < ge) {
			if (grow((void **)&p, &cap, np, sizeof(*p)))
				goto nomem;
			p[np++] = (struct mm_vmalloc_gap){ (kva_t)cur, ge };
		}
	}
	free(g);
	*out = p;
	return (long)np;
nomem:
	free(g);
	free(p);
	return -1;
}

/* __purge_vmap_area_lazy takes every lazily freed area off the purge list onto a private list,
 * then merges them into the free list one by one, taking each off vmap_lazy_nr. A panic in the
 * middle leaves ranges on neither list: busy gaps the free list does not hold yet. When their
 * pages are exactly what vmap_lazy_nr counts beyond the purge list, that is the purge in flux,
 * not corruption: they become unpurged areas (va 0). Returns 1 when so explained; otherwise
 * why[] says what vmap_lazy_nr showed, when it was read. */
static int explain_purge(struct mm_kernel *k, struct mm_vmalloc *v, char *why, size_t whylen)
{
	const kva_t lo[2] = { k->vmalloc_start, k->modules_vaddr }, hi[2] = { k->vmalloc_end, k->modules_end };
	struct mm_vmalloc_gap *piece[2] = { NULL, NULL };
	long np[2] = { 0, 0 };
	size_t outside = 0;
	uint64_t listed = 0, unlisted = 0;
	uint32_t lazy_nr;
	struct mm_err e = { 0 };
	int ok = 0;

	for (int r = 0; r < 2; r++) {
		if (hi[r] <= lo[r])
			continue;
		if ((np[r] = unlisted_gaps(v, lo[r], hi[r], &piece[r], &outside)) < 0)
			goto out;
		for (long i = 0; i < np[r]; i++)
			unlisted += (piece[r][i].end - piece[r][i].start) >> k->page_shift;
	}
	if (outside || !unlisted || mm_read_sym_u32(k, "vmap_lazy_nr", &lazy_nr, &e))
		goto out;
	for (size_t i = 0; i < v->narea; i++)
		if (v->area[i].state == MM_VA_LAZY)
			listed += v->area[i].size >> k->page_shift;
	if (lazy_nr != listed + unlisted) {
		snprintf(why, whylen, "vmap_lazy_nr is %u pages: the purge list holds %llu, ranges on no list %llu",
			 lazy_nr, (unsigned long long)listed, (unsigned long long)unlisted);
		goto out;
	}
	for (int r = 0; r < 2; r++)
		for (long i = 0; i < np[r]; i++) {
			struct mm_vmalloc_area a = { .start = piece[r][i].start, .end = piece[r][i].end,
						     .size = piece[r][i].end - piece[r][i].start,
						     .state = MM_VA_LAZY };
			if (push_area(v, &a))
				goto out;
			v->purging_ranges++;
			v->purging_pages += a.size >> k->page_shift;
		}
	sort_areas(v);
	ok = 1;
out:
	free(piece[0]);
	free(piece[1]);
	return ok;
}

static int walk_all(struct mm_kernel *k, struct mm_vmalloc *v, struct mm_err *err)
{
	char why[120] = "";
	int rc;

	memset(v, 0, sizeof(*v));
	v->gen = mm_vmalloc_va_gen(k);
	if (k->vmalloc_gen == MM_VMALLOC_UNKNOWN)
		return mm_err_set(err, MM_EABSENT,
				  "vmalloc bookkeeping unknown: no vmap_nodes/single (6.9+), vmap_area_list "
				  "(3.10+) or live vmlist (<= 3.9; __initdata from 3.10)");
	if ((rc = need_vm(k, err)))
		return rc;
	if (v->gen == MM_VA_GEN_VMLIST)
		rc = walk_vmlist(k, v, err);
	else if (!(rc = need_va(k, err)))
		rc = walk_vmap_areas(k, v, err);
	sort_areas(v);
	check_overlaps(v);
	if (v->has_free_list && !explain_purge(k, v, why, sizeof(why))) {
		check_free_list(v, k->vmalloc_start, k->vmalloc_end, "vmalloc");
		if (k->modules_end > k->modules_vaddr)
			check_free_list(v, k->modules_vaddr, k->modules_end, "modules");
		if (why[0]) /* not a purge in flux: what the counter says */
			problem(v, MM_ECORRUPT, 0, "%s", why);
	}
	check_nr_pages(k, v);
	if (v->nprob_more && !grow((void **)&v->prob, &v->cap_prob, v->nprob, sizeof(*v->prob))) {
		struct mm_vmalloc_problem *p = &v->prob[v->nprob++];
		p->code = MM_ECORRUPT;
		p->where = 0;
		snprintf(p->msg, sizeof(p->msg), "... and %zu more problems", v->nprob_more);
	}
	return rc;
}

/* ---- one walk per command: triage, layout and identification each ask ---- */

struct vmalloc_memo {
	struct mm_vmalloc v;
	int rc;
	struct mm_err err;
};
static const char vmalloc_memo_key;

static void *dup_array(const void *src, size_t n, size_t size, size_t *cap)
{
	void *d = n ? malloc(n * size) : NULL;
	if (d)
		memcpy(d, src, n * size);
	*cap = d ? n : 0;
	return d;
}

/* dst becomes a copy of src that owns its arrays; 0, or -1 without memory (dst then empty) */
static int copy_vmalloc(struct mm_vmalloc *dst, const struct mm_vmalloc *src)
{
	*dst = *src;
	dst->area = dup_array(src->area, src->narea, sizeof(*src->area), &dst->cap_area);
	dst->kfree = dup_array(src->kfree, src->nkfree, sizeof(*src->kfree), &dst->cap_kfree);
	dst->prob = dup_array(src->prob, src->nprob, sizeof(*src->prob), &dst->cap_prob);
	if ((src->narea && !dst->area) || (src->nkfree && !dst->kfree) || (src->nprob && !dst->prob)) {
		mm_vmalloc_free(dst);
		return -1;
	}
	return 0;
}

static void release_memo(void *data)
{
	struct vmalloc_memo *m = data;
	mm_vmalloc_free(&m->v);
	free(m);
}

int mm_vmalloc_read(struct mm_kernel *k, struct mm_vmalloc *v, struct mm_err *err)
{
	const struct vmalloc_memo *kept = mm_scope_memo(k, &vmalloc_memo_key);
	struct vmalloc_memo *m;
	struct mm_err e = { 0 };
	int rc;

	if (kept) {
		if (copy_vmalloc(v, &kept->v))
			return mm_err_set(err, MM_ENOMEM, "vmalloc: out of memory");
		if (kept->rc && err)
			*err = kept->err;
		return kept->rc;
	}
	rc = walk_all(k, v, &e);
	if (rc && err)
		*err = e;
	if (k->rcache_depth && (m = calloc(1, sizeof(*m)))) {
		m->rc = rc;
		m->err = e;
		if (copy_vmalloc(&m->v, v) || mm_scope_memo_keep(k, &vmalloc_memo_key, m, release_memo))
			release_memo(m);
	}
	return rc;
}

void mm_vmalloc_free(struct mm_vmalloc *v)
{
	free(v->area);
	free(v->kfree);
	free(v->prob);
	memset(v, 0, sizeof(*v));
}

/* ---- questions over the areas ---- */

kva_t mm_vmalloc_guard_start(const struct mm_kernel *k, const struct mm_vmalloc *v,
			     const struct mm_vmalloc_area *a)
{
	/* Static mappings (iotable_init, vm_reserve_area_early: VM_ARM_STATIC_MAPPING) are given
	 * their exact size by the ARM code, which never goes through __get_vm_area_node. */
	int has_guard = (a->state == MM_VA_LIVE || a->state == MM_VA_SETUP) && a->vm && !a->vm_bad;
	/* VM_NO_GUARD (0x40) exists from 4.0; before, 0x40 was unused and every area had a guard. */
	if (has_guard && v->gen != MM_VA_GEN_VMLIST && v->gen != MM_VA_GEN_FLAGS_LIST &&
	    (a->flags & VM_NO_GUARD))
		has_guard = 0;
	return has_guard && a->size > k->page_size ? a->end - k->page_size : a->end;
}

long mm_vmalloc_gaps(const struct mm_vmalloc *v, kva_t lo, kva_t hi, unsigned free_states,
		     struct mm_vmalloc_gap **out)
{
	struct mm_vmalloc_gap *g = NULL;
	size_t n = 0, cap = 0;
	kva_t cur = lo; /* 32-bit, as every bound here: 64-bit compares cost twice on crash's host */

	*out = NULL;
	for (size_t i = 0; i <= v->narea && cur < hi; i++) {
		kva_t s = hi, e = hi;
		if (i < v->narea && v->area[i].start < hi) {
			const struct mm_vmalloc_area *a = &v->area[i];
			if ((free_states >> a->state) & 1 || a->end <= cur)
				continue;
			s = a->start, e = a->end;
		} else {
			i = v->narea; /* in address order: no later area starts below hi */
		}
		if (s > cur) {
			if (grow((void **)&g, &cap, n, sizeof(*g))) {
				free(g);
				return -1;
			}
			g[n].start = cur;
			g[n].end = s;
			n++;
		}
		if (e > cur)
			cur = e;
	}
	*out = g;
	return (long)n;
}

static int in_range(kva_t a, kva_t lo, kva_t hi)
{
	return a >= lo && a < hi;
}

void mm_vmalloc_lookup(const struct mm_kernel *k, const struct mm_vmalloc *v, kva_t addr,
		       struct mm_vmalloc_lookup *r)
{
	size_t lo = 0, hi = v->narea;
	kva_t rlo, rhi;

	memset(r, 0, sizeof(*r));
	while (lo < hi) { /* first area starting above addr */
		size_t mid = (lo + hi) / 2;
		if (v->area[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && addr < v->area[lo - 1].end) {
		const struct mm_vmalloc_area *a = &v->area[lo - 1];
		kva_t g = mm_vmalloc_guard_start(k, v, a);
		r->area = a;
		if (addr >= g) {
			r->where = MM_VM_GUARD;
			r->offset = addr - g;
		} else {
			r->where = MM_VM_AREA;
			r->offset = addr - a->start;
			r->page_index = r->offset >> k->page_shift;
		}
		return;
	}
	if (in_range(addr, k->vmalloc_start, k->vmalloc_end))
		rlo = k->vmalloc_start, rhi = k->vmalloc_end;
	else if (in_range(addr, k->modules_vaddr, k->modules_end))
		rlo = k->modules_vaddr, rhi = k->modules_end;
	else {
		r->where = MM_VM_OUTSIDE;
		return;
	}
	r->where = MM_VM_HOLE;
	r->below = lo > 0 && v->area[lo - 1].end > rlo ? &v->area[lo - 1] : NULL;
	r->above = lo < v->narea && v->area[lo].start < rhi ? &v->area[lo] : NULL;
	r->hole_start = r->below ? r->below->end : rlo;
	r->hole_end = r->above ? r->above->start : rhi;
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

int mm_vmalloc_fit(const struct mm_kernel *k, const struct mm_vmalloc_gap *gaps, long ngaps,
		   uint64_t size, uint64_t align, unsigned opts, kva_t vstart, kva_t vend,
		   struct mm_vmalloc_fit *f)
{
	memset(f, 0, sizeof(*f));
	f->align = align ? align : 1;
	f->need = align_up(size ? size : 1, k->page_size) + ((opts & MM_FIT_NO_GUARD) ? 0 : k->page_size);
	if ((opts & MM_FIT_AUGMENTED) && f->align > k->page_size)
		f->search_len = f->need + f->align - 1;
	for (long i = 0; i < ngaps; i++) {
		uint64_t s = gaps[i].start > vstart ? gaps[i].start : vstart;
		uint64_t e = gaps[i].end < vend ? gaps[i].end : vend;
		uint64_t a = align_up(s, f->align), usable = a < e ? e - a : 0;

		/* lowest match, as find_vmap_lowest_match(); 5.2+ with a large alignment, only a
		 * gap the augmented search is sure to reach */
		if (usable >= f->need && (!f->search_len || e - s >= f->search_len)) {
			f->fits = 1;
			f->addr = (kva_t)a;
			f->gap = gaps[i];
			f->usable = usable;
			return MM_OK;
		}
		if (usable > f->usable || (!f->gap.end && e > s)) {
			f->usable = usable;
			f->gap = gaps[i];
		}
	}
	f->missing = f->need > f->usable ? f->need - f->usable : 0;
	if (f->search_len && f->gap.end - f->gap.start < f->search_len &&
	    f->search_len - (f->gap.end - f->gap.start) > f->missing)
		f->missing = f->search_len - (f->gap.end - f->gap.start);
	return MM_OK;
}

static int fls64_of(uint64_t x)
{
	int n = 0;
	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

uint64_t mm_vmalloc_ioremap_align(struct mm_kernel *k, const struct mm_vmalloc *v, uint64_t size)
{
	int shift = (int)k->page_shift, max, order;
	/* "ARM: use default ioremap alignment for SMP or LPAE" (4.5: 4.4.1 has 24 for all, 4.5.7
	 * only for !SMP && !LPAE, where __arm_ioremap_pfn_caller can use (super)sections). No
	 * probe marks 4.5 itself: before 4.4 (no nr_reserved_highatomic) it is 24 for all, from
	 * 4.6 (gfpflag_names, the 4.9 llist purge list, 5.0 watermark_boost) the rule; 4.4-4.5
	 * are taken as 4.4. */
	int up_to_44 = k->off.zone_nr_reserved_highatomic < 0 ||
		       (!mm_has_symbol(k, "gfpflag_names") && v->gen <= MM_VA_GEN_FLAGS_LIST &&
			k->off.zone_watermark_boost < 0);
	int big = up_to_44 || (!k->lpae && !mm_has_symbol(k, "__per_cpu_offset"));

	max = big ? 24 : shift + 7;
	if (v->gen <= MM_VA_GEN_FLAGS_LIST) /* <= 4.8: fls(size), size as passed */
		order = fls64_of(size);
	else { /* 4.9+ "fix align value calculation error": get_count_order_long(PAGE_ALIGN(size)) */
		uint64_t a = align_up(size ? size : 1, k->page_size);
		order = fls64_of(a - 1);
	}
	if (order < shift)
		order = shift;
	if (order > max)
		order = max;
	return 1ull << order;
}

int mm_vmalloc_stats(const struct mm_vmalloc *v, kva_t lo, kva_t hi, struct mm_vmalloc_stats *s)
{
	struct mm_vmalloc_gap *g;
	long ng;

	memset(s, 0, sizeof(*s));
	s->lo = lo;
	s->hi = hi;
	s->total = hi > lo ? hi - lo : 0;
	for (size_t i = 0; i < v->narea && v->area[i].start < hi; i++) {
		const struct mm_vmalloc_area *a = &v->area[i];
		kva_t st = a->start > lo ? a->start : lo, en = a->end < hi ? a->end : hi;
		if (st >= en)
			continue;
		s->bytes[a->state] += en - st;
		s->count[a->state]++;
	}
	ng = mm_vmalloc_gaps(v, lo, hi, 0, &g);
	if (ng < 0)
		return MM_ENOMEM;
	for (long i = 0; i < ng; i++) {
		uint32_t len = g[i].end - g[i].start;
		int b = 31 - __builtin_clz(len);
		s->free += len;
		s->hist[b]++;
		s->hist_bytes[b] += len;
		if (len > s->largest.end - s->largest.start)
			s->largest = g[i];
	}
	s->ngaps = (uint32_t)ng;
	s->frag = s->free ? 1.0 - (double)(s->largest.end - s->largest.start) / (double)s->free : 0;
	free(g);
	return MM_OK;
}

static int by_caller(const void *x, const void *y)
{
	const struct mm_vmalloc_caller *a = x, *b = y;
	return (a->caller > b->caller) - (a->caller < b->caller);
}
static int by_bytes(const void *x, const void *y)
{
	const struct mm_vmalloc_caller *a = x, *b = y;
	if (a->bytes != b->bytes)
		return a->bytes < b->bytes ? 1 : -1;
	return by_caller(x, y);
}
static int by_count(const void *x, const void *y)
{
	const struct mm_vmalloc_caller *a = x, *b = y;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return by_bytes(x, y);
}

/* One entry per distinct caller: areas are summed into an open-addressed table (thousands of
 * areas, a few hundred callers), then only the callers are sorted. */
long mm_vmalloc_callers(const struct mm_vmalloc *v, kva_t lo, kva_t hi, int count_order,
			struct mm_vmalloc_caller **out)
{
	size_t cap = 16, m = 0;
	struct mm_vmalloc_caller *c;
	uint32_t *slot;

	*out = NULL;
	while (cap < 2 * v->narea)
		cap *= 2;
	c = malloc((v->narea ? v->narea : 1) * sizeof(*c)); /* m entries used, each set on first use */
	slot = malloc(cap * sizeof(*slot));
	if (!c || !slot) {
		free(c);
		free(slot);
		return -1;
	}
	memset(slot, 0xff, cap * sizeof(*slot));
	for (size_t i = 0; i < v->narea && v->area[i].start < hi; i++) {
		const struct mm_vmalloc_area *a = &v->area[i];
		size_t h;

		if ((a->state != MM_VA_LIVE && a->state != MM_VA_STATIC) || a->start < lo)
			continue;
		for (h = (a->caller * 0x9e3779b1u) & (cap - 1); slot[h] != UINT32_MAX; h = (h + 1) & (cap - 1))
			if (c[slot[h]].caller == a->caller)
				break;
		if (slot[h] == UINT32_MAX) {
			slot[h] = (uint32_t)m;
			c[m++] = (struct mm_vmalloc_caller){ .caller = a->caller };
		}
		c[slot[h]].bytes += a->size;
		c[slot[h]].count++;
	}
	free(slot);
	mm_vmalloc_callers_sort(c, (long)m, count_order);
	*out = c;
	return (long)m;
}

void mm_vmalloc_callers_sort(struct mm_vmalloc_caller *c, long n, int count_order)
{
	if (n > 0)
		qsort(c, (size_t)n, sizeof(*c), count_order ? by_count : by_bytes);
}

/* ---- %pS ---- */

/* The symbol covering addr: its name and start, from the target's "name+off" answer (crash
 * gives the offset in hex, other targets may give decimal). */
static int symbol_at(struct mm_kernel *k, uint64_t addr, char *name, size_t len, uint64_t *start)
{
	char buf[160], *plus;
	uint64_t off = 0;

	if (mm_symbol_lookup(k, addr, buf, sizeof(buf)))
		return -1;
	plus = strrchr(buf, '+');
	if (plus) {
		char *end;
		off = strtoull(plus + 1, &end, 0);
		if (end == plus + 1)
			return -1;
		*plus = 0;
	}
	snprintf(name, len, "%s", buf);
	*start = addr - off;
	return 0;
}

static int same_symbol(struct mm_kernel *k, uint64_t addr, const char *name, uint64_t start)
{
	char n[160];
	uint64_t s;
	return symbol_at(k, addr, n, sizeof(n), &s) == 0 && s == start && !strcmp(n, name);
}

/* kallsyms sizes a symbol as the distance to the next one: gallop, then bisect, for the
 * first address no longer inside the symbol. */
static uint64_t symbol_size(struct mm_kernel *k, const char *name, uint64_t start)
{
	uint64_t in = 0, out = 16;

	while (same_symbol(k, start + out, name, start)) {
		in = out;
		if (out >= (1u << 22))
			return 0; /* no end found: the size is unknown */
		out *= 2;
	}
	while (out - in > 1) {
		uint64_t mid = in + (out - in) / 2;
		if (same_symbol(k, start + mid, name, start))
			in = mid;
		else
			out = mid;
	}
	return out;
}

/* %pS texts of the current read scope: thousands of areas share a few callers, and each text
 * costs a symbol look-up per step of symbol_size's search (slow under crash). */
struct ps_memo {
	const struct mm_kernel *k;
	unsigned gen;
	kva_t addr;
	char text[200];
};
static struct ps_memo ps_memo[256];

static const char *caller_ps(struct mm_kernel *k, kva_t addr, char *buf, size_t len);

const char *mm_vmalloc_caller_ps(struct mm_kernel *k, kva_t addr, char *buf, size_t len)
{
	struct ps_memo *m = &ps_memo[(addr >> 2) % (sizeof(ps_memo) / sizeof(ps_memo[0]))];

	if (!k->rcache_depth || len > sizeof(m->text))
		return caller_ps(k, addr, buf, len);
	if (m->k != k || m->gen != k->scope_gen || m->addr != addr) {
		caller_ps(k, addr, m->text, sizeof(m->text));
		m->k = k;
		m->gen = k->scope_gen;
		m->addr = addr;
	}
	snprintf(buf, len, "%s", m->text);
	return buf;
}

static const char *caller_ps(struct mm_kernel *k, kva_t addr, char *buf, size_t len)
{
	char name[160], mod[64];
	uint64_t start, size;
	size_t n;

	if (symbol_at(k, addr, name, sizeof(name), &start)) {
		snprintf(buf, len, "0x%x", addr);
		return buf;
	}
	size = symbol_size(k, name, start);
	if (size)
		n = (size_t)snprintf(buf, len, "%s+0x%llx/0x%llx", name, (unsigned long long)(addr - start),
				     (unsigned long long)size);
	else
		n = (size_t)snprintf(buf, len, "%s+0x%llx", name, (unsigned long long)(addr - start));
	/* kallsyms names the module of a module symbol */
	if (n < len && (addr < k->text || addr >= k->end) && mm_module_of(k, addr, mod, sizeof(mod)) == 0)
		snprintf(buf + n, len - n, " [%s]", mod);
	return buf;
}
