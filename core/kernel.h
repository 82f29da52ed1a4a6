/* The kernel model: everything about one dump's kernel that the walkers need, resolved once
 * (mm_kernel_open) from the target by probing symbols and members — never version strings. */
#ifndef MM_KERNEL_H
#define MM_KERNEL_H
#include <stdint.h>
#include <stddef.h>
#include "target.h"
#include "err.h"
#include "offsets.h"

typedef uint32_t kva_t;   /* a 32-bit ARM kernel virtual address */
typedef uint64_t phys_t;  /* physical: up to 40 bits with LPAE */

enum mm_vmalloc_gen {
	MM_VMALLOC_UNKNOWN,
	MM_VMALLOC_VMLIST,         /* <= 3.9: vm_struct.next list */
	MM_VMALLOC_VMAP_AREA_LIST, /* 3.10 - 6.8: vmap_area_list */
	MM_VMALLOC_VMAP_NODES,     /* 6.9+: vmap_nodes[].busy */
};
enum mm_slab_gen { MM_SLAB_UNKNOWN, MM_SLAB_SLAB, MM_SLAB_SLUB, MM_SLAB_SLOB };
enum mm_buddy_test {
	MM_BUDDY_UNKNOWN,
	MM_BUDDY_MAPCOUNT,    /* 3.4 - 4.17: _mapcount == PAGE_BUDDY_MAPCOUNT_VALUE */
	MM_BUDDY_PAGE_TYPE,   /* 4.18 - 6.9: (page_type & 0xf0000080) == 0xf0000000 */
	MM_BUDDY_PAGE_TYPE_BASE, /* 6.10/6.11: PAGE_TYPE_BASE | PG_buddy bit cleared */
	MM_BUDDY_PGTY,        /* 6.12+: page_type >> 24 == PGTY_buddy */
};
enum mm_mem_model { MM_MEM_UNKNOWN, MM_FLATMEM, MM_SPARSEMEM };

#define MM_MAX_CPUS 64
struct mm_layout;
struct mm_memmap;
struct mm_modules;
struct mm_enum_set;
struct mm_modsyms;
#define MM_MAX_NOTES 32

struct mm_kernel {
	struct mm_target *t;

	/* Paging and the linear map. */
	int lpae;
	uint32_t page_size;
	unsigned page_shift;
	kva_t page_offset;
	phys_t phys_offset;
	kva_t high_memory;       /* end of lowmem (exclusive) */
	kva_t swapper_pg_dir;    /* kernel page directory, virtual */
	phys_t pgd_phys;

	/* The fixed virtual layout (arch/arm/include/asm/{memory,pgtable,fixmap,highmem}.h). */
	kva_t vmalloc_start, vmalloc_end;
	kva_t modules_vaddr, modules_end;
	int has_highmem;
	kva_t pkmap_base;
	unsigned last_pkmap;
	kva_t fixaddr_start, fixaddr_end; /* [start, end) */
	kva_t fixaddr_top;                /* address of fixmap index 0 */
	int fixmap_grows_down;
	int fdt_window;                   /* 5.10+: DT blob mapped at 0xff800000, fixmap from 0xffc80000 */
	kva_t vectors;                    /* 0xffff0000 (high vectors) */
	kva_t task_size;

	/* Kernel image (0 when a symbol is absent). */
	kva_t text, etext, rodata, init_begin, init_end, sdata, edata, bss_start, bss_stop, end;

	/* Memory model. */
	enum mm_mem_model mem_model;
	kva_t mem_map;            /* FLATMEM: first struct page */
	uint64_t pfn_offset;      /* FLATMEM: pfn of mem_map[0] */
	uint64_t max_pfn, max_low_pfn;
	long page_struct_size;

	/* Per-CPU. */
	int nr_cpus;
	uint32_t per_cpu_offset[MM_MAX_CPUS];

	/* Generations. */
	enum mm_vmalloc_gen vmalloc_gen;
	enum mm_slab_gen slab_gen;
	int slab_struct;          /* 1: struct slab (5.17+); 0: slab fields in struct page */
	int freeptr_hardened;     /* kmem_cache.random exists (CONFIG_SLAB_FREELIST_HARDENED) */
	enum mm_buddy_test buddy_test;

	struct mm_offsets off;
	int nabsent;              /* offsets recorded as absent */

