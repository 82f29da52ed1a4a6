/* vmalloc bookkeeping of a synthetic dump, in the layout of the profile's generation:
 *   3.4  vmlist of vm_struct (next-linked, NULL-terminated)
 *   4.19 vmap_area_list; vmap_area.flags (VM_LAZY_FREE 0x02, VM_VM_AREA 0x04); lazily freed
 *        areas stay on the list and are also on the vmap_purge_list llist
 *   5.10 (synth_vmalloc_new_as 510) vmap_area_list, no flags; lazily freed areas unlinked from
 *        it and pushed on the vmap_purge_list llist (purge_list in the union with vm)
 *   6.1  vmap_area_list, no flags, vm in a union; purge_vmap_area_list; free_vmap_area_list
 *   6.9  the static node `single`: busy / lazy rb_lists and pool[]; VMAP_RAM flags. As on a
 *        real 32-bit kernel the vmap_nodes pointer is folded away (only single and
 *        nr_vmap_nodes are symbols); synth_vmalloc_unfold_nodes adds it, as 64-bit keeps it.
 * Areas are allocated when added and linked in address order by synth_vmalloc_finish, which
 * also lays down the free list (5.2+) from the gaps: call it once, before corrupting. */
#ifndef SYNTH_VMALLOC_H
#define SYNTH_VMALLOC_H
#include "synth.h"

#define SYNTH_VM_IOREMAP 0x1u
#define SYNTH_VM_ALLOC 0x2u
#define SYNTH_VM_MAP 0x4u
#define SYNTH_VM_USERMAP 0x8u
#define SYNTH_VM_NO_GUARD 0x40u
#define SYNTH_VM_ARM_STATIC 0x40000000u

/* PURGING: lazily freed and taken off the purge list by a purge that has not merged it into
 * the free list yet (on a private list): on no list, counted in vmap_lazy_nr. */
enum synth_va_kind { SYNTH_VA_LIVE, SYNTH_VA_VM_MAP_RAM, SYNTH_VA_LAZY, SYNTH_VA_POOLED, SYNTH_VA_PURGING };

struct synth_va {
	enum synth_va_kind kind;
	uint32_t start, size;
	uint32_t va;   /* vmap_area (0 on 3.4) */
	uint32_t vm;   /* vm_struct (0 without one) */
};

struct synth_vmalloc {
	struct synth *s;
	int gen;
	struct synth_va *v;
	size_t n, cap;
};

/* Declares the generation's types and symbols; empty lists. */
struct synth_vmalloc *synth_vmalloc_new(struct synth *s);
/* The same in the layout of another generation than the profile's (510: 5.4-5.10, no flags,
 * lazily freed areas only on the vmap_purge_list llist through vmap_area.purge_list). */
struct synth_vmalloc *synth_vmalloc_new_as(struct synth *s, int gen);
void synth_vmalloc_free(struct synth_vmalloc *b);
/* A live area [start, start+size) (size includes the guard page); returns its index. */
int synth_vmalloc_area(struct synth_vmalloc *b, uint32_t start, uint32_t size, uint32_t flags,
		       uint32_t caller, uint32_t nr_pages, uint64_t phys);
/* A vm_map_ram area, a lazily freed one, a pooled free one (6.9). */
int synth_vmalloc_other(struct synth_vmalloc *b, enum synth_va_kind kind, uint32_t start,
			uint32_t size);
/* 6.9+: adds the vmap_nodes variable pointing at single (the unfolded, 64-bit form). */
void synth_vmalloc_unfold_nodes(struct synth_vmalloc *b);
/* Links everything in address order, builds the free list and sets vmap_lazy_nr. */
void synth_vmalloc_finish(struct synth_vmalloc *b);
/* A loaded module `name` whose core image is [base, base+size) (4.5-6.3 core_layout), on the
 * `modules` list, for naming module callers. */
void synth_vmalloc_module(struct synth_vmalloc *b, const char *name, uint32_t base, uint32_t size);
/* The list head the walker starts from (vmlist variable, vmap_area_list, node busy head). */
uint32_t synth_vmalloc_head(struct synth_vmalloc *b);

#endif
