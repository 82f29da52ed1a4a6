/* vmalloc bookkeeping of synthetic dumps, generation by generation (see synth_vmalloc.h). */
#include "synth_vmalloc.h"
#include "synth_modules.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096u
#define NR_POOLS 256 /* MAX_VA_SIZE_PAGES */
#define VM_LAZY_FREE_4_19 0x02u
#define VM_VM_AREA_4_19 0x04u
#define VMAP_RAM 0x01u

static void declare(struct synth *s, int gen, int lpae)
{
	long psz = lpae ? 8 : 4;

	/* vm_struct: the same members from 3.4 to 6.9 on ARM; phys_addr_t grows with LPAE. */
	synth_struct(s, "vm_struct", (struct synth_field[]){
		{ "next", 4, 0 }, { "addr", 4, 0 }, { "size", 4, 0 }, { "flags", 4, 0 }, { "pages", 4, 0 },
		{ "nr_pages", 4, 0 }, { "phys_addr", psz, 0 }, { "caller", 4, 0 }, { NULL, 0, 0 } });
	if (gen < 310)
		return; /* vmlist kernels: vmap_area is private and its list static */
	if (gen < 504) /* 4.9-5.1: flags, llist purge_list, vm, rcu_head */
		synth_struct(s, "vmap_area", (struct synth_field[]){
			{ "va_start", 4, 0 }, { "va_end", 4, 0 }, { "flags", 4, 0 }, { "rb_node", 12, 0 },
			{ "list", 8, 0 }, { "purge_list", 4, 0 }, { "vm", 4, 0 }, { "rcu_head", 8, 0 }, { NULL, 0, 0 } });
	else if (gen < 511) { /* 5.4-5.10: no flags; union { subtree_max_size; vm; purge_list } */
		synth_struct(s, "vmap_area", (struct synth_field[]){
			{ "va_start", 4, 0 }, { "va_end", 4, 0 }, { "rb_node", 12, 0 }, { "list", 8, 0 },
			{ "vm", 4, 0 }, { NULL, 0, 0 } });
		synth_member(s, "vmap_area", "subtree_max_size", synth_off(s, "vmap_area", "vm"), 4);
		synth_member(s, "vmap_area", "purge_list", synth_off(s, "vmap_area", "vm"), 4);
	} else if (gen < 603) { /* 5.11-6.2: union { subtree_max_size; vm } */
		synth_struct(s, "vmap_area", (struct synth_field[]){
			{ "va_start", 4, 0 }, { "va_end", 4, 0 }, { "rb_node", 12, 0 }, { "list", 8, 0 },
			{ "vm", 4, 0 }, { NULL, 0, 0 } });
		synth_member(s, "vmap_area", "subtree_max_size", synth_off(s, "vmap_area", "vm"), 4);
	} else { /* 6.3+: the union, then flags */
		synth_struct(s, "vmap_area", (struct synth_field[]){
			{ "va_start", 4, 0 }, { "va_end", 4, 0 }, { "rb_node", 12, 0 }, { "list", 8, 0 },
			{ "vm", 4, 0 }, { "flags", 4, 0 }, { NULL, 0, 0 } });
		synth_member(s, "vmap_area", "subtree_max_size", synth_off(s, "vmap_area", "vm"), 4);
	}
	if (gen >= 609) {
		synth_struct(s, "vmap_pool", (struct synth_field[]){
			{ "head", 8, 0 }, { "len", 4, 0 }, { NULL, 0, 0 } });
		synth_struct(s, "rb_list", (struct synth_field[]){
			{ "root", 4, 0 }, { "head", 8, 0 }, { "lock", 4, 0 }, { NULL, 0, 0 } });
		synth_struct(s, "vmap_node", (struct synth_field[]){
			{ "pool", NR_POOLS * synth_size(s, "vmap_pool"), 4 }, { "pool_lock", 4, 0 },
			{ "skip_populate", 1, 0 }, { "busy", 16, 4 }, { "lazy", 16, 4 },
			{ "purge_list", 8, 0 }, { "purge_work", 16, 4 }, { "nr_purged", 4, 0 }, { NULL, 0, 0 } });
	}
}

static uint32_t node_list(struct synth_vmalloc *b, const char *which)
{
	return synth_symval(b->s, "single") + (uint32_t)synth_off(b->s, "vmap_node", which) +
	       (uint32_t)synth_off(b->s, "rb_list", "head");
}

struct synth_vmalloc *synth_vmalloc_new(struct synth *s)
{
	return synth_vmalloc_new_as(s, synth_prof(s)->gen);
}

struct synth_vmalloc *synth_vmalloc_new_as(struct synth *s, int gen)
{
	struct synth_vmalloc *b = calloc(1, sizeof(*b));

