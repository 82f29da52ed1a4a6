/* Resolves the kernel model once per dump. Each fact comes from the most direct source the dump
 * offers (VMCOREINFO-style config, then symbols, then the debug info), and every generation is
 * told apart by which symbols and members exist. */
#include "kernel.h"
#include "read.h"
#include "modules.h"
#include "module_syms.h"
#include "digits.h"
#include "arm/pgtable.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ_1M 0x100000u
#define SZ_2M 0x200000u
#define SZ_8M 0x800000u
#define SZ_16M 0x1000000u

int mm_symbol(struct mm_kernel *k, const char *name, uint64_t *value, struct mm_err *err)
{
	if (k->t->ops->symbol(k->t->ctx, name, value))
		return mm_err_set(err, MM_EABSENT, "symbol %s not found", name);
	return MM_OK;
}

int mm_has_symbol(struct mm_kernel *k, const char *name)
{
	uint64_t v;
	return k->t->ops->symbol(k->t->ctx, name, &v) == 0;
}

int mm_has_member(struct mm_kernel *k, const char *type, const char *member)
{
	return k->t->ops->member_offset(k->t->ctx, type, member) >= 0;
}

int mm_enum(struct mm_kernel *k, const char *name, long *value)
{
	if (!k->t->ops->enum_value)
		return MM_EABSENT;
	return k->t->ops->enum_value(k->t->ctx, name, value) ? MM_EABSENT : MM_OK;
}

const char *mm_symbol_name(struct mm_kernel *k, uint64_t addr, char *buf, size_t len)
{
	if (mm_symbol_lookup(k, addr, buf, len) && len) {
		char hex[16], *p = mm_hex_before(hex + sizeof(hex), addr); /* asked per vmalloc area */
		size_t n = (size_t)(hex + sizeof(hex) - p);

		if (n > len - 1)
			n = len - 1;
		memcpy(buf, p, n);
		buf[n] = 0;
	}
	return buf;
}

#define VMCOREINFO_MAX 16384u /* the kernel's buffer is a page (VMCOREINFO_BYTES) */

/* vmcoreinfo_data: a char array up to 4.14, a pointer to a page since. NULL when unreadable. */
static char *vmcoreinfo_from_memory(struct mm_kernel *k)
{
	uint64_t data, size_sym;
	uint32_t buf_at, size;
	long alen = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, "vmcoreinfo_data") : -1;
	char *text;

	if (mm_symbol(k, "vmcoreinfo_data", &data, NULL) || mm_symbol(k, "vmcoreinfo_size", &size_sym, NULL)) {
		k->vmcoreinfo_tried = 1; /* not in this kernel: never ask again */
		return NULL;
	}
	if (mm_read(k, (kva_t)size_sym, MM_KVADDR, &size, 4, NULL) || !size || size > VMCOREINFO_MAX)
		return NULL;
	if (alen > 0)
		buf_at = (uint32_t)data;
	else if (mm_read(k, (kva_t)data, MM_KVADDR, &buf_at, 4, NULL) || !buf_at)
		return NULL;
	if (!(text = calloc(1, (size_t)size + 1)))
		return NULL;
	if (mm_read(k, buf_at, MM_KVADDR, text, size, NULL)) {
		free(text);
		return NULL;
	}
	k->vmcoreinfo_tried = 1;
	return text;
}

/* "KEY=value" or "NUMBER(KEY)=value" at the start of a line of text */
static int vmcoreinfo_value(const char *text, const char *name, char *buf, size_t len)
{
	char key[96];

	for (int pass = 0; pass < 2; pass++) {
		size_t n = (size_t)snprintf(key, sizeof(key), pass ? "NUMBER(%s)=" : "%s=", name);
		for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
			if (n < sizeof(key) && !strncmp(p, key, n)) {
				size_t v = strcspn(p + n, "\n");
				snprintf(buf, len, "%.*s", (int)v, p + n);
				return MM_OK;
			}
	}
	return MM_EABSENT;
}

int mm_config(struct mm_kernel *k, const char *name, char *buf, size_t len)
{
	if (k->t->ops->config && !k->t->ops->config(k->t->ctx, name, buf, len))
		return MM_OK;
	if (!strcmp(name, "DUMP_LEVEL")) /* the dump file's, not the kernel's */
		return MM_EABSENT;
	if (!k->vmcoreinfo && !k->vmcoreinfo_tried)
		k->vmcoreinfo = vmcoreinfo_from_memory(k);
	return k->vmcoreinfo ? vmcoreinfo_value(k->vmcoreinfo, name, buf, len) : MM_EABSENT;
}

