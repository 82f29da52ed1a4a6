/* The ARM page-table walker on every synthetic profile: what the builder laid down in the
 * kernel's formats is what the walk finds, and broken tables give errors naming the level. */
#include "unit.h"
#include "../../core/arm/pgtable.h"
#include "../../core/arm/layout.h"
#include "../../core/arm/kmap.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_lpae(const struct synth_profile *p) { return p->lpae; }

/* A physical page outside lowmem when the profile has HighMem, else a lowmem page. */
static uint64_t some_page(struct synth *s)
{
	const struct synth_profile *p = synth_prof(s);
	if (p->lowmem_mb && p->lowmem_mb < p->ram_mb)
		return synth_alloc_high(s, 1);
	return synth_va_to_pa(s, synth_alloc(s, 4096, 4096));
}


/* VMALLOC_START of a profile: high_memory + 8 MB, rounded down to 8 MB. */
static kva_t vmalloc_start(const struct synth_profile *p)
{
	uint32_t low = (p->lowmem_mb ? p->lowmem_mb : p->ram_mb) << 20;
	return (p->page_offset + low + 0x800000u) & ~0x7fffffu;
}

/* A dump of profile p with one page mapped at VMALLOC_START + off (its address in *va). */
static struct synth *dump_with_page(const struct synth_profile *p, uint32_t off, kva_t *va)
{
	struct synth *s = synth_new(p);
	*va = vmalloc_start(p) + off;
	synth_map(s, *va, some_page(s), 4096, SYNTH_MAP_PAGE);
	return s;
}

/* Output with runs of spaces squashed to one, so checks do not depend on column widths. */
static char *run_squashed(struct mm_kernel *k, const char *cmd)
{
	char *out = unit_run(k, cmd), *r = out, *w = out;
	for (; *r; r++)
		if (!(*r == ' ' && w > out && w[-1] == ' '))
			*w++ = *r;
	*w = 0;
	return out;
}

static void test_lowmem_sections(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		struct synth *s = synth_new(p);
		struct mm_kernel *k = unit_open(s);
		struct mm_walk w;
		struct mm_err err = { 0 };
		kva_t va = p->page_offset + 0x523456; /* past the kernel text */

		assert_ptr_equal(k->translate != NULL, 1);
		assert_int_equal(mm_pt_walk(k, va, &w, &err), MM_OK);
		assert_true(w.pa == p->phys_offset + 0x523456);
		if (is_lpae(p)) {
			assert_int_equal(w.n, 2);
			assert_string_equal(w.e[1].type->name, "2 MB block");
			assert_int_equal(w.e[0].index, va >> 30);
			assert_int_equal(w.e[1].index, (va >> 21) & 511);
			assert_int_equal(w.size, 0x200000);
		} else {
			assert_int_equal(w.n, 1);
			assert_string_equal(w.e[0].type->name, "section");
			assert_int_equal(w.e[0].index, va >> 20);
			assert_true(w.e[0].addr == k->pgd_phys + 4 * (va >> 20));
			assert_true(w.e[0].value == ((p->phys_offset + 0x500000) | 0x1141e));
			assert_int_equal(w.size, 0x100000);
		}
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* A 4 KB page in vmalloc: the Linux and hardware halves of a short-descriptor PTE page, or
 * the three LPAE levels; reads through k->translate see the page's contents. */
static void test_small_page_and_translate(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		struct synth *s = synth_new(p);
		uint64_t pa = some_page(s);
		struct mm_kernel *k;
		struct mm_walk w;
		struct mm_err err = { 0 };
		kva_t va;
		uint32_t v;

		k = unit_open(s);
		va = k->vmalloc_start + 0x303000; /* odd MB: the pair's second half */
		mm_kernel_close(k);
		assert_int_equal(synth_map(s, va, pa, 4096, SYNTH_MAP_PAGE), 0);
		synth_write(s, pa + 0x10, MM_PHYSADDR, "\x78\x56\x34\x12", 4);
		k = unit_open(s);
		assert_int_equal(mm_pt_walk(k, va + 0x10, &w, &err), MM_OK);
		assert_true(w.pa == pa + 0x10);
		assert_int_equal(w.size, 4096);
		assert_int_equal(w.linux_only, 0);
		if (is_lpae(p)) {
			assert_int_equal(w.n, 3);
			assert_string_equal(w.e[0].type->name, "table");
			assert_string_equal(w.e[1].type->name, "table");
			assert_string_equal(w.e[2].type->name, "page");
			assert_int_equal(w.e[2].index, (va >> 12) & 511);
		} else {
			assert_int_equal(w.n, 2);
			assert_string_equal(w.e[1].type->name, "small page");
			assert_int_equal(w.e[1].index, (va >> 12) & 255);
			assert_true(w.e[1].has_linux);
			/* L1 points at hw pt1 (+3072); the Linux PTE sits 2048 bytes below. */
			assert_int_equal(w.e[0].value & 0xfff, 0xc11);
			assert_true(w.e[1].linux_addr == w.e[1].addr - 2048);
			assert_true(w.e[1].linux_value == (pa | 0x65f));
			assert_true(w.e[1].value == (pa | 0x45f));
		}
		assert_int_equal(mm_read_u32(k, va + 0x10, &v, &err), MM_OK);
		assert_int_equal(v, 0x12345678);
		mm_kernel_close(k);
		synth_free(s);
	}
}