	if (!b)
		abort();
	b->s = s;
	b->gen = gen;
	declare(s, gen, synth_prof(s)->lpae);
	/* vmlist exists in every generation; from 3.10 it is __initdata, freed after boot, so
	 * newer dumps hold a stale pointer there, in the init section, that no walker may follow. */
	if (gen < 310)
		synth_w32(s, synth_var(s, "vmlist", 4), 0);
	else {
		synth_sym(s, "vmlist", synth_symval(s, "__init_begin") + 0x724, 4);
		synth_w32(s, synth_symval(s, "vmlist"), 0xdead0000u);
	}
	if (gen >= 310 && gen < 609)
		synth_list_init(s, synth_var(s, "vmap_area_list", 8));
	if (gen >= 409 && gen < 511)
		synth_var(s, "vmap_purge_list", 4); /* llist_head, empty */
	if (gen >= 511 && gen < 609)
		synth_list_init(s, synth_var(s, "purge_vmap_area_list", 8));
	if (gen >= 502)
		synth_list_init(s, synth_var(s, "free_vmap_area_list", 8));
	if (gen >= 609) {
		uint32_t node = synth_var(s, "single", (uint32_t)synth_size(s, "vmap_node"));
		uint32_t pool0 = node + (uint32_t)synth_off(s, "vmap_node", "pool");
		/* 32-bit: vmap_nodes (= &single, reassigned only on 64-bit) is folded away */
		synth_w32(s, synth_var(s, "nr_vmap_nodes", 4), 1);
		for (uint32_t i = 0; i < NR_POOLS; i++)
			synth_list_init(s, pool0 + i * (uint32_t)synth_size(s, "vmap_pool"));
		synth_list_init(s, node_list(b, "busy"));
		synth_list_init(s, node_list(b, "lazy"));
	}
	return b;
}

void synth_vmalloc_unfold_nodes(struct synth_vmalloc *b)
{
	synth_w32(b->s, synth_var(b->s, "vmap_nodes", 4), synth_symval(b->s, "single"));
}

void synth_vmalloc_free(struct synth_vmalloc *b)
{
	if (b)
		free(b->v);
	free(b);
}

static int push(struct synth_vmalloc *b, struct synth_va v)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = realloc(b->v, b->cap * sizeof(*b->v));
		if (!b->v)
			abort();
	}
	b->v[b->n] = v;
	return (int)b->n++;
}

static uint32_t new_va(struct synth_vmalloc *b, uint32_t start, uint32_t size)
{
	uint32_t va = synth_alloc(b->s, (uint32_t)synth_size(b->s, "vmap_area"), 8);
	synth_wm(b->s, va, "vmap_area", "va_start", start);
	synth_wm(b->s, va, "vmap_area", "va_end", start + size);
	return va;
}

int synth_vmalloc_area(struct synth_vmalloc *b, uint32_t start, uint32_t size, uint32_t flags,
		       uint32_t caller, uint32_t nr_pages, uint64_t phys)
{
	struct synth *s = b->s;
	struct synth_va v = { SYNTH_VA_LIVE, start, size, 0, 0 };

	v.vm = synth_alloc(s, (uint32_t)synth_size(s, "vm_struct"), 8);
	synth_wm(s, v.vm, "vm_struct", "addr", start);
	synth_wm(s, v.vm, "vm_struct", "size", size);
	synth_wm(s, v.vm, "vm_struct", "flags", flags);
	synth_wm(s, v.vm, "vm_struct", "caller", caller);
	synth_wm(s, v.vm, "vm_struct", "nr_pages", nr_pages);
	synth_wm(s, v.vm, "vm_struct", "phys_addr", phys);
	if (nr_pages) /* the struct page * array: kmalloc'd for small areas */
		synth_wm(s, v.vm, "vm_struct", "pages", synth_alloc(s, 4 * nr_pages, 4));
	if (b->gen >= 310) {
		v.va = new_va(b, start, size);
		synth_wm(s, v.va, "vmap_area", "vm", v.vm);
		if (b->gen < 504)
			synth_wm(s, v.va, "vmap_area", "flags", VM_VM_AREA_4_19);
	}
	return push(b, v);
}

int synth_vmalloc_other(struct synth_vmalloc *b, enum synth_va_kind kind, uint32_t start,
			uint32_t size)
{
	struct synth_va v = { kind, start, size, 0, 0 };

	if (b->gen < 310) {
		fprintf(stderr, "synth: vmlist kernels keep only live areas\n");
		abort();
	}
	v.va = new_va(b, start, size);
	if (b->gen < 504 && kind == SYNTH_VA_LAZY)
		synth_wm(b->s, v.va, "vmap_area", "flags", VM_LAZY_FREE_4_19);
	if (b->gen >= 603 && kind == SYNTH_VA_VM_MAP_RAM)
		synth_wm(b->s, v.va, "vmap_area", "flags", VMAP_RAM);
	return push(b, v);
}