int mm_need(struct mm_err *err, long off, const char *what)
{
	if (off < 0)
		return mm_err_set(err, MM_EABSENT, "%s not in this kernel's debug info", what);
	return MM_OK;
}

void mm_note(struct mm_kernel *k, const char *fmt, ...)
{
	va_list ap;

	if (k->nnotes >= MM_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(k->notes[k->nnotes], sizeof(k->notes[0]), fmt, ap);
	va_end(ap);
	/* Walkers note per object: one line per distinct fact. */
	for (int i = 0; i < k->nnotes; i++)
		if (!strcmp(k->notes[i], k->notes[k->nnotes]))
			return;
	k->nnotes++;
}

int mm_config_number(struct mm_kernel *k, const char *name, int64_t *v)
{
	char buf[64], *end;

	if (mm_config(k, name, buf, sizeof(buf)))
		return MM_EABSENT;
	*v = strtoll(buf, &end, 0);
	return end == buf ? MM_EABSENT : MM_OK;
}

static int config_number(struct mm_kernel *k, const char *name, uint64_t *v)
{
	int64_t x;
	int rc = mm_config_number(k, name, &x);
	if (!rc)
		*v = (uint64_t)x;
	return rc;
}

static int config_yes(struct mm_kernel *k, const char *name)
{
	char buf[16];
	return mm_config(k, name, buf, sizeof(buf)) == 0 && buf[0] == 'y';
}

static kva_t sym_or_zero(struct mm_kernel *k, const char *name)
{
	uint64_t v;
	return mm_symbol(k, name, &v, NULL) ? 0 : (kva_t)v;
}

static void resolve_offsets(struct mm_kernel *k)
{
	struct mm_target *t = k->t;

	for (int i = 0; i < mm_offset_nentries; i++) {
		const struct mm_offset_entry *e = &mm_offset_entries[i];
		long v, *slot = (long *)((char *)&k->off + e->field);

		if (e->gate >= 0 && *(const long *)((const char *)&k->off + e->gate) < 0)
			v = -1; /* the generation that has it is not this one */
		else if (!e->member)
			v = t->ops->type_size(t->ctx, e->type);
		else if (e->is_size)
			v = t->ops->member_size(t->ctx, e->type, e->member);
		else
			v = t->ops->member_offset(t->ctx, e->type, e->member);
		*slot = v < 0 ? -1 : v;
		if (v < 0)
			k->nabsent++;
	}
}

/* LPAE: said by VMCOREINFO when present; otherwise phys_addr_t is 64-bit (ARM_LPAE selects
 * PHYS_ADDR_T_64BIT), and pmd_t grows to 8 bytes. */
static void resolve_lpae(struct mm_kernel *k)
{
	char buf[16];
	long pmd;

	if (mm_config(k, "CONFIG_ARM_LPAE", buf, sizeof(buf)) == 0) {
		k->lpae = buf[0] == 'y';
		return;
	}
	pmd = k->t->ops->type_size(k->t->ctx, "pmd_t");
	if (pmd > 0)
		k->lpae = pmd == 8;
	else
		k->lpae = k->off.vm_struct_phys_addr_msize == 8;
}

/* PAGE_OFFSET is aligned to at least 16 MB and the page directory sits just below the kernel
 * text (TEXT_OFFSET is far below 16 MB), so rounding swapper_pg_dir down finds it. */
static int resolve_page_offset(struct mm_kernel *k, struct mm_err *err)
{
	uint64_t v;

	if (config_number(k, "PAGE_OFFSET", &v) == 0) {
		k->page_offset = (kva_t)v;
		return MM_OK;
	}
	if (mm_symbol(k, "swapper_pg_dir", &v, NULL) && mm_symbol(k, "_text", &v, NULL))
		return mm_err_set(err, MM_EABSENT,
				  "cannot find PAGE_OFFSET: no swapper_pg_dir or _text symbol");
	k->page_offset = (kva_t)v & ~(SZ_16M - 1);
	return MM_OK;
}

/* PHYS_OFFSET is patched in at boot (ARM_PATCH_PHYS_VIRT): read the variable the patching
 * code keeps, by generation. */
static int resolve_phys_offset(struct mm_kernel *k, struct mm_err *err)
{
	uint64_t v;
	uint32_t pfn;

	if (config_number(k, "PHYS_OFFSET", &v) == 0) {
		k->phys_offset = v;
		return MM_OK;
	}
	/* Until PHYS_OFFSET is known only a target that translates itself can read. */
	if (!k->t->reads_kvaddr)
		return mm_err_set(err, MM_EABSENT, "PHYS_OFFSET unknown: the dump does not say it");
	if (mm_read_sym_u32(k, "__pv_phys_pfn_offset", &pfn, NULL) == 0) {
		k->phys_offset = (phys_t)pfn << k->page_shift;
		return MM_OK;
	}
	if (mm_symbol(k, "__pv_phys_offset", &v, NULL) == 0) {
		uint64_t po;
		long sz = k->lpae ? 8 : 4;
		if (mm_read_uint(k, (kva_t)v, sz, &po, NULL) == 0) {
			k->phys_offset = po;
			return MM_OK;
		}
	}
	/* Without ARM_PATCH_PHYS_VIRT the kernel's own first memblock or node start tells. */
	if (mm_symbol(k, "contig_page_data", &v, NULL) == 0 && k->off.pglist_data_node_start_pfn >= 0) {
		uint32_t start;
		if (mm_read_u32(k, (kva_t)v + k->off.pglist_data_node_start_pfn, &start, NULL) == 0) {
			k->phys_offset = (phys_t)start << k->page_shift;
			mm_note(k, "PHYS_OFFSET taken from contig_page_data.node_start_pfn");
			return MM_OK;
		}
	}
	return mm_err_set(err, MM_EABSENT,
			  "PHYS_OFFSET unknown: no __pv_phys_pfn_offset, __pv_phys_offset or node start");
}

/* VMALLOC_END (arch/arm/include/asm/pgtable.h) was 0xff000000 until 4.4 moved it to 0xff800000,
 * next to the early fixmap of 4.3 (FIX_EARLYCON_MEM_BASE, early_fixmap_init). The move has no
 * symbol of its own, so a 4.3 kernel is taken as 4.4: its last 8 MB of "vmalloc" are unused. */
static void resolve_vmalloc(struct mm_kernel *k)
{
	uint64_t v;
	long e;

	k->vmalloc_start = (k->high_memory + SZ_8M) & ~(SZ_8M - 1);
	if (config_number(k, "VMALLOC_START", &v) == 0)
		k->vmalloc_start = (kva_t)v;
	if (config_number(k, "VMALLOC_END", &v) == 0)
		k->vmalloc_end = (kva_t)v;
	else if (mm_has_symbol(k, "early_fixmap_init") || /* the symbol first: no debug-info listing */
		 mm_enum_of(k, "fixed_addresses", "FIX_EARLYCON_MEM_BASE", &e) == 0)
		k->vmalloc_end = 0xff800000u;
	else
		k->vmalloc_end = 0xff000000u;
}

/* 5.10 mapped the DT blob at FDT_FIXED_BASE 0xff800000 for good (FDT_VIRT_ADDR) and moved
 * FIXADDR_START up to 0xffc80000 past a guard; initial_boot_params then points into that
 * window, where before it pointed into lowmem (and VMALLOC_END kept 0xff800000 unmapped).
 * An ATAGS boot has no initial_boot_params, and with no __atags_pointer nothing is mapped
 * there (devicemaps_init): the lockless printk ring buffer `prb`, merged in the same release
 * and present in every configuration, says 5.10 then. */
static int fdt_fixed_mapping(struct mm_kernel *k)
{
	uint32_t fdt;

	if (mm_read_sym_u32(k, "initial_boot_params", &fdt, NULL) == 0 && fdt >= 0xff800000u &&
	    fdt < 0xffc00000u)
		return 1;
	return mm_has_symbol(k, "prb");
}

/* Fixmap (arch/arm/include/asm/fixmap.h), macros only up to 3.18, growing up from
 * FIXADDR_START: [0xfff00000, 0xfffe0000) up to 3.15; [0xffc00000, 0xffe00000) from 3.16
 * ("ARM: 8031/2: change fixmap mapping region to support 32 CPUs": 3.15.5 still has the old
 * range, 3.16.0 the new), when highmem.c gained fixmap_page_table (the probe: fixmap is
 * used by kmap_atomic only, so only HIGHMEM kernels have one). From 3.19 enum
 * fixed_addresses (FIX_KMAP_BEGIN, FIX_TEXT_POKE0 are enumerators; __end_of_fixed_addresses
 * only until 4.2, then a static const) counted down from FIXADDR_TOP = FIXADDR_END -
 * PAGE_SIZE, FIXADDR_END 0xfff00000, FIXADDR_START 0xffc00000 (0xffc80000 from 5.10). */
static void resolve_fixmap(struct mm_kernel *k)
{
	uint64_t v;
	long e;

	/* early_fixmap_init (4.3+) comes long after the enum (3.19): a symbol look-up spares the
	 * enum's listing (a compilation unit expanded by crash's gdb, ~0.3 s) at model load */
	if (!mm_has_symbol(k, "early_fixmap_init") &&
	    mm_enum_of(k, "fixed_addresses", "FIX_KMAP_BEGIN", &e) &&
	    mm_enum_of(k, "fixed_addresses", "FIX_TEXT_POKE0", &e) &&
	    mm_enum_of(k, "fixed_addresses", "__end_of_fixed_addresses", &e)) {
		int wide = mm_has_symbol(k, "fixmap_page_table"); /* 3.16-3.18 */
		k->fixmap_grows_down = 0;
		k->fixaddr_start = wide ? 0xffc00000u : 0xfff00000u;
		k->fixaddr_end = wide ? 0xffe00000u : 0xfffe0000u;
		k->fixaddr_top = k->fixaddr_start;
		return;
	}
	k->fixmap_grows_down = 1;
	k->fixaddr_end = 0xfff00000u;
	k->fixaddr_top = k->fixaddr_end - k->page_size;
	k->fdt_window = fdt_fixed_mapping(k);
	k->fixaddr_start = k->fdt_window ? 0xffc80000u : 0xffc00000u;
	if (config_number(k, "FIXADDR_START", &v) == 0)
		k->fixaddr_start = (kva_t)v;
}

#define HIGH_MEMORY_MAX (0xff000000u - SZ_8M)

static void resolve_layout(struct mm_kernel *k)
{
	uint32_t hm = 0;
	long n;

	if (mm_read_sym_u32(k, "high_memory", &hm, NULL)) {
		mm_note(k, "high_memory unreadable: lowmem assumed to end at VMALLOC_END - 248 MB");
		hm = 0xef800000u;
	} else if (hm <= k->page_offset || hm > HIGH_MEMORY_MAX || (hm & (k->page_size - 1))) {
		/* arm_lowmem_limit stops 8 MB (VMALLOC_OFFSET) below the lowest VMALLOC_END, page
		 * aligned: past it VMALLOC_START would wrap. */
		mm_note(k, "high_memory %08x implausible (want a page boundary in %08x..%08x): lowmem "
			"assumed to end at VMALLOC_END - 248 MB", hm, k->page_offset + k->page_size,
			HIGH_MEMORY_MAX);
		hm = 0xef800000u;
	}
	k->high_memory = hm;
	resolve_vmalloc(k);
	resolve_fixmap(k);

	k->has_highmem = mm_has_symbol(k, "pkmap_page_table") || mm_has_symbol(k, "pkmap_count");
	if (k->has_highmem) {
		k->pkmap_base = k->page_offset - SZ_2M;
		n = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, "pkmap_count") : -1;
		k->last_pkmap = n > 0 ? (unsigned)n : 512;
	}
	k->modules_vaddr = k->page_offset - (config_yes(k, "CONFIG_THUMB2_KERNEL") ? SZ_8M : SZ_16M);
	k->modules_end = k->has_highmem ? k->pkmap_base : k->page_offset;
	k->task_size = k->page_offset - SZ_16M;
	k->vectors = 0xffff0000u;

	k->text = sym_or_zero(k, "_text");
	k->etext = sym_or_zero(k, "_etext");
	k->rodata = sym_or_zero(k, "__start_rodata");
	k->init_begin = sym_or_zero(k, "__init_begin");
	k->init_end = sym_or_zero(k, "__init_end");
	k->sdata = sym_or_zero(k, "_sdata");
	k->edata = sym_or_zero(k, "_edata");
	k->bss_start = sym_or_zero(k, "__bss_start");
	k->bss_stop = sym_or_zero(k, "__bss_stop");
	k->end = sym_or_zero(k, "_end");
}

