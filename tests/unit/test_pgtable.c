/* The ARM page-table walker on every synthetic profile: what the builder laid down in the
 * kernel's formats is what the walk finds, and broken tables give errors naming the level. */
#include "unit.h"
#include "../../core/arm/pgtable.h"
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
		struct synth *s = synth_new(p);
		struct mm_kernel *k;
		struct mm_walk w;
		struct mm_err err = { 0 };
		char want[96];
		kva_t va;

		k = unit_open(s);
		va = k->vmalloc_start + 0x400000;
		mm_kernel_close(k);
		synth_map(s, va, some_page(s), 4096, SYNTH_MAP_PAGE);
		k = unit_open(s);
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
		struct synth *s = synth_new(p);
		struct mm_kernel *k;
		struct mm_walk w;
		struct mm_err err = { 0 };
		char want[128];
		kva_t va;
		uint32_t v;

		k = unit_open(s);
		va = k->vmalloc_start + 0x600000;
		mm_kernel_close(k);
		synth_map(s, va, some_page(s), 4096, SYNTH_MAP_PAGE);
		k = unit_open(s);
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

UNIT_GROUP(pgtable,
	   cmocka_unit_test(test_lowmem_sections),
	   cmocka_unit_test(test_small_page_and_translate),
	   cmocka_unit_test(test_supersection),
	   cmocka_unit_test(test_large_page_and_block),
	   cmocka_unit_test(test_old_page),
	   cmocka_unit_test(test_unmapped_errors),
	   cmocka_unit_test(test_unreadable_table),
	   cmocka_unit_test(test_scan),
	   cmocka_unit_test(test_pgd_unreadable))