	/* Facts that could not be resolved, for `mmview info` and error reports. */
	int nnotes;
	char notes[MM_MAX_NOTES][160];

	/* The region map (core/arm/layout.c), built on first use and freed with the model. */
	struct mm_layout *layout;
	/* The memory map (core/page_alloc/memmap.c), resolved on first use and freed with the model. */
	struct mm_memmap *memmap;
	int memmap_tried;
	/* Loaded modules (core/modules.c), read on first use. */
	struct mm_modules *modules;
	/* Module symbols read from the dump (core/module_syms.c), on first use. */
	struct mm_modsyms *modsyms;
	int modsyms_tried;
	/* The kernel's own VMCOREINFO text, read from its memory when the target has no note
	 * (crash on QEMU's ELF dumps, raw RAM): core/kernel.c, on first use. */
	char *vmcoreinfo;
	int vmcoreinfo_tried;
	/* Enum types read whole (core/enums.c). */
	struct mm_enum_set *enum_sets;
	/* The block cache of reads (core/read.c), live between mm_read_cache_begin and _end. */
	struct mm_read_cache *rcache;
	struct mm_read_cache *rcache_spare; /* between scopes: emptied, kept for the next one */
	int rcache_depth, rcache_off, rcache_off_checked;
	unsigned scope_gen;       /* names the current outermost read scope (never 0): memos valid for it */
	struct mm_scope_memo *scope_memos; /* results kept for the scope (core/read.h), freed at its end */
	unsigned long target_reads, cached_reads; /* since the model was opened (MMVIEW_STATS) */

	/* Set by the ARM page-table code: translate a kernel virtual address for targets that
	 * cannot (synthetic dumps, raw files). */
	int (*translate)(struct mm_kernel *k, kva_t va, phys_t *pa, struct mm_err *err);
};

/* Resolve the model from a target. Returns NULL only when the dump is unusable (no PAGE_OFFSET,
 * no PHYS_OFFSET); any lesser gap is recorded in notes. */
struct mm_kernel *mm_kernel_open(struct mm_target *t, struct mm_err *err);
void mm_kernel_close(struct mm_kernel *k);

/* Target shortcuts: 0 on success, MM_EABSENT otherwise (with err naming what is missing). */
int mm_symbol(struct mm_kernel *k, const char *name, uint64_t *value, struct mm_err *err);
int mm_has_symbol(struct mm_kernel *k, const char *name);
int mm_has_member(struct mm_kernel *k, const char *type, const char *member);
int mm_enum(struct mm_kernel *k, const char *name, long *value);
/* An enumerator of a known enum type (e.g. "pageflags"): the whole type is read once where the
 * target can list it, then answered from memory, absent names included; else as mm_enum. */
int mm_enum_of(struct mm_kernel *k, const char *type, const char *name, long *value);
void mm_enums_release(struct mm_kernel *k);
/* "name+0x1c" for addr, or the hex address when no symbol covers it. */
const char *mm_symbol_name(struct mm_kernel *k, uint64_t addr, char *buf, size_t len);
int mm_config(struct mm_kernel *k, const char *name, char *buf, size_t len);
/* A VMCOREINFO-style number ("0x...", decimal, negative): MM_OK, or MM_EABSENT. */
int mm_config_number(struct mm_kernel *k, const char *name, int64_t *v);
/* An absent offset used by a walker: MM_EABSENT naming "type.member". */
int mm_need(struct mm_err *err, long off, const char *what);
#define MM_NEED(k, err, t, m) mm_need((err), (k)->off.t##_##m, #t "." #m)

void mm_note(struct mm_kernel *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Linear (lowmem) map. */
static inline int mm_is_lowmem(const struct mm_kernel *k, uint64_t va)
{
	return va >= k->page_offset && va < k->high_memory;
}
static inline phys_t mm_lowmem_pa(const struct mm_kernel *k, kva_t va)
{
	return (phys_t)(va - k->page_offset) + k->phys_offset;
}
static inline kva_t mm_pa_to_lowmem(const struct mm_kernel *k, phys_t pa)
{
	return (kva_t)(pa - k->phys_offset) + k->page_offset;
}
static inline int mm_pa_in_lowmem(const struct mm_kernel *k, phys_t pa)
{
	return pa >= k->phys_offset && pa - k->phys_offset < (phys_t)(k->high_memory - k->page_offset);
}

#endif