static void resolve_pgd(struct mm_kernel *k)
{
	uint64_t init_mm;
	uint32_t pgd;

	k->swapper_pg_dir = sym_or_zero(k, "swapper_pg_dir");
	if (mm_symbol(k, "init_mm", &init_mm, NULL) == 0 && k->off.mm_struct_pgd >= 0 &&
	    mm_read_u32(k, (kva_t)init_mm + k->off.mm_struct_pgd, &pgd, NULL) == 0 &&
	    mm_is_lowmem(k, pgd))
		k->swapper_pg_dir = pgd;
	if (!k->swapper_pg_dir)
		mm_note(k, "kernel page directory unknown: no init_mm.pgd or swapper_pg_dir");
	else
		k->pgd_phys = mm_lowmem_pa(k, k->swapper_pg_dir);
}

/* max_low_pfn and max_pfn size pfn scans: each must fit what the rest of the model says (an
 * absolute pfn, or one relative to PHYS_OFFSET on old kernels, both below these bounds). */
static void check_pfn_bounds(struct mm_kernel *k)
{
	uint64_t low_end = (k->phys_offset + (k->high_memory - k->page_offset)) >> k->page_shift;
	uint64_t phys_end = (k->lpae ? 1ull << 40 : 1ull << 32) >> k->page_shift;

	if (k->max_low_pfn > low_end) {
		mm_note(k, "max_low_pfn %llx past the end of lowmem (pfn %llx, from high_memory): using that",
			(unsigned long long)k->max_low_pfn, (unsigned long long)low_end);
		k->max_low_pfn = low_end;
	}
	if (k->max_pfn > phys_end) {
		mm_note(k, "max_pfn %llx past the physical address space (pfn %llx): using the end of lowmem",
			(unsigned long long)k->max_pfn, (unsigned long long)phys_end);
		k->max_pfn = low_end;
	}
}