static void test_supersection(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_walk w;
	struct mm_err err = { 0 };
	char flags[128];

	(void)state;
	/* A 16 MB ioremap above 4 GB: PA[35:32] = 3 in bits 23:20, replicated 16 times. */
	assert_int_equal(synth_map(s, 0xf1000000u, 0x3c1000000ull, 0x1000000, SYNTH_MAP_SUPERSECTION), 0);
	k = unit_open(s);
	assert_int_equal(mm_pt_walk(k, 0xf1abcdefu, &w, &err), MM_OK);
	assert_string_equal(w.e[0].type->name, "supersection");
	assert_true(w.pa == 0x3c1abcdefull);
	assert_int_equal(w.size, 0x1000000);
	assert_int_equal(w.e[0].index, 0xf1a);
	assert_true(w.e[0].value == (0xc1000000u | (3u << 20) | (1u << 18) | 0x1141eu));
	mm_pt_flags(w.e[0].type->bits, w.e[0].value, flags, sizeof(flags));
	assert_string_equal(flags, "B C XN AP=1 TEX=1 S");
	mm_kernel_close(k);
	synth_free(s);
}

static void test_large_page_and_block(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k;
	struct mm_walk w;
	struct mm_err err = { 0 };
	uint64_t pa = synth_va_to_pa(s, synth_alloc(s, 0x10000, 0x10000));

	(void)state;
	assert_int_equal(synth_map(s, 0xf0010000u, pa, 0x10000, SYNTH_MAP_LARGE), 0);
	k = unit_open(s);
	assert_int_equal(mm_pt_walk(k, 0xf0015123u, &w, &err), MM_OK);
	assert_string_equal(w.e[1].type->name, "large page");
	assert_true(w.pa == pa + 0x5123);
	assert_int_equal(w.size, 0x10000);
	mm_kernel_close(k);
	synth_free(s);

	/* LPAE: a 2 MB block in the pmd. */
	s = synth_new(synth_profile("6.1-lpae"));
	pa = synth_va_to_pa(s, synth_alloc(s, 0x400000, 0x200000));
	assert_int_equal(synth_map(s, 0xf0200000u, pa, 0x200000, SYNTH_MAP_SECTION), 0);
	k = unit_open(s);
	assert_int_equal(mm_pt_walk(k, 0xf02abcdeu, &w, &err), MM_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.e[1].type->name, "2 MB block");
	assert_int_equal(w.e[1].index, (0xf0200000u >> 21) & 511);
	assert_true(w.pa == pa + 0xabcde);
	mm_kernel_close(k);
	synth_free(s);
}

