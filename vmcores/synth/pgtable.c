/* Page tables of synthetic dumps, written in the kernel's own formats: the classic
 * short-descriptor tables (4096 hardware L1 words used as 2048 Linux pgd pairs; PTE pages with
 * Linux pt0/pt1 at +0/+1024 and the hardware tables at +2048/+3072) and LPAE (a 4-entry pgd
 * then 4 pmd pages inside PG_DIR_SIZE 0x5000, 64-bit entries). Lowmem is mapped with sections
 * (1 MB) or blocks (2 MB) as map_lowmem does; the boot-time mappings (vectors, pkmap table,
 * DT blob) are laid down as paging_init leaves them for the profile's generation. */
#include "synth.h"
#include <stdio.h>
#include <stdlib.h>

#define PAGE 4096u
#define SZ_1M 0x100000u
#define SZ_2M 0x200000u
#define SZ_16M 0x1000000u

/* Linux PTE bits (pgtable-2level.h). */
#define L_PTE_PRESENT (1u << 0)
#define L_PTE_YOUNG (1u << 1)
#define L_PTE_MT_WRITEALLOC (7u << 2)
#define L_PTE_DIRTY (1u << 6)
#define L_PTE_RDONLY (1u << 7)
#define L_PTE_USER (1u << 8)
#define L_PTE_XN (1u << 9)
#define L_PTE_SHARED (1u << 10)
#define L_PTE_NONE (1u << 11)
/* pgprot_kernel | L_PTE_XN on SMP: what vmalloc, kmap and fixmap PTEs hold (0x65f). */
#define PAGE_KERNEL_LINUX (L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_MT_WRITEALLOC | L_PTE_DIRTY | \
			   L_PTE_XN | L_PTE_SHARED)
/* The vector page: user read-only, executable. */
#define PAGE_VECTORS_LINUX (L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_MT_WRITEALLOC | L_PTE_DIRTY | \
			    L_PTE_RDONLY | L_PTE_USER | L_PTE_SHARED)

/* Hardware L1 descriptors: table (PMD_BIT4, domain kernel; the vectors' table is in domain
 * 3), sections as MT_MEMORY_RW (S, TEX=1 C B write-alloc, AP=01, XN). */
#define L1_TABLE 0x11u
#define L1_TABLE_VECTORS 0x61u
#define L1_SECT_RW 0x1141eu
#define L1_SECT_RWX 0x1140eu
#define L1_SUPERSECTION (1u << 18)

/* LPAE: table; block as write-alloc, inner shareable, accessed; PTE likewise + XN/DIRTY. */
#define LPAE_TABLE 3ull
#define LPAE_BLOCK (1ull | (7ull << 2) | (3ull << 8) | (1ull << 10))
#define LPAE_PAGE (3ull | (7ull << 2) | (3ull << 8) | (1ull << 10) | (1ull << 54) | (1ull << 55))
#define LPAE_CONT (1ull << 52)

/* The hardware half of a Linux PTE as cpu_v7_set_pte_ext writes it: memory type bits B/C kept
 * and bit 4 moved to TEX[0]; AP0 always, AP1 for user, APX for read-only, XN; zero when the
 * page is old, not present or PROT_NONE. */
static uint32_t hw_pte(uint32_t linux_pte)
{
	uint32_t hw = (linux_pte & ~0x3f3u) | (1u << 4) | 2u;

	if (linux_pte & (1u << 4))
		hw |= 1u << 6;
	if (linux_pte & L_PTE_USER)
		hw |= 1u << 5;
	if (linux_pte & L_PTE_RDONLY)
		hw |= 1u << 9;
	if (linux_pte & L_PTE_XN)
		hw |= 1u;
	if (!(linux_pte & L_PTE_YOUNG) || !(linux_pte & L_PTE_PRESENT) || (linux_pte & L_PTE_NONE))
		hw = 0;
	return hw;
}