static void resolve_memory_model(struct mm_kernel *k)
{
	uint32_t v;

	k->page_struct_size = k->off.page_size;
	if (mm_read_sym_u32(k, "max_pfn", &v, NULL) == 0)
		k->max_pfn = v;
	if (mm_read_sym_u32(k, "max_low_pfn", &v, NULL) == 0)
		k->max_low_pfn = v;
	check_pfn_bounds(k);
	if (mm_has_symbol(k, "mem_section")) {
		k->mem_model = MM_SPARSEMEM;
		return;
	}
	if (mm_read_sym_u32(k, "mem_map", &v, NULL) == 0 && v) {
		k->mem_model = MM_FLATMEM;
		k->mem_map = v;
		k->pfn_offset = k->phys_offset >> k->page_shift;
		return;
	}
	mm_note(k, "memory model unknown: neither mem_section nor a readable mem_map");
}

static void resolve_percpu(struct mm_kernel *k)
{
	uint32_t n = 1;
	uint64_t base;
	long len;

	if (mm_read_sym_u32(k, "nr_cpu_ids", &n, NULL) || n == 0)
		n = 1;
	if (n > MM_MAX_CPUS) {
		mm_note(k, "nr_cpu_ids %u: only the first %d CPUs are examined", n, MM_MAX_CPUS);
		n = MM_MAX_CPUS;
	}
	k->nr_cpus = (int)n;
	if (mm_symbol(k, "__per_cpu_offset", &base, NULL))
		return; /* !SMP: per-cpu data is plain data, offset 0 */
	len = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, "__per_cpu_offset") : -1;
	if (len > 0 && len < k->nr_cpus)
		k->nr_cpus = (int)len;
	if (mm_read(k, base, MM_KVADDR, k->per_cpu_offset, 4 * (size_t)k->nr_cpus, NULL))
		mm_note(k, "__per_cpu_offset unreadable");
}

