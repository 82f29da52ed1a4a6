/* The region map: one table per model, top-down, from the model's constants, symbols and the
 * page tables (for what exists only when mapped). */
#include "layout.h"
#include "pgtable.h"
#include "../list.h"
#include "../read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VECTORS_BASE 0xffff0000u
#define PCI_IO_VIRT_BASE 0xfee00000u
#define CONSISTENT_END 0xffe00000u
#define FDT_FIXED_BASE 0xff800000u
#define FDT_FIXED_END 0xffc00000u

static const char *const kind_names[] = {
	[MM_REGION_NONE] = "unused", [MM_REGION_USER] = "user", [MM_REGION_MODULES] = "modules",
	[MM_REGION_PKMAP] = "pkmap", [MM_REGION_LOWMEM] = "lowmem", [MM_REGION_KERNEL] = "kernel",
	[MM_REGION_VMALLOC] = "vmalloc", [MM_REGION_STATIC_MAP] = "static map",
	[MM_REGION_DMA] = "dma", [MM_REGION_FDT] = "fdt", [MM_REGION_GUARD] = "guard",
	[MM_REGION_FIXMAP] = "fixmap", [MM_REGION_VECTORS] = "vectors",
};

const char *mm_region_kind_name(enum mm_region_kind kind)
{
	return kind <= MM_REGION_VECTORS ? kind_names[kind] : "?";
}

static int add(struct mm_layout *l, enum mm_region_kind kind, const char *name, kva_t start,
	       uint64_t end, int parent)
{
	if (l->n >= MM_MAX_REGIONS || end <= start)
		return -1;
	l->r[l->n] = (struct mm_region){ kind, name, start, end, parent };
	return l->n++;
}

static int mapped(struct mm_kernel *k, kva_t va)
{
	struct mm_walk w;
	return mm_pt_walk(k, va, &w, NULL) == MM_OK;
}

/* Kernel image sections, from the linker symbols (absent ones are skipped). */
static void add_image(struct mm_kernel *k, struct mm_layout *l, int lowmem)
{
	uint64_t end_rodata;
	kva_t rodata_end = k->init_begin;

	if (mm_symbol(k, "__end_rodata", &end_rodata, NULL) == 0)
		rodata_end = (kva_t)end_rodata;
	if (k->swapper_pg_dir && k->swapper_pg_dir < k->text)
		add(l, MM_REGION_KERNEL, "page directory", k->swapper_pg_dir,
		    k->swapper_pg_dir + (k->lpae ? 0x5000u : 0x4000u), lowmem);
	if (k->text && k->etext)
		add(l, MM_REGION_KERNEL, ".text", k->text, k->etext, lowmem);
	if (k->rodata && rodata_end)
		add(l, MM_REGION_KERNEL, ".rodata", k->rodata, rodata_end, lowmem);
	if (k->init_begin && k->init_end)
		add(l, MM_REGION_KERNEL, ".init", k->init_begin, k->init_end, lowmem);
	if (k->sdata && k->edata)
		add(l, MM_REGION_KERNEL, ".data", k->sdata, k->edata, lowmem);
	if (k->bss_start && k->bss_stop)
		add(l, MM_REGION_KERNEL, ".bss", k->bss_start, k->bss_stop, lowmem);
}

struct static_ctx {
	struct mm_layout *l;
	int parent;       /* the region the mappings of this pass go under */
	kva_t lo, hi;     /* lowmem: the mappings starting there are the second pass's */
	int in_lowmem;    /* which pass */
	const char *name; /* NULL: "PCI I/O" / "static I/O" */
};

static int add_static(struct mm_kernel *k, kva_t sv, void *arg)
{
	struct static_ctx *c = arg;
	uint8_t buf[64];
	long vm = k->off.static_vm_vm;
	long len = (k->off.vm_struct_addr > k->off.vm_struct_size ? k->off.vm_struct_addr
								   : k->off.vm_struct_size) + 4;
	kva_t addr;
	uint32_t size;
	struct mm_err err;

	if (len > (long)sizeof(buf) || mm_read(k, sv + (kva_t)vm, MM_KVADDR, buf, (size_t)len, &err))
		return MM_EREAD;
	addr = mm_get32(buf, sizeof(buf), k->off.vm_struct_addr);
	size = mm_get32(buf, sizeof(buf), k->off.vm_struct_size);
	if ((uint64_t)addr + size > 0x100000000ull)
		return MM_ECORRUPT;
	if ((addr >= c->lo && addr < c->hi) != c->in_lowmem)
		return 0;
	add(c->l, MM_REGION_STATIC_MAP,
	    c->name ? c->name : addr == PCI_IO_VIRT_BASE ? "PCI I/O" : "static I/O", addr,
	    (uint64_t)addr + size, c->parent);
	return 0;
}