static uint64_t pgd_pa(struct synth *s)
{
	return synth_va_to_pa(s, synth_symval(s, "swapper_pg_dir"));
}

static uint32_t rphys32(struct synth *s, uint64_t pa)
{
	uint32_t v = 0;
	if (synth_readb(s, pa, MM_PHYSADDR, &v, 4))
		abort();
	return v;
}

static uint64_t rphys64(struct synth *s, uint64_t pa)
{
	uint64_t v = 0;
	if (synth_readb(s, pa, MM_PHYSADDR, &v, 8))
		abort();
	return v;
}

static void wphys32(struct synth *s, uint64_t pa, uint32_t v) { synth_write(s, pa, MM_PHYSADDR, &v, 4); }
static void wphys64(struct synth *s, uint64_t pa, uint64_t v) { synth_write(s, pa, MM_PHYSADDR, &v, 8); }

static uint64_t new_table_page(struct synth *s)
{
	return synth_va_to_pa(s, synth_alloc(s, PAGE, PAGE));
}

/* ---- short descriptor ---- */

/* The PTE page behind the 2 MB Linux pgd pair holding va (allocated as pte_alloc_kernel
 * would: both L1 words point into one page). Returns the page's physical address. */
static uint64_t short_pte_page(struct synth *s, uint32_t va)
{
	uint64_t l1 = pgd_pa(s) + 4ull * ((va >> 21) << 1);
	uint32_t e = rphys32(s, l1), prot;
	uint64_t page;

	if ((e & 3) == 1)
		return (e & 0xfffffc00u) & ~0xfffull;
	page = new_table_page(s);
	prot = va >= 0xffe00000u ? L1_TABLE_VECTORS : L1_TABLE;
	wphys32(s, l1, (uint32_t)(page + 2048) | prot);
	wphys32(s, l1 + 4, (uint32_t)(page + 3072) | prot);
	return page;
}

static void short_set_pte(struct synth *s, uint32_t va, uint32_t linux_pte, uint32_t hw)
{
	uint64_t page = short_pte_page(s, va);
	uint32_t i = (va >> 12) & 511;                       /* Linux index over the pair */
	uint64_t hw_at = page + 2048 + ((va >> 20) & 1) * 1024 + 4ull * ((va >> 12) & 255);

	wphys32(s, page + 4ull * i, linux_pte);
	wphys32(s, hw_at, hw);
}

static int short_map(struct synth *s, uint32_t va, uint64_t pa, enum synth_map_kind kind,
		     uint32_t linux_prot)
{
	uint64_t l1 = pgd_pa(s) + 4ull * (va >> 20);

	switch (kind) {
	case SYNTH_MAP_PAGE:
		short_set_pte(s, va, (uint32_t)pa | linux_prot, hw_pte((uint32_t)pa | linux_prot));
		return 0;
	case SYNTH_MAP_LARGE: /* 16 identical hardware words; Linux keeps 4 KB PTEs */
		for (uint32_t i = 0; i < 16; i++)
			short_set_pte(s, va + i * PAGE, (uint32_t)(pa + i * PAGE) | linux_prot,
				      ((uint32_t)pa & 0xffff0000u) | 0x1u | 0xcu | (1u << 4) | (1u << 10) |
					      (1u << 15));
		return 0;
	case SYNTH_MAP_SECTION:
		wphys32(s, l1, ((uint32_t)pa & 0xfff00000u) | L1_SECT_RW);
		return 0;
	case SYNTH_MAP_SUPERSECTION: /* replicated in 16 consecutive words */
		for (uint32_t i = 0; i < 16; i++)
			wphys32(s, pgd_pa(s) + 4ull * (((va >> 20) & ~15u) + i),
				((uint32_t)pa & 0xff000000u) | (uint32_t)(((pa >> 32) & 0xf) << 20) |
					L1_SUPERSECTION | L1_SECT_RW);
		return 0;
	}
	return -1;
}

