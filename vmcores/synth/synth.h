/* The synthetic dump builder: a fake 32-bit ARM kernel's memory built in RAM, with its own
 * symbol, type, enum and config tables, exposed as an mm_target. Tests lay down exactly the
 * structures a walker reads, in the layout of a chosen kernel generation, then check that the
 * walker returns what was laid down (or the right error for what was broken).
 *
 * Memory: RAM of p->ram_mb MB at p->phys_offset. Lowmem is linearly mapped at PAGE_OFFSET up to
 * high_memory; the kernel image sits at PAGE_OFFSET + 0x8000, data structures are allocated
 * after it (synth_alloc), highmem pages from the top (synth_alloc_high). Anything else
 * (vmalloc, pkmap, fixmap) is mapped with synth_map, which records the mapping and writes the
 * page tables (vmcores/synth/pgtable.c).
 *
 * Each subsystem adds its structures in its own file (synth_vmalloc.c, ...), declaring the
 * types of the profile's generation with synth_struct / synth_member. */
#ifndef SYNTH_H
#define SYNTH_H
#include <stddef.h>
#include <stdint.h>
#include "../../core/target.h"

struct synth_profile {
	const char *name;
	int gen;          /* kernel generation the layouts imitate, as major*100+minor: 304, 419, 601, 609 */
	int lpae;
	uint32_t page_offset;
	uint64_t phys_offset;
	uint32_t ram_mb;
	uint32_t lowmem_mb; /* lowmem size; ram_mb - lowmem_mb is HighMem (0 = all lowmem) */
	int nr_cpus;
	int slub;         /* 1 SLUB, 0 SLAB */
};
extern const struct synth_profile synth_profiles[];
extern const int synth_nprofiles;
const struct synth_profile *synth_profile(const char *name);

struct synth;

struct synth *synth_new(const struct synth_profile *p);
void synth_free(struct synth *s);
const struct synth_profile *synth_prof(const struct synth *s);
/* The target: by default the core translates kernel-virtual addresses itself (reads_kvaddr 0)
 * and PHYS_OFFSET comes from config, as for a raw dump. synth_kv_mode(s, 1) makes the target
 * translate like crash does and drops the PHYS_OFFSET config, so the model must find it. */
struct mm_target *synth_target(struct synth *s);
void synth_kv_mode(struct synth *s, int on);

/* Symbols, types, enums, config, log. Re-declaring a name replaces it. */
void synth_sym(struct synth *s, const char *name, uint64_t value, uint32_t size);
uint32_t synth_symval(struct synth *s, const char *name); /* 0 if absent */
void synth_sym_del(struct synth *s, const char *name);
void synth_array(struct synth *s, const char *symbol, long length);
void synth_type(struct synth *s, const char *type, long size);
void synth_type_del(struct synth *s, const char *type); /* the type and all its members */
void synth_member(struct synth *s, const char *type, const char *member, long off, long size);
void synth_member_del(struct synth *s, const char *type, const char *member);
long synth_off(struct synth *s, const char *type, const char *member); /* -1 if absent */
long synth_msize(struct synth *s, const char *type, const char *member);
long synth_size(struct synth *s, const char *type);
void synth_enum(struct synth *s, const char *name, long value);
void synth_enum_del(struct synth *s, const char *name);
/* An enumerator that also belongs to `enum type`, so the type can be listed whole. */
void synth_enum_in(struct synth *s, const char *type, const char *name, long value);
void synth_config(struct synth *s, const char *name, const char *value);
void synth_config_del(struct synth *s, const char *name);
void synth_log(struct synth *s, const char *text); /* appends to the kernel log */

/* Declares struct `type` from an ordered field list with ARM EABI natural alignment (64-bit
 * members aligned to 8); align 0 = natural for the size. Terminate with {NULL}. Returns size. */
struct synth_field {
	const char *name;
	long size;
	long align;
};
long synth_struct(struct synth *s, const char *type, const struct synth_field *fields);