/* Static mappings (iotable_init, pci_reserve_io) are on static_vmlist (3.10+), most in vmalloc
 * space; dma_contiguous_remap() puts each CMA area there too, at its lowmem address. Two
 * passes: the others under vmalloc, then those in lowmem under lowmem. */
static void add_static_maps(struct mm_kernel *k, struct mm_layout *l, int parent, int in_lowmem,
			    const char *name)
{
	struct static_ctx c = { l, parent, k->page_offset, k->high_memory, in_lowmem, name };
	struct mm_err err = { 0 };
	uint64_t head;

	if (mm_symbol(k, "static_vmlist", &head, NULL))
		return; /* <= 3.9: they are on vmlist with the vmalloc areas */
	if (MM_NEED(k, &err, static_vm, vm) || MM_NEED(k, &err, static_vm, list) ||
	    MM_NEED(k, &err, vm_struct, addr) || MM_NEED(k, &err, vm_struct, size) ||
	    mm_list_walk(k, (kva_t)head, k->off.static_vm_list, 64, add_static, &c, &err) < 0) {
		if (l->nstatic_errors++) /* the second pass met the first one's error */
			return;
		snprintf(l->static_error, sizeof(l->static_error), "static_vmlist: %s", err.msg);
	}
}

static void build(struct mm_kernel *k, struct mm_layout *l)
{
	uint32_t consistent;
	int lowmem, vmalloc;

	add(l, MM_REGION_VECTORS, "vectors", VECTORS_BASE, VECTORS_BASE + 0x1000u, -1);
	if (mapped(k, VECTORS_BASE + 0x1000u)) /* 3.11+: the stubs page after the vectors */
		add(l, MM_REGION_VECTORS, "vector stubs", VECTORS_BASE + 0x1000u, VECTORS_BASE + 0x2000u, -1);
	add(l, MM_REGION_FIXMAP, "fixmap", k->fixaddr_start, k->fixaddr_end, -1);
	if (k->fdt_window) {
		add(l, MM_REGION_GUARD, "fixmap guard", FDT_FIXED_END, k->fixaddr_start, -1);
		add(l, MM_REGION_FDT, "DT blob", FDT_FIXED_BASE, FDT_FIXED_END, -1);
	}
	if (mm_read_sym_u32(k, "consistent_base", &consistent, NULL) == 0 &&
	    consistent >= k->vmalloc_end && consistent < CONSISTENT_END)
		add(l, MM_REGION_DMA, "DMA consistent", consistent, CONSISTENT_END, -1);
	vmalloc = add(l, MM_REGION_VMALLOC, "vmalloc", k->vmalloc_start, k->vmalloc_end, -1);
	if (vmalloc >= 0)
		add_static_maps(k, l, vmalloc, 0, NULL);
	lowmem = add(l, MM_REGION_LOWMEM, "lowmem", k->page_offset, k->high_memory, -1);
	if (lowmem >= 0) {
		add_image(k, l, lowmem);
		add_static_maps(k, l, lowmem, 1, "DMA remap (CMA)");
	}
	if (k->has_highmem)
		add(l, MM_REGION_PKMAP, "pkmap", k->pkmap_base,
		    (uint64_t)k->pkmap_base + (uint64_t)k->last_pkmap * k->page_size, -1);
	add(l, MM_REGION_MODULES, "modules", k->modules_vaddr, k->modules_end, -1);
	add(l, MM_REGION_USER, "user", 0, k->task_size, -1);
}

const struct mm_layout *mm_layout(struct mm_kernel *k)
{
	static struct mm_layout empty;

	if (!k->layout) {
		k->layout = calloc(1, sizeof(*k->layout));
		if (!k->layout)
			return &empty;
		build(k, k->layout);
	}
	return k->layout;
}

enum mm_region_kind mm_region_of(struct mm_kernel *k, uint64_t va, struct mm_region *out)
{
	const struct mm_layout *l = mm_layout(k);
	const struct mm_region *best = NULL;
	uint64_t lo = 0, hi = 0x100000000ull;

	for (int i = 0; i < l->n; i++) {
		const struct mm_region *r = &l->r[i];
		if (va >= r->start && va < r->end) {
			if (!best || r->end - r->start < best->end - best->start)
				best = r;
		} else if (r->end <= va && r->end > lo)
			lo = r->end;
		else if (r->start > va && r->start < hi)
			hi = r->start;
	}
	if (best) {
		*out = *best;
		return out->kind;
	}
	*out = (struct mm_region){ MM_REGION_NONE, "unused", (kva_t)lo, hi, -1 };
	return MM_REGION_NONE;
}