/* ---- LPAE ---- */

static uint64_t lpae_pmd_entry(struct synth *s, uint32_t va)
{
	uint64_t pgde = rphys64(s, pgd_pa(s) + 8ull * (va >> 30));
	return (pgde & 0xfffffff000ull) + 8ull * ((va >> 21) & 511);
}

static uint64_t lpae_pte_table(struct synth *s, uint32_t va)
{
	uint64_t pmd = lpae_pmd_entry(s, va), e = rphys64(s, pmd), t;

	if ((e & 3) == 3)
		return e & 0xfffffff000ull;
	t = new_table_page(s);
	wphys64(s, pmd, t | LPAE_TABLE);
	return t;
}

static int lpae_map(struct synth *s, uint32_t va, uint64_t pa, enum synth_map_kind kind, uint64_t prot)
{
	switch (kind) {
	case SYNTH_MAP_PAGE:
		wphys64(s, lpae_pte_table(s, va) + 8ull * ((va >> 12) & 511), pa | prot);
		return 0;
	case SYNTH_MAP_LARGE: /* no 64 KB pages: 16 PTEs with the contiguous hint */
		for (uint32_t i = 0; i < 16; i++)
			wphys64(s, lpae_pte_table(s, va + i * PAGE) + 8ull * (((va >> 12) + i) & 511),
				(pa + i * PAGE) | prot | LPAE_CONT);
		return 0;
	case SYNTH_MAP_SECTION:
		wphys64(s, lpae_pmd_entry(s, va), (pa & ~(uint64_t)(SZ_2M - 1)) | LPAE_BLOCK | (1ull << 54));
		return 0;
	case SYNTH_MAP_SUPERSECTION:
		return -1;
	}
	return -1;
}

/* ---- the interface ---- */

static uint32_t unit_size(const struct synth_profile *p, enum synth_map_kind kind)
{
	switch (kind) {
	case SYNTH_MAP_LARGE: return 0x10000u;
	case SYNTH_MAP_SECTION: return p->lpae ? SZ_2M : SZ_1M;
	case SYNTH_MAP_SUPERSECTION: return SZ_16M;
	default: return PAGE;
	}
}

static int map_prot(struct synth *s, uint32_t va, uint64_t pa, uint32_t size,
		    enum synth_map_kind kind, uint32_t linux_prot, uint64_t lpae_prot)
{
	uint32_t unit = unit_size(synth_prof(s), kind);

	if ((va | pa | size) & (unit - 1)) {
		fprintf(stderr, "synth: mapping %08x -> %llx (%u bytes) not aligned to %u\n", va,
			(unsigned long long)pa, size, unit);
		return -1;
	}
	for (uint32_t off = 0; off < size; off += unit) {
		int rc = synth_prof(s)->lpae ? lpae_map(s, va + off, pa + off, kind, lpae_prot)
					     : short_map(s, va + off, pa + off, kind, linux_prot);
		if (rc)
			return rc;
	}
	return 0;
}

int synth_pgtable_map(struct synth *s, uint32_t va, uint64_t pa, uint32_t size,
		      enum synth_map_kind kind)
{
	return map_prot(s, va, pa, size, kind, PAGE_KERNEL_LINUX, LPAE_PAGE);
}