uint32_t synth_vmalloc_head(struct synth_vmalloc *b)
{
	if (b->gen < 310)
		return synth_symval(b->s, "vmlist");
	if (b->gen < 609)
		return synth_symval(b->s, "vmap_area_list");
	return node_list(b, "busy");
}

static int cmp_start(const void *x, const void *y)
{
	const struct synth_va *a = x, *c = y;
	return (a->start > c->start) - (a->start < c->start);
}

/* Where a kind of area is listed in this generation (0: on no list_head). Lazily freed areas
 * stay on the busy list up to 5.3; 5.4-5.10 unlink them (only the vmap_purge_list llist). */
static uint32_t list_of(struct synth_vmalloc *b, enum synth_va_kind kind)
{
	if (kind == SYNTH_VA_PURGING)
		return 0;
	if (kind == SYNTH_VA_LIVE || kind == SYNTH_VA_VM_MAP_RAM || b->gen < 504)
		return synth_vmalloc_head(b);
	if (kind == SYNTH_VA_LAZY && b->gen < 511)
		return 0;
	if (kind == SYNTH_VA_LAZY)
		return b->gen < 609 ? synth_symval(b->s, "purge_vmap_area_list") : node_list(b, "lazy");
	return 0; /* pooled: its own pool list */
}

static void add_free(struct synth_vmalloc *b, uint32_t start, uint32_t end)
{
	uint32_t va = new_va(b, start, end - start);
	synth_list_add_tail(b->s, synth_symval(b->s, "free_vmap_area_list"),
			    va + (uint32_t)synth_off(b->s, "vmap_area", "list"));
}

void synth_vmalloc_finish(struct synth_vmalloc *b)
{
	struct synth *s = b->s;
	uint32_t prev_vm = 0, list_off = 0, cur = 1;

	if (b->n)
		qsort(b->v, b->n, sizeof(*b->v), cmp_start);
	if (b->gen >= 310)
		list_off = (uint32_t)synth_off(s, "vmap_area", "list");
	for (size_t i = 0; i < b->n; i++) {
		struct synth_va *v = &b->v[i];
		if (b->gen < 310) { /* vmlist: next-linked from the variable */
			synth_w32(s, prev_vm ? prev_vm + (uint32_t)synth_off(s, "vm_struct", "next")
					     : synth_symval(s, "vmlist"), v->vm);
			prev_vm = v->vm;
			continue;
		}
		if (v->kind == SYNTH_VA_POOLED) {
			uint32_t pool = synth_symval(s, "single") + (uint32_t)synth_off(s, "vmap_node", "pool") +
					(v->size / PAGE - 1) * (uint32_t)synth_size(s, "vmap_pool");
			synth_list_add_tail(s, pool, v->va + list_off);
			continue;
		}
		if (list_of(b, v->kind))
			synth_list_add_tail(s, list_of(b, v->kind), v->va + list_off);
		if (v->kind == SYNTH_VA_LAZY && b->gen >= 409 && b->gen < 511) {
			/* on the vmap_purge_list llist (pushed at the head: newest first) */
			uint32_t head = synth_symval(s, "vmap_purge_list");
			uint32_t node = v->va + (uint32_t)synth_off(s, "vmap_area", "purge_list");
			synth_w32(s, node, synth_r32(s, head));
			synth_w32(s, head, node);
		}
	}
	if (b->gen >= 310) { /* the pages of every lazily freed area, listed or being purged */
		uint32_t lazy = 0;
		for (size_t i = 0; i < b->n; i++)
			if (b->v[i].kind == SYNTH_VA_LAZY || b->v[i].kind == SYNTH_VA_PURGING)
				lazy += b->v[i].size / PAGE;
		synth_w32(s, synth_var(s, "vmap_lazy_nr", 4), lazy);
	}
	if (b->gen < 502)
		return;
	/* The free list covers [1, ULONG_MAX) less every busy, lazy and pooled area, as
	 * vmap_init_free_space() and the merges keep it. */
	for (size_t i = 0; i < b->n; i++) {
		if (b->v[i].start > cur)
			add_free(b, cur, b->v[i].start);
		if (b->v[i].start + b->v[i].size > cur)
			cur = b->v[i].start + b->v[i].size;
	}
	add_free(b, cur, 0xffffffffu);
}

void synth_vmalloc_module(struct synth_vmalloc *b, const char *name, uint32_t base, uint32_t size)
{
	if (!synth_symval(b->s, "modules"))
		synth_modules_init(b->s);
	synth_module_add(b->s, name, base, 0, size);
}