/* vmlist is the whole vmalloc bookkeeping up to 3.9; from 3.10 it is __initdata (vmap_area.vm
 * replaced .private then), freed after boot, and holds garbage in any dump. */
static int vmlist_is_initdata(struct mm_kernel *k)
{
	uint64_t v;

	if (k->off.vmap_area_vm >= 0 || k->off.vmap_node_size > 0)
		return 1;
	return mm_symbol(k, "vmlist", &v, NULL) == 0 && k->init_end > k->init_begin &&
	       v >= k->init_begin && v < k->init_end;
}

/* 6.9+ keeps vmap areas per struct vmap_node. vmap_nodes is reassigned only on 64-bit
 * (vmap_init_nodes), so a 32-bit compiler folds the pointer into &single: then only the static
 * node `single` and nr_vmap_nodes remain as symbols. */
static enum mm_vmalloc_gen vmalloc_generation(struct mm_kernel *k)
{
	if (k->off.vmap_node_size > 0 &&
	    (mm_has_symbol(k, "vmap_nodes") || mm_has_symbol(k, "single")))
		return MM_VMALLOC_VMAP_NODES;
	if (k->off.vmap_node_size > 0) {
		mm_note(k, "struct vmap_node exists but neither vmap_nodes nor single does: vmalloc areas unknown");
		return MM_VMALLOC_UNKNOWN;
	}
	if (mm_has_symbol(k, "vmap_area_list"))
		return MM_VMALLOC_VMAP_AREA_LIST;
	if (mm_has_symbol(k, "vmlist") && !vmlist_is_initdata(k))
		return MM_VMALLOC_VMLIST;
	return MM_VMALLOC_UNKNOWN;
}