/* Memory. Kernel virtual addresses in lowmem are linear; others go through synth_map. */
uint32_t synth_alloc(struct synth *s, uint32_t size, uint32_t align); /* zeroed lowmem, VA */
uint32_t synth_var(struct synth *s, const char *name, uint32_t size);  /* a global in .data */
uint64_t synth_alloc_high(struct synth *s, uint32_t pages);           /* HighMem pages, PA */
uint64_t synth_va_to_pa(struct synth *s, uint32_t va);                /* ~0 if unmapped */
uint32_t synth_pa_to_va(struct synth *s, uint64_t pa);                /* lowmem VA */
int synth_write(struct synth *s, uint64_t addr, enum mm_space sp, const void *buf, size_t len);
int synth_readb(struct synth *s, uint64_t addr, enum mm_space sp, void *buf, size_t len);
void synth_w8(struct synth *s, uint32_t va, uint8_t v);
void synth_w16(struct synth *s, uint32_t va, uint16_t v);
void synth_w32(struct synth *s, uint32_t va, uint32_t v);
void synth_w64(struct synth *s, uint32_t va, uint64_t v);
uint32_t synth_r32(struct synth *s, uint32_t va);
/* Writes `value` into base->member with the member's declared size (aborts the test program if
 * the member was never declared: a builder bug, not a dump condition). */
void synth_wm(struct synth *s, uint32_t base, const char *type, const char *member, uint64_t value);
/* Writes a list_head {next, prev} at va. */
void synth_list_init(struct synth *s, uint32_t head);
void synth_list_add_tail(struct synth *s, uint32_t head, uint32_t entry_link);
/* Makes [pa, pa+len) unreadable, as a filtered or truncated dump would. */
void synth_hole(struct synth *s, uint64_t pa, uint64_t len);

/* Virtual mappings outside lowmem. kind: SYNTH_MAP_PAGE (4 KB), SYNTH_MAP_LARGE (64 KB),
 * SYNTH_MAP_SECTION (1 MB / LPAE 2 MB block), SYNTH_MAP_SUPERSECTION (16 MB, non-LPAE). */
enum synth_map_kind { SYNTH_MAP_PAGE, SYNTH_MAP_LARGE, SYNTH_MAP_SECTION, SYNTH_MAP_SUPERSECTION };
int synth_map(struct synth *s, uint32_t va, uint64_t pa, uint32_t size, enum synth_map_kind kind);
/* The page-table writer behind synth_map (pgtable.c). */
int synth_pgtable_map(struct synth *s, uint32_t va, uint64_t pa, uint32_t size,
		      enum synth_map_kind kind);
void synth_pgtable_init(struct synth *s); /* maps lowmem with sections, called by synth_new */
/* One 4 KB page with explicit Linux PTE bits (short descriptor: the hardware half is derived
 * as cpu_v7_set_pte_ext does; LPAE: the kernel page bits). Not recorded for kv mode. */
int synth_pgtable_map_prot(struct synth *s, uint32_t va, uint64_t pa, uint32_t linux_pte);

/* Per-CPU: a __percpu pointer (what kernel structures store) and its address on one CPU. */
uint32_t synth_percpu_alloc(struct synth *s, uint32_t size);
uint32_t synth_percpu_addr(struct synth *s, uint32_t ptr, int cpu);

/* 6.10+ page types on any profile (tests of a 6.10/6.11/6.12 kernel built from the 6.9 one):
 * gen 610/611 declare enum pagetype with PAGE_TYPE_BASE, 612 the PGTY_ top byte; PG_slab
 * leaves enum pageflags. Call after the subsystems' declarations, before laying pages. */
void synth_page_types(struct synth *s, int gen);
/* page_type of a page of that type ("buddy", "slab", "table") in this dump's encoding. */
uint32_t synth_page_type_word(struct synth *s, const char *type);

/* struct page of a pfn (FLATMEM mem_map), and pfn helpers. */
uint32_t synth_page(struct synth *s, uint64_t pfn);
uint64_t synth_first_pfn(struct synth *s);
uint64_t synth_nr_pages(struct synth *s);

/* ELF32 core with the symbol/type tables in a note: the same dump for a file reader. */
int synth_write_elf(struct synth *s, const char *path);
struct synth *synth_read_elf(const char *path);

#endif