/* An old page (L_PTE_YOUNG clear): the hardware word is zero, Linux's copy still maps it. */
static void test_old_page(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	uint64_t pa = synth_alloc_high(s, 1);
	struct mm_kernel *k;
	struct mm_walk w;
	struct mm_err err = { 0 };

	(void)state;
	assert_int_equal(synth_pgtable_map_prot(s, 0xf0100000u, pa, 0x65d), 0); /* 0x65f - YOUNG */
	k = unit_open(s);
	assert_int_equal(mm_pt_walk(k, 0xf0100004u, &w, &err), MM_OK);
	assert_int_equal(w.linux_only, 1);
	assert_true(w.e[1].value == 0);
	assert_true(w.pa == pa + 4);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_unmapped_errors(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		kva_t va;
		struct synth *s = dump_with_page(p, 0x400000, &va);
		struct mm_kernel *k = unit_open(s);
		struct mm_walk w;
		struct mm_err err = { 0 };
		char want[96];

		/* No table behind the top level. */
		assert_int_equal(mm_pt_walk(k, va + 0x1000000, &w, &err), MM_EUNMAPPED);
		snprintf(want, sizeof(want), "kvaddr %08x not mapped: %s[%#x]", va + 0x1000000,
			 p->lpae ? "pmd" : "pgd", p->lpae ? ((va + 0x1000000) >> 21) & 511 : (va + 0x1000000) >> 20);
		assert_non_null(strstr(err.msg, want));
		assert_non_null(strstr(err.msg, "not present"));
		/* A table, but no PTE for this page. */
		assert_int_equal(mm_pt_walk(k, va + 0x1000, &w, &err), MM_EUNMAPPED);
		snprintf(want, sizeof(want), "not mapped: pte[%#x]", ((va + 0x1000) >> 12) & (p->lpae ? 511 : 255));
		assert_non_null(strstr(err.msg, want));
		assert_int_equal(w.n, p->lpae ? 3 : 2);
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* A PTE page the dump lost: the walk says which table and which entry. */
static void test_unreadable_table(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		kva_t va;
		struct synth *s = dump_with_page(p, 0x600000, &va);
		struct mm_kernel *k = unit_open(s);
		struct mm_walk w;
		struct mm_err err = { 0 };
		char want[128];
		uint32_t v;

		assert_int_equal(mm_pt_walk(k, va, &w, &err), MM_OK);
		synth_hole(s, w.e[w.n - 1].table, 4096);
		assert_int_equal(mm_pt_walk(k, va, &w, &err), MM_EREAD);
		snprintf(want, sizeof(want), "kvaddr %08x: pte table at physaddr %llx unreadable (entry pte[%#x])",
			 va, (unsigned long long)w.e[w.n - 1].table, (va >> 12) & (p->lpae ? 511 : 255));
		assert_string_equal(err.msg, want);
		/* Reads through the translation fail with the same precise error. */
		assert_int_equal(mm_read_u32(k, va, &v, &err), MM_EREAD);
		assert_non_null(strstr(err.msg, "pte table at physaddr"));
		mm_kernel_close(k);
		synth_free(s);
	}
}

struct count { int leaves, bad; uint64_t bytes; kva_t first; phys_t first_pa; char msg[256]; };

static int count_leaf(struct mm_kernel *k, const struct mm_pt_leaf *l, void *ctx)
{
	struct count *c = ctx;
	(void)k;
	if (!c->leaves++) {
		c->first = l->va;
		c->first_pa = l->pa;
	}
	c->bytes += l->size;
	return 0;
}

static void count_bad(struct mm_kernel *k, const struct mm_err *err, void *ctx)
{
	struct count *c = ctx;
	(void)k;
	c->bad++;
	snprintf(c->msg, sizeof(c->msg), "%s", err->msg);
}

static void test_scan(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		struct synth *s = synth_new(p);
		struct mm_kernel *k = unit_open(s);
		kva_t base = k->vmalloc_start + 0x800000;
		struct count c = { 0 };
		struct mm_err err = { 0 };
		struct mm_walk w;
		uint64_t pa = some_page(s);

		mm_kernel_close(k);
		for (int i = 0; i < 5; i++) /* 5 pages spread over two 2 MB tables */
			synth_map(s, base + (uint32_t)i * 0x80000, pa, 4096, SYNTH_MAP_PAGE);
		k = unit_open(s);
		assert_int_equal(mm_pt_scan(k, base - 0x1000, base + 0x400000, count_leaf, count_bad, &c, &err), MM_OK);
		assert_int_equal(c.leaves, 5);
		assert_int_equal(c.bytes, 5 * 4096);
		assert_int_equal(c.first, base);
		assert_true(c.first_pa == pa);
		assert_int_equal(c.bad, 0);
		/* Lose the second table: the first table's 4 pages still count, the loss is said once. */
		assert_int_equal(mm_pt_walk(k, base + 0x200000, &w, &err), MM_OK);
		synth_hole(s, w.e[w.n - 1].table, 4096);
		memset(&c, 0, sizeof(c));
		assert_int_equal(mm_pt_scan(k, base, base + 0x400000, count_leaf, count_bad, &c, &err), MM_OK);
		assert_int_equal(c.leaves, 4);
		assert_int_equal(c.bad, 1);
		assert_non_null(strstr(c.msg, "pte table at physaddr"));
		/* Lowmem: sections or blocks, the whole of it. */
		memset(&c, 0, sizeof(c));
		assert_int_equal(mm_pt_scan(k, k->page_offset, k->high_memory, count_leaf, NULL, &c, &err), MM_OK);
		assert_true(c.bytes == (uint64_t)(k->high_memory - k->page_offset));
		assert_int_equal(c.leaves, (k->high_memory - k->page_offset) >> (p->lpae ? 21 : 20));
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* The page directory itself unreadable: the walk and scan say so instead of guessing. */
static void test_pgd_unreadable(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k = unit_open(s);
	struct mm_walk w;
	struct mm_err err = { 0 };
	struct count c = { 0 };

	(void)state;
	synth_hole(s, k->pgd_phys + 4 * 0xf00, 4);
	assert_int_equal(mm_pt_walk(k, 0xf0000000u, &w, &err), MM_EREAD);
	assert_non_null(strstr(err.msg, "pgd table at physaddr"));
	assert_non_null(strstr(err.msg, "entry pgd[0xf00]"));
	assert_int_equal(mm_pt_scan(k, 0xf0000000u, 0xf0100000u, count_leaf, count_bad, &c, &err), MM_EREAD);
	mm_kernel_close(k);
	synth_free(s);
}


/* ---- the region map ---- */

static void assert_region(struct mm_kernel *k, uint64_t va, enum mm_region_kind kind, const char *name)
{
	struct mm_region r;
	assert_int_equal(mm_region_of(k, va, &r), kind);
	assert_string_equal(r.name, name);
	assert_true(va >= r.start && va < r.end);
}

static void test_regions_every_profile(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		struct synth *s = synth_new(p);
		struct mm_kernel *k = unit_open(s);
		struct mm_region r;

		assert_region(k, 0xffff0010u, MM_REGION_VECTORS, "vectors");
		if (p->gen >= 311)
			assert_region(k, 0xffff1000u, MM_REGION_VECTORS, "vector stubs");
		else
			assert_region(k, 0xffff1000u, MM_REGION_NONE, "unused");
		assert_region(k, k->fixaddr_top, MM_REGION_FIXMAP, "fixmap");
		if (p->gen >= 510) {
			assert_region(k, 0xff900000u, MM_REGION_FDT, "DT blob");
			assert_region(k, 0xffc40000u, MM_REGION_GUARD, "fixmap guard");
		} else
			assert_int_equal(mm_region_of(k, 0xff900000u, &r), p->gen < 305 ? MM_REGION_NONE : MM_REGION_NONE);
		if (p->gen < 305) { /* 3.4: consistent DMA below 0xffe00000, vmalloc to 0xff000000 */
			assert_region(k, 0xffd00000u, MM_REGION_DMA, "DMA consistent");
			assert_int_equal(mm_region_of(k, 0xff400000u, &r), MM_REGION_NONE);
			assert_int_equal(r.start, 0xff000000u);
			assert_int_equal(r.end, 0xffc00000u);
		}
		assert_region(k, k->vmalloc_start, MM_REGION_VMALLOC, "vmalloc");
		assert_region(k, k->vmalloc_end - 1, MM_REGION_VMALLOC, "vmalloc");
		/* The 8 MB hole between lowmem and vmalloc. */
		assert_int_equal(mm_region_of(k, k->high_memory, &r), MM_REGION_NONE);
		assert_int_equal(r.start, k->high_memory);
		assert_int_equal(r.end, k->vmalloc_start);
		assert_region(k, p->page_offset + 0x10000, MM_REGION_KERNEL, ".text");
		assert_region(k, p->page_offset + 0x210000, MM_REGION_KERNEL, ".rodata");
		assert_region(k, p->page_offset + 0x410000, MM_REGION_KERNEL, ".bss");
		assert_region(k, p->page_offset + 0x1000000, MM_REGION_LOWMEM, "lowmem");
		if (k->has_highmem) {
			assert_region(k, p->page_offset - 0x1000, MM_REGION_PKMAP, "pkmap");
			assert_region(k, p->page_offset - 0x200001, MM_REGION_MODULES, "modules");
		} else
			assert_region(k, p->page_offset - 0x1000, MM_REGION_MODULES, "modules");
		assert_region(k, 0x8000, MM_REGION_USER, "user");
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* static_vmlist (3.10+): struct static_vm { struct vm_struct vm; struct list_head list; }. */
static uint32_t add_static_vm(struct synth *s, uint32_t head, uint32_t addr, uint32_t size)
{
	uint32_t sv = synth_alloc(s, (uint32_t)synth_size(s, "static_vm"), 8);
	synth_wm(s, sv, "vm_struct", "addr", addr);
	synth_wm(s, sv, "vm_struct", "size", size);
	synth_list_add_tail(s, head, sv + (uint32_t)synth_off(s, "static_vm", "list"));
	return sv;
}

static uint32_t declare_static_vmlist(struct synth *s)
{
	long vm = synth_struct(s, "vm_struct", (struct synth_field[]){
		{ "next", 4, 0 }, { "addr", 4, 0 }, { "size", 4, 0 }, { "flags", 4, 0 }, { "pages", 4, 0 },
		{ "nr_pages", 4, 0 }, { "phys_addr", 4, 0 }, { "caller", 4, 0 }, { NULL, 0, 0 } });
	uint32_t head = synth_var(s, "static_vmlist", 8);
	synth_struct(s, "static_vm", (struct synth_field[]){ { "vm", vm, 4 }, { "list", 8, 0 }, { NULL, 0, 0 } });
	synth_list_init(s, head);
	return head;
}

static void test_static_mappings(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	uint32_t head = declare_static_vmlist(s), sv;
	struct mm_kernel *k;
	struct mm_region r;
	char *out;

	(void)state;
	add_static_vm(s, head, 0xfee00000u, 0x200000);
	sv = add_static_vm(s, head, 0xf8000000u, 0x100000);
	k = unit_open(s);
	assert_region(k, 0xfee01000u, MM_REGION_STATIC_MAP, "PCI I/O");
	mm_region_of(k, 0xfee01000u, &r);
	assert_string_equal(mm_layout(k)->r[r.parent].name, "vmalloc");
	assert_region(k, 0xf8000000u, MM_REGION_STATIC_MAP, "static I/O");
	out = run_squashed(k, "layout");
	assert_non_null(strstr(out, " PCI I/O static map fee00000 ff000000"));
	free(out);
	mm_kernel_close(k);
	/* A wild next pointer: the layout still prints, and says what broke. */
	synth_w32(s, sv + (uint32_t)synth_off(s, "static_vm", "list"), 0x00001000u);
	k = unit_open(s);
	out = run_squashed(k, "layout");
	assert_non_null(strstr(out, "mmview: layout: static mappings: static_vmlist: "));
	assert_non_null(strstr(out, "vmalloc"));
	assert_non_null(strstr(out, "user"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* ---- fixmap slots ---- */

static void test_fixmap_grows_up_3_4(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	uint64_t pa = synth_alloc_high(s, 1);
	struct mm_kernel *k;
	struct mm_fixmap_scheme fs;
	struct mm_fixmap_slot slot;
	char *out;

	(void)state;
	/* <= 3.15: idx = type + KM_TYPE_NR * cpu, at FIXADDR_START + idx pages. */
	synth_map(s, 0xfff00000u + (2 + 16 * 1) * 4096u, pa, 4096, SYNTH_MAP_PAGE);
	k = unit_open(s);
	assert_int_equal(k->fixmap_grows_down, 0);
	mm_fixmap_scheme(k, &fs);
	assert_int_equal(fs.have_enum, 0);
	assert_int_equal(fs.per_cpu, 16);
	assert_int_equal(mm_fixmap_slot(k, &fs, 0xfff12000u, &slot), 0);
	assert_int_equal(slot.idx, 18);
	assert_int_equal(slot.cpu, 1);
	assert_int_equal(slot.nest, 2);
	out = run_squashed(k, "fixmap");
	assert_non_null(strstr(out, "GROWS: up from FIXADDR_START"));
	assert_non_null(strstr(out, " 18 fff12000 kmap cpu 1 #2 1 2"));
	assert_non_null(strstr(out, "SLOTS PRESENT: 1"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_fixmap_grows_down(void **state)
{
	static const char *const profiles[] = { "4.19", "6.1", "6.1-lpae" };
	(void)state;
	for (int i = 0; i < 3; i++) {
		struct synth *s = synth_new(synth_profile(profiles[i]));
		uint64_t pa = synth_va_to_pa(s, synth_alloc(s, 8192, 4096));
		struct mm_kernel *k;
		char *out, want[96];

		/* FIX_KMAP_BEGIN 1 (after FIX_EARLYCON_MEM_BASE): cpu 1 nest 3 is idx 20. */
		synth_map(s, 0xffeff000u - 20 * 4096u, pa, 4096, SYNTH_MAP_PAGE);
		synth_map(s, 0xffeff000u, pa + 4096, 4096, SYNTH_MAP_PAGE); /* earlycon, idx 0 */
		k = unit_open(s);
		out = run_squashed(k, "fixmap");
		assert_non_null(strstr(out, "GROWS: down from FIXADDR_TOP"));
		snprintf(want, sizeof(want), " 0 ffeff000 earlycon - - %llx", (unsigned long long)pa + 4096);
		assert_non_null(strstr(out, want));
		snprintf(want, sizeof(want), " 20 ffeeb000 kmap cpu 1 #3 1 3 %llx", (unsigned long long)pa);
		assert_non_null(strstr(out, want));
		assert_non_null(strstr(out, "SLOTS PRESENT: 2"));
		free(out);
		out = run_squashed(k, "-j fixmap");
		assert_non_null(strstr(out, "{\"command\":\"fixmap\",\"fixaddr_start\":"));
		assert_non_null(strstr(out, "\"slot\":\"kmap cpu 1 #3\",\"cpu\":1,\"nest\":3"));
		free(out);
		out = run_squashed(k, "layout");
		assert_non_null(strstr(out, "cpu1: 1 kmap"));
		free(out);
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* A kmap fixmap slot the page tables still map is in use only below its CPU's depth: up to
 * 5.10 the per-CPU __kmap_atomic_idx (ARM leaves the PTE at kunmap_atomic), from 5.11 the
 * kmap_ctrl.idx of the task the CPU runs. The rest is stale, never "kmap". */
static uint32_t kmap_va(int cpu, int nest)
{
	return 0xffeff000u - (uint32_t)(1 + nest + 16 * cpu) * 4096u; /* FIX_KMAP_BEGIN 1, 16 per CPU */
}

static void test_fixmap_stale_kmap(void **state)
{
	(void)state;
	for (int local = 0; local < 2; local++) {
		struct synth *s = synth_new(synth_profile(local ? "6.1" : "4.19"));
		uint64_t pa = synth_va_to_pa(s, synth_alloc(s, 4 * 4096, 4096));
		struct mm_kernel *k;
		char *out;

		if (!local) { /* 5.10: cpu0 has one kmap_atomic open, cpu1 four */
			uint32_t idx = synth_percpu_alloc(s, 4);
			synth_sym(s, "__kmap_atomic_idx", idx, 4);
			synth_w32(s, synth_percpu_addr(s, idx, 0), 1);
			synth_w32(s, synth_percpu_addr(s, idx, 1), 4);
		} else { /* 5.11+: cpu0 runs a task with one kmap_local, cpu1 one with four */
			uint32_t rq = synth_percpu_alloc(s, 64);
			synth_struct(s, "kmap_ctrl", (struct synth_field[]){ { "idx", 4, 0 }, { "pteval", 64, 4 }, { NULL, 0, 0 } });
			synth_struct(s, "task_struct", (struct synth_field[]){ { "state", 4, 0 }, { "stack", 4, 0 },
				{ "kmap_ctrl", synth_size(s, "kmap_ctrl"), 4 }, { NULL, 0, 0 } });
			synth_struct(s, "rq", (struct synth_field[]){ { "lock", 4, 0 }, { "nr_running", 4, 0 },
				{ "curr", 4, 0 }, { NULL, 0, 0 } });
			synth_sym(s, "runqueues", rq, 64);
			for (int c = 0; c < 2; c++) {
				uint32_t task = synth_alloc(s, (uint32_t)synth_size(s, "task_struct"), 8);
				synth_w32(s, task + (uint32_t)synth_off(s, "task_struct", "kmap_ctrl"), c ? 4 : 1);
				synth_wm(s, synth_percpu_addr(s, rq, c), "rq", "curr", task);
			}
		}
		synth_map(s, kmap_va(0, 0), pa, 4096, SYNTH_MAP_PAGE);
		synth_map(s, kmap_va(0, 1), pa + 4096, 4096, SYNTH_MAP_PAGE);  /* above cpu0's depth */
		synth_map(s, kmap_va(0, 2), pa + 8192, 4096, SYNTH_MAP_PAGE);
		synth_map(s, kmap_va(1, 3), pa + 12288, 4096, SYNTH_MAP_PAGE); /* cpu1's fourth */
		k = unit_open(s);
		out = run_squashed(k, "fixmap");
		assert_non_null(strstr(out, local ? "KMAP SLOTS IN USE FROM: kmap_ctrl.idx of rq->curr"
						  : "KMAP SLOTS IN USE FROM: __kmap_atomic_idx"));
		assert_non_null(strstr(out, " 1 ffefe000 kmap cpu 0 #0 0 0 "));
		assert_non_null(strstr(out, " 2 ffefd000 stale kmap cpu 0 #1 0 1 "));
		assert_non_null(strstr(out, " 3 ffefc000 stale kmap cpu 0 #2 0 2 "));
		assert_non_null(strstr(out, "stale: not below cpu 0's depth 1"));
		assert_non_null(strstr(out, " 20 ffeeb000 kmap cpu 1 #3 1 3 "));
		assert_null(strstr(out, "mmview: fixmap:"));
		free(out);
		out = run_squashed(k, "layout");
		assert_non_null(strstr(out, "cpu0: 1 kmap, cpu1: 1 kmap, 2 stale"));
		free(out);
		mm_kernel_close(k);

		/* the depth unreadable: neither in use nor stale is claimed, and that is said */
		synth_sym_del(s, local ? "runqueues" : "__kmap_atomic_idx");
		k = unit_open(s);
		out = run_squashed(k, "fixmap");
		assert_non_null(strstr(out, " 2 ffefd000 kmap cpu 0 #1 0 1 "));
		assert_non_null(strstr(out, "mmview: fixmap: kmap slots in use unknown: "));
		free(out);
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* ---- pkmap ---- */

/* page_address_htable[128] of {list_head lh; spinlock_t lock}, holding page_address_map. */
static uint32_t declare_htable(struct synth *s)
{
	uint32_t ht;
	synth_struct(s, "page_address_slot", (struct synth_field[]){ { "lh", 8, 4 }, { "lock", 4, 0 }, { NULL, 0, 0 } });
	synth_struct(s, "page_address_map", (struct synth_field[]){
		{ "page", 4, 0 }, { "virtual", 4, 0 }, { "list", 8, 4 }, { NULL, 0, 0 } });
	ht = synth_var(s, "page_address_htable", 128 * 12);
	synth_array(s, "page_address_htable", 128);
	for (uint32_t i = 0; i < 128; i++)
		synth_list_init(s, ht + i * 12);
	return ht;
}

static uint32_t htable_add(struct synth *s, uint32_t ht, unsigned bucket, uint32_t page, uint32_t virt)
{
	uint32_t pam = synth_alloc(s, 16, 4);
	synth_wm(s, pam, "page_address_map", "page", page);
	synth_wm(s, pam, "page_address_map", "virtual", virt);
	synth_list_add_tail(s, ht + bucket * 12, pam + 8);
	return pam;
}

static void test_pkmap_slots(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	uint32_t ht = declare_htable(s), counts = synth_symval(s, "pkmap_count"), pam;
	uint64_t pa = synth_alloc_high(s, 3);
	struct mm_kernel *k;
	char *out, want[160];

	(void)state;
	for (unsigned i = 0; i < 3; i++)
		synth_map(s, 0xbfe01000u + i * 4096, pa + i * 4096, 4096, SYNTH_MAP_PAGE);
	synth_w32(s, counts + 4 * 1, 2); /* one user */
	synth_w32(s, counts + 4 * 2, 3); /* two users */
	synth_w32(s, counts + 4 * 3, 1); /* unmapped, awaiting flush */
	htable_add(s, ht, 5, synth_page(s, pa >> 12), 0xbfe01000u);
	htable_add(s, ht, 9, synth_page(s, (pa >> 12) + 7), 0xbfe02000u); /* names another page */
	pam = htable_add(s, ht, 9, synth_page(s, (pa >> 12) + 2), 0xbfe03000u);
	k = unit_open(s);
	out = run_squashed(k, "pkmap");
	snprintf(want, sizeof(want), " 1 bfe01000 2 1 user %llx %llx %x %x -",
		 (unsigned long long)(pa >> 12), (unsigned long long)pa, synth_page(s, pa >> 12), synth_page(s, pa >> 12));
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "2 users"));
	assert_non_null(strstr(out, "page_address_htable names another page"));
	assert_non_null(strstr(out, "unused, needs flush"));
	assert_non_null(strstr(out, "SLOTS IN USE: 3"));
	assert_non_null(strstr(out, "PROBLEMS: 1"));
	assert_non_null(strstr(out, "HTABLE ENTRIES: 3"));
	free(out);
	out = run_squashed(k, "layout");
	assert_non_null(strstr(out, "3/512 slots"));
	free(out);
	mm_kernel_close(k);
	/* A cycle in one hash chain: that chain's error is named, the slots still print. */
	synth_w32(s, pam + 8, pam + 8);
	k = unit_open(s);
	out = run_squashed(k, "pkmap");
	assert_non_null(strstr(out, "mmview: pkmap: page_address_htable[9]: "));
	assert_non_null(strstr(out, "SLOTS IN USE: 3"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);

	/* No HIGHMEM: a one-line error. */
	s = synth_new(synth_profile("4.19"));
	k = unit_open(s);
	out = run_squashed(k, "pkmap");
	assert_non_null(strstr(out, "mmview: pkmap: no pkmap: kernel built without HIGHMEM"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* ---- vtop / ptov output ---- */

static void test_vtop_command(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	uint64_t pa = synth_alloc_high(s, 1);
	struct mm_kernel *k;
	char *out, want[160];

	(void)state;
	synth_map(s, 0xffeff000u - 2 * 4096u, pa, 4096, SYNTH_MAP_PAGE);
	k = unit_open(s);
	out = run_squashed(k, "vtop ffefd010 c0500000 f1000000");
	assert_non_null(strstr(out, "REGION: fixmap"));
	assert_non_null(strstr(out, "FIXMAP SLOT: kmap cpu 0 #1"));
	snprintf(want, sizeof(want), "PHYSICAL: %llx", (unsigned long long)pa + 0x10);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "PRESENT YOUNG MT=WRITEALLOC DIRTY XN SHARED"));
	assert_non_null(strstr(out, "small page XN B C AP=1 TEX=1 S"));
	snprintf(want, sizeof(want), "PAGE: %x", synth_page(s, pa >> 12));
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "LINEAR AGREES: yes"));
	assert_non_null(strstr(out, "mmview: vtop f1000000: kvaddr f1000000 not mapped: pgd[0xf10]"));
	free(out);
	out = run_squashed(k, "-j vtop ffefd010");
	snprintf(want, sizeof(want), "\"paddr\":\"0x%llx\"", (unsigned long long)pa + 0x10);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "\"fixmap_slot\":\"kmap cpu 0 #1\""));
	assert_non_null(strstr(out, "{\"level\":\"pgd\",\"index\":\"0xffe\""));
	free(out);
	out = run_squashed(k, "vtop nosuchsym");
	assert_non_null(strstr(out, "neither a hex address nor a symbol"));
	free(out);
	out = run_squashed(k, "ptov 40530000");
	assert_non_null(strstr(out, "c0530000 lowmem linear map"));
	assert_non_null(strstr(out, "ffff0000 vectors page tables"));
	free(out);
	snprintf(want, sizeof(want), "ptov %llx", (unsigned long long)pa);
	out = run_squashed(k, want);
	assert_non_null(strstr(out, "ffefd000 fixmap page tables kmap cpu 0 #1"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(pgtable,
	   cmocka_unit_test(test_lowmem_sections),
	   cmocka_unit_test(test_small_page_and_translate),
	   cmocka_unit_test(test_supersection),
	   cmocka_unit_test(test_large_page_and_block),
	   cmocka_unit_test(test_old_page),
	   cmocka_unit_test(test_unmapped_errors),
	   cmocka_unit_test(test_unreadable_table),
	   cmocka_unit_test(test_scan),
	   cmocka_unit_test(test_pgd_unreadable),
	   cmocka_unit_test(test_regions_every_profile),
	   cmocka_unit_test(test_static_mappings),
	   cmocka_unit_test(test_fixmap_grows_up_3_4),
	   cmocka_unit_test(test_fixmap_grows_down),
	   cmocka_unit_test(test_fixmap_stale_kmap),
	   cmocka_unit_test(test_pkmap_slots),
	   cmocka_unit_test(test_vtop_command))