static void resolve_generations(struct mm_kernel *k)
{
	long v;

	k->vmalloc_gen = vmalloc_generation(k);

	if (mm_has_member(k, "kmem_cache", "cpu_slab"))
		k->slab_gen = MM_SLAB_SLUB;
	else if (mm_has_member(k, "kmem_cache", "cpu_cache") || mm_has_member(k, "kmem_cache", "array") ||
		 mm_has_member(k, "kmem_cache", "nodelists") || mm_has_member(k, "kmem_cache", "node"))
		k->slab_gen = MM_SLAB_SLAB;
	else if (mm_has_symbol(k, "slob_alloc") || mm_has_symbol(k, "free_slob_small"))
		k->slab_gen = MM_SLAB_SLOB;
	k->slab_struct = mm_has_member(k, "slab", "slab_cache");
	k->freeptr_hardened = mm_has_member(k, "kmem_cache", "random");

	if (mm_enum(k, "PGTY_buddy", &v) == 0)
		k->buddy_test = MM_BUDDY_PGTY;
	else if (mm_enum(k, "PAGE_TYPE_BASE", &v) == 0)
		k->buddy_test = MM_BUDDY_PAGE_TYPE_BASE;
	else if (mm_has_member(k, "page", "page_type")) {
		/* 4.18-6.9 encode page types in #defines the debug info lacks; PG_slab leaving enum
		 * pageflags (6.10) without an enum pagetype means an encoding mmview cannot read */
		if (mm_enum_of(k, "pageflags", "PG_locked", &v) == 0 && mm_enum_of(k, "pageflags", "PG_slab", &v)) {
			k->buddy_test = MM_BUDDY_UNKNOWN;
			mm_note(k, "page types unknown: no PG_slab page flag (6.10+) and no enum pagetype");
		} else
			k->buddy_test = MM_BUDDY_PAGE_TYPE;
	}
	else if (mm_has_member(k, "page", "_mapcount"))
		k->buddy_test = MM_BUDDY_MAPCOUNT;
}

struct mm_kernel *mm_kernel_open(struct mm_target *t, struct mm_err *err)
{
	struct mm_kernel *k = calloc(1, sizeof(*k));

	if (!k) {
		mm_err_set(err, MM_ENOMEM, "out of memory");
		return NULL;
	}
	k->t = t;
	k->page_size = 4096;
	k->page_shift = 12;
	resolve_offsets(k);
	resolve_lpae(k);
	if (resolve_page_offset(k, err))
		goto fail;
	/* Until high_memory is read, the linear map is assumed to cover everything above
	 * PAGE_OFFSET so that the variables needed to find it can be read. */
	k->high_memory = 0xffffffffu;
	if (resolve_phys_offset(k, err))
		goto fail;
	resolve_layout(k);
	resolve_pgd(k);
	resolve_memory_model(k);
	resolve_percpu(k);
	resolve_generations(k);
	mm_arm_mmu_init(k);
	return k;
fail:
	free(k);
	return NULL;
}

void mm_kernel_close(struct mm_kernel *k)
{
	if (k) {
		free(k->layout);
		free(k->memmap);
		mm_modsyms_release(k);
		mm_modules_release(k);
		mm_enums_release(k);
		free(k->vmcoreinfo);
		mm_read_cache_release(k);
	}
	free(k);
}