static void map_lowmem(struct synth *s)
{
	const struct synth_profile *p = synth_prof(s);
	uint32_t high = synth_symval(s, "high_memory") ? synth_r32(s, synth_symval(s, "high_memory")) : 0;
	uint32_t text = synth_symval(s, "_text"), etext = synth_symval(s, "_etext");
	uint64_t pgd = pgd_pa(s);

	if (p->lpae) /* pgd entries point at the 4 pmd pages after it */
		for (uint32_t i = 0; i < 4; i++)
			wphys64(s, pgd + 8ull * i, (pgd + 0x1000ull * (i + 1)) | LPAE_TABLE);
	for (uint32_t va = p->page_offset; va < high && va >= p->page_offset;) {
		uint64_t pa = (uint64_t)(va - p->page_offset) + p->phys_offset;
		if (p->lpae) {
			wphys64(s, lpae_pmd_entry(s, va), pa | LPAE_BLOCK);
			va += SZ_2M;
		} else {
			int exec = va < etext && va + SZ_1M > text;
			wphys32(s, pgd + 4ull * (va >> 20), (uint32_t)pa | (exec ? L1_SECT_RWX : L1_SECT_RW));
			va += SZ_1M;
		}
	}
}

/* The vector page (and from 3.11 the stubs page after it) is a lowmem page mapped at
 * 0xffff0000 by devicemaps_init; vectors_page holds its lowmem address. */
static void map_vectors(struct synth *s)
{
	int stubs = synth_prof(s)->gen >= 311;
	uint32_t v = synth_alloc(s, stubs ? 2 * PAGE : PAGE, PAGE);

	synth_w32(s, synth_var(s, "vectors_page", 4), v);
	synth_map(s, 0xffff0000u, synth_va_to_pa(s, v), stubs ? 2 * PAGE : PAGE, SYNTH_MAP_PAGE);
	map_prot(s, 0xffff0000u, synth_va_to_pa(s, v), stubs ? 2 * PAGE : PAGE, SYNTH_MAP_PAGE,
		 PAGE_VECTORS_LINUX, LPAE_PAGE & ~(1ull << 54));
}

/* kmap_init: the pkmap PTE table exists from boot, pkmap_page_table its first PTE. */
static void pkmap_table(struct synth *s)
{
	const struct synth_profile *p = synth_prof(s);
	uint32_t var = synth_symval(s, "pkmap_page_table"), base = p->page_offset - SZ_2M;
	uint64_t t;

	if (!var)
		return;
	t = p->lpae ? lpae_pte_table(s, base) : short_pte_page(s, base);
	synth_w32(s, var, synth_pa_to_va(s, t));
}

/* 5.10+: the DT blob stays mapped read-only at FDT_FIXED_BASE | (pa % 2 MB) with sections,
 * and initial_boot_params points there. */
static void map_fdt(struct synth *s)
{
	const struct synth_profile *p = synth_prof(s);
	uint32_t blob = synth_alloc(s, PAGE, PAGE), sect = p->lpae ? SZ_2M : SZ_1M;
	uint64_t pa = synth_va_to_pa(s, blob);
	uint32_t va = 0xff800000u | (uint32_t)(pa % SZ_2M);
	static const uint8_t magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };

	synth_write(s, blob, MM_KVADDR, magic, 4);
	synth_w32(s, synth_var(s, "initial_boot_params", 4), va);
	synth_map(s, va & ~(sect - 1), pa & ~(uint64_t)(sect - 1), sect, SYNTH_MAP_SECTION);
}

void synth_pgtable_init(struct synth *s)
{
	int gen = synth_prof(s)->gen;

	map_lowmem(s);
	map_vectors(s);
	pkmap_table(s);
	if (gen >= 510)
		map_fdt(s);
	else
		synth_w32(s, synth_var(s, "initial_boot_params", 4), synth_alloc(s, PAGE, PAGE));
	if (gen < 305) /* 3.4: the consistent DMA window below CONSISTENT_END, 2 MB by default */
		synth_w32(s, synth_var(s, "consistent_base", 4), 0xffe00000u - SZ_2M);
}

/* A mapping written with explicit Linux PTE bits (tests: old pages, read-only, PROT_NONE). */
int synth_pgtable_map_prot(struct synth *s, uint32_t va, uint64_t pa, uint32_t linux_pte_bits)
{
	return map_prot(s, va, pa, PAGE, SYNTH_MAP_PAGE, linux_pte_bits, LPAE_PAGE);
}
