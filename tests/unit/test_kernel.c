/* The kernel model on every synthetic profile: each fact equals what the builder laid down. */
#include "unit.h"
#include "../../vmcores/synth/buddy.h"
#include <stdlib.h>
#include <string.h>

static void model_matches_profile(const struct synth_profile *p, int kv_mode)
{
	struct synth *s = synth_new(p);
	struct mm_kernel *k;
	uint32_t low = (p->lowmem_mb ? p->lowmem_mb : p->ram_mb) << 20;

	synth_kv_mode(s, kv_mode);
	k = unit_open(s);
	assert_int_equal(k->page_offset, p->page_offset);
	assert_int_equal(k->phys_offset, p->phys_offset);
	assert_int_equal(k->high_memory, p->page_offset + low);
	assert_int_equal(k->lpae, p->lpae);
	/* VMALLOC_START: high_memory + 8 MB, rounded down to 8 MB. */
	assert_int_equal(k->vmalloc_start, (p->page_offset + low + 0x800000u) & ~0x7fffffu);
	assert_int_equal(k->vmalloc_end, p->gen >= 404 ? 0xff800000u : 0xff000000u);
	assert_int_equal(k->fixmap_grows_down, p->gen >= 319);
	/* FIXADDR_START: grows up from 0xfff00000 until 3.15; 0xffc00000; 0xffc80000 past the
	 * DT blob's window from 5.10. */
	assert_int_equal(k->fixaddr_start, p->gen >= 510 ? 0xffc80000u : p->gen >= 319 ? 0xffc00000u : 0xfff00000u);
	assert_int_equal(k->fixaddr_end, p->gen >= 319 ? 0xfff00000u : 0xfffe0000u);
	assert_int_equal(k->fixaddr_top, p->gen >= 319 ? 0xffeff000u : 0xfff00000u);
	assert_int_equal(k->has_highmem, p->lowmem_mb && p->lowmem_mb < p->ram_mb);
	if (k->has_highmem) {
		assert_int_equal(k->pkmap_base, p->page_offset - 0x200000u);
		assert_int_equal(k->last_pkmap, 512);
		assert_int_equal(k->modules_end, k->pkmap_base);
	} else
		assert_int_equal(k->modules_end, p->page_offset);
	assert_int_equal(k->modules_vaddr, p->page_offset - 0x1000000u);
	assert_int_equal(k->swapper_pg_dir, p->page_offset + 0x8000 - (p->lpae ? 0x5000 : 0x4000));
	assert_int_equal(k->pgd_phys, p->phys_offset + 0x8000 - (p->lpae ? 0x5000 : 0x4000));
	assert_int_equal(k->text, p->page_offset + 0x8000);
	assert_int_equal(k->mem_model, MM_FLATMEM);
	assert_int_equal(k->mem_map, synth_page(s, synth_first_pfn(s)));
	assert_int_equal(k->pfn_offset, p->phys_offset >> 12);
	assert_int_equal(k->max_pfn, (p->phys_offset >> 12) + ((uint64_t)p->ram_mb << 8));
	assert_int_equal(k->page_struct_size, p->gen >= 418 ? 36 : 32);
	assert_int_equal(k->off.page_flags, 0);
	assert_int_equal(k->nr_cpus, p->nr_cpus);
	for (int c = 0; c < p->nr_cpus; c++) {
		uint32_t ptr = synth_symval(s, "__per_cpu_start") + 0x40;
		assert_int_equal(ptr + k->per_cpu_offset[c], synth_percpu_addr(s, ptr, c));
	}
	assert_int_equal(k->buddy_test, p->gen >= 418 ? MM_BUDDY_PAGE_TYPE : MM_BUDDY_MAPCOUNT);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_model_every_profile(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		model_matches_profile(p, 0);
		model_matches_profile(p, 1); /* PHYS_OFFSET found from __pv_phys_*offset */
	}
}

static void test_read_lowmem_and_phys(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k = unit_open(s);
	uint32_t va = synth_alloc(s, 64, 8), v;
	uint64_t pa = synth_va_to_pa(s, va), w;
	struct mm_err err = { 0 };

	(void)state;
	synth_w32(s, va, 0xdeadbeef);
	synth_w64(s, va + 8, 0x1122334455667788ULL);
	assert_int_equal(mm_read_u32(k, va, &v, &err), MM_OK);
	assert_int_equal(v, 0xdeadbeef);
	assert_int_equal(mm_read_u64(k, va + 8, &w, &err), MM_OK);
	assert_true(w == 0x1122334455667788ULL);
	assert_int_equal(mm_read(k, pa, MM_PHYSADDR, &v, 4, &err), MM_OK);
	assert_int_equal(v, 0xdeadbeef);
	/* A filtered page: the read fails and says where. */
	synth_hole(s, pa, 4096);
	assert_int_equal(mm_read_u32(k, va, &v, &err), MM_EREAD);
	assert_non_null(strstr(err.msg, "kvaddr"));
	/* Outside lowmem with no page-table walker: unmapped, not a crash. */
	assert_int_equal(mm_read_u32(k, 0xf0001000u, &v, &err), MM_EUNMAPPED);
	mm_kernel_close(k);
	synth_free(s);
}

static int has_note(const struct mm_kernel *k, const char *text)
{
	for (int i = 0; i < k->nnotes; i++)
		if (strstr(k->notes[i], text))
			return 1;
	return 0;
}

/* Global scalars checked against each other (issue 15 #5): high_memory 0xffffffff made
 * VMALLOC_START wrap to 0; max_low_pfn 0xffffffff sized a scan of 4 billion pfns. */
static void test_globals_validated(void **state)
{
	(void)state;
	FOR_EACH_PROFILE(p) {
		struct synth *s = synth_new(p);
		struct mm_kernel *k = unit_open(s);
		kva_t vstart = k->vmalloc_start, hm = k->high_memory;
		uint64_t low = k->max_low_pfn, maxp = k->max_pfn;
		char *out;

		assert_false(has_note(k, "implausible") || has_note(k, "past the"));
		mm_kernel_close(k);
		synth_w32(s, synth_symval(s, "high_memory"), 0xffffffffu);
		synth_w32(s, synth_symval(s, "max_low_pfn"), 0xffffffffu);
		synth_w32(s, synth_symval(s, "max_pfn"), 0xfffffff0u);
		k = unit_open(s);
		assert_true(has_note(k, "high_memory ffffffff implausible"));
		assert_int_equal(k->high_memory, 0xef800000u);
		assert_true(k->vmalloc_start == 0xf0000000u && k->vmalloc_start > hm - 1);
		assert_true(has_note(k, "max_low_pfn ffffffff past the end of lowmem"));
		assert_true(k->max_low_pfn == ((p->phys_offset + 0xef800000u - p->page_offset) >> 12));
		assert_true(has_note(k, "max_pfn fffffff0 past the physical address space"));
		assert_true(k->max_pfn == k->max_low_pfn);
		out = unit_run(k, "info");
		assert_non_null(strstr(out, "high_memory ffffffff implausible"));
		free(out);
		mm_kernel_close(k);
		/* a page-aligned value in range is taken as it is */
		synth_w32(s, synth_symval(s, "high_memory"), hm);
		synth_w32(s, synth_symval(s, "max_low_pfn"), (uint32_t)low);
		synth_w32(s, synth_symval(s, "max_pfn"), (uint32_t)maxp);
		k = unit_open(s);
		assert_int_equal(k->vmalloc_start, vstart);
		assert_true(k->max_low_pfn == low && k->max_pfn == maxp);
		mm_kernel_close(k);
		synth_free(s);
	}
}

static void test_missing_symbols(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	uint64_t v;

	(void)state;
	/* No PAGE_OFFSET source at all: the model refuses, naming what was missing. */
	synth_sym_del(s, "swapper_pg_dir");
	synth_sym_del(s, "_text");
	assert_null(mm_kernel_open(synth_target(s), &err));
	assert_int_equal(err.code, MM_EABSENT);
	assert_non_null(strstr(err.msg, "PAGE_OFFSET"));
	synth_free(s);

	/* high_memory missing: recorded as a note, defaults used, the rest resolved. */
	s = synth_new(synth_profile("4.19"));
	synth_sym_del(s, "high_memory");
	synth_member_del(s, "page", "page_type");
	k = unit_open(s);
	assert_int_equal(k->page_offset, 0xc0000000u);
	assert_true(k->nnotes > 0);
	assert_non_null(strstr(k->notes[0], "high_memory"));
	assert_int_equal(k->buddy_test, MM_BUDDY_MAPCOUNT);
	assert_int_equal(mm_symbol(k, "no_such_symbol", &v, &err), MM_EABSENT);
	assert_non_null(strstr(err.msg, "no_such_symbol"));
	assert_int_equal(MM_NEED(k, &err, page, flags), MM_OK);
	mm_kernel_close(k);
	synth_free(s);

	/* kv mode and no __pv variable: the node start is the fallback; without it, an error. */
	s = synth_new(synth_profile("6.1"));
	synth_kv_mode(s, 1);
	synth_sym_del(s, "__pv_phys_pfn_offset");
	assert_null(mm_kernel_open(synth_target(s), &err));
	assert_non_null(strstr(err.msg, "PHYS_OFFSET"));
	synth_free(s);
}

static void test_generation_probes(void **state)
{
	struct synth *s = synth_new(synth_profile("6.9"));
	struct mm_kernel *k;

	(void)state;
	synth_var(s, "nr_vmap_nodes", 4);
	synth_var(s, "vmap_area_list", 8);
	synth_type(s, "vmap_node", 3200);
	synth_var(s, "single", 3200);    /* vmap_nodes folded away, as on 32-bit */
	synth_member(s, "kmem_cache", "cpu_slab", 0, 4);
	synth_member(s, "kmem_cache", "random", 40, 4);
	synth_member(s, "slab", "slab_cache", 8, 4);
	synth_enum(s, "PGTY_buddy", 0xf0);
	k = unit_open(s);
	assert_int_equal(k->vmalloc_gen, MM_VMALLOC_VMAP_NODES);
	assert_int_equal(k->slab_gen, MM_SLAB_SLUB);
	assert_int_equal(k->slab_struct, 1);
	assert_int_equal(k->freeptr_hardened, 1);
	assert_int_equal(k->buddy_test, MM_BUDDY_PGTY);
	mm_kernel_close(k);

	/* PG_slab gone from enum pageflags (6.10+) with no enum pagetype: unknown, not 4.18's */
	synth_enum_del(s, "PGTY_buddy");
	synth_enum_in(s, "pageflags", "PG_locked", 0);
	k = unit_open(s);
	assert_int_equal(k->buddy_test, MM_BUDDY_UNKNOWN);
	mm_kernel_close(k);
	synth_enum_in(s, "pageflags", "PG_slab", 9);
	k = unit_open(s);
	assert_int_equal(k->buddy_test, MM_BUDDY_PAGE_TYPE);
	mm_kernel_close(k);

	synth_sym_del(s, "single");
	k = unit_open(s);
	assert_int_equal(k->vmalloc_gen, MM_VMALLOC_UNKNOWN); /* a node type and no node */
	mm_kernel_close(k);
	synth_type_del(s, "vmap_node");
	k = unit_open(s);
	assert_int_equal(k->vmalloc_gen, MM_VMALLOC_VMAP_AREA_LIST); /* nr_vmap_nodes alone is not enough */
	mm_kernel_close(k);
	/* vmlist in the init section is __initdata (3.10+): never the kernel's list */
	synth_sym_del(s, "vmap_area_list");
	synth_sym(s, "vmlist", synth_symval(s, "__init_begin") + 0x100, 4);
	k = unit_open(s);
	assert_int_equal(k->vmalloc_gen, MM_VMALLOC_UNKNOWN);
	mm_kernel_close(k);
	synth_var(s, "vmlist", 4);
	synth_type_del(s, "kmem_cache");
	synth_member(s, "kmem_cache", "nodelists", 60, 4);
	k = unit_open(s);
	assert_int_equal(k->vmalloc_gen, MM_VMALLOC_VMLIST);
	assert_int_equal(k->slab_gen, MM_SLAB_SLAB);
	assert_int_equal(k->freeptr_hardened, 0);
	mm_kernel_close(k);
	synth_free(s);
}

/* A dump without VMCOREINFO note (crash on QEMU's ELF dumps, raw RAM): the kernel's own copy in
 * memory answers, through the pointer (4.15+) or the array (<= 4.14) vmcoreinfo_data. */
static void vmcoreinfo_in_memory(int as_array)
{
	static const char text[] = "OSRELEASE=6.1.0\nNUMBER(MMTEST_BITS)=27\nCONFIG_MMTEST=y\n";
	struct synth *s = synth_new(synth_profile("6.1"));
	uint32_t buf = synth_alloc(s, 4096, 4), data = synth_var(s, "vmcoreinfo_data", as_array ? 4096 : 4);
	uint32_t size = synth_var(s, "vmcoreinfo_size", 4);
	struct mm_kernel *k;
	char v[32];

	if (as_array) {
		buf = data;
		synth_array(s, "vmcoreinfo_data", 4096);
	} else
		synth_w32(s, data, buf);
	synth_write(s, buf, MM_KVADDR, text, sizeof(text) - 1);
	synth_w32(s, size, sizeof(text) - 1);
	k = unit_open(s);
	assert_int_equal(mm_config(k, "MMTEST_BITS", v, sizeof(v)), MM_OK);
	assert_string_equal(v, "27");
	assert_int_equal(mm_config(k, "CONFIG_MMTEST", v, sizeof(v)), MM_OK);
	assert_string_equal(v, "y");
	assert_int_equal(mm_config(k, "MMTEST", v, sizeof(v)), MM_EABSENT); /* a prefix is no key */
	assert_int_equal(mm_config(k, "DUMP_LEVEL", v, sizeof(v)), MM_EABSENT); /* the file's, not the kernel's */
	mm_kernel_close(k);
	/* a size past a page is not trusted: nothing is read */
	synth_w32(s, size, 1u << 20);
	k = unit_open(s);
	assert_int_equal(mm_config(k, "MMTEST_BITS", v, sizeof(v)), MM_EABSENT);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_vmcoreinfo_from_memory(void **state)
{
	(void)state;
	vmcoreinfo_in_memory(0);
	vmcoreinfo_in_memory(1);
}

static void test_info_command(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k = unit_open(s);
	char *out;

	(void)state;
	out = unit_run(k, "info");
	assert_non_null(strstr(out, "PAGE_OFFSET: c0000000"));
	assert_non_null(strstr(out, "high_memory: c3000000"));
	assert_non_null(strstr(out, "VMALLOC: c3800000 - ff800000"));
	assert_non_null(strstr(out, "PKMAP_BASE: bfe00000"));
	assert_non_null(strstr(out, "LPAE: no"));
	free(out);
	out = unit_run(k, "-j info");
	assert_non_null(strstr(out, "{\"command\":\"info\""));
	assert_non_null(strstr(out, "\"page_offset\":\"0xc0000000\""));
	assert_non_null(strstr(out, "\"vmalloc\":{\"start\":\"0xc3800000\",\"end\":\"0xff800000\"}"));
	assert_non_null(strstr(out, "\"lpae\":false"));
	assert_non_null(strstr(out, "\"nr_cpus\":2"));
	free(out);
	out = unit_run(k, "info --bogus");
	assert_non_null(strstr(out, "mmview: info: unknown option --bogus"));
	free(out);
	out = unit_run(k, "nosuch");
	assert_non_null(strstr(out, "unknown subcommand \"nosuch\""));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* A listed enum type answers every name, present or absent, from one listing; a type the target
 * cannot list falls back to one look-up per name with the same answers. */
static void test_enum_sets(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	long v;

	(void)state;
	synth_enum_in(s, "pageflags", "PG_locked", 0);
	synth_enum_in(s, "pageflags", "PG_slab", 9);
	synth_enum_in(s, "pageflags", "__NR_PAGEFLAGS", 22);
	synth_enum(s, "PG_bogus", 5); /* an enumerator of another type */
	synth_enum(s, "MIGRATE_MOVABLE", 1);
	k = unit_open(s);
	assert_int_equal(mm_enum_of(k, "pageflags", "PG_slab", &v), MM_OK);
	assert_int_equal(v, 9);
	assert_int_equal(mm_enum_of(k, "pageflags", "__NR_PAGEFLAGS", &v), MM_OK);
	assert_int_equal(v, 22);
	/* not a member of enum pageflags, though the name exists elsewhere */
	assert_int_equal(mm_enum_of(k, "pageflags", "PG_bogus", &v), MM_EABSENT);
	assert_int_equal(mm_enum_of(k, "pageflags", "PG_hwpoison", &v), MM_EABSENT);
	/* an unlisted type: name by name */
	assert_int_equal(mm_enum_of(k, "migratetype", "MIGRATE_MOVABLE", &v), MM_OK);
	assert_int_equal(v, 1);
	assert_int_equal(mm_enum_of(k, "migratetype", "MIGRATE_CMA", &v), MM_EABSENT);
	mm_kernel_close(k);
	synth_free(s);
}

/* An entry of a struct only some generations have is asked only when the generation's marker
 * was found: per_cpu_pageset.pcp with zone.pageset (<= 5.13), rb_list.head with vmap_node (6.9+).
 * The structs are defined in every model here: what differs is the marker alone. */
static void test_offsets_gated_by_generation(void **state)
{
	static const struct { const char *profile; int old_pageset; } cases[] = { { "4.19", 1 }, { "6.1", 0 } };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct synth *s = synth_new(synth_profile(cases[i].profile));
		struct mm_kernel *k;

		synth_buddy_init(s); /* struct zone, with its pageset member or not */
		synth_struct(s, "per_cpu_pageset", (struct synth_field[]){ { "pcp", 8 }, { NULL } });
		synth_struct(s, "rb_list", (struct synth_field[]){ { "root", 4 }, { "head", 8 }, { NULL } });
		k = unit_open(s);
		assert_int_equal(k->off.zone_pageset >= 0, cases[i].old_pageset);
		if (cases[i].old_pageset)
			assert_int_equal(k->off.per_cpu_pageset_pcp, 0);
		else
			assert_int_equal(k->off.per_cpu_pageset_pcp, -1); /* defined, never asked */
		assert_int_equal(k->off.vmap_node_size, -1);
		assert_int_equal(k->off.rb_list_head, -1);
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* An address no symbol covers is named by its hex digits, cut to the buffer. */
static void test_symbol_name_fallback(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k = unit_open(s);
	char buf[32], small[5];

	(void)state;
	assert_string_equal(mm_symbol_name(k, 0x12345678, buf, sizeof(buf)), "12345678");
	assert_string_equal(mm_symbol_name(k, 0x0, buf, sizeof(buf)), "0");
	assert_string_equal(mm_symbol_name(k, 0x1f0, buf, sizeof(buf)), "1f0");
	assert_string_equal(mm_symbol_name(k, 0x12345678, small, sizeof(small)), "1234");
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(kernel,
	   cmocka_unit_test(test_symbol_name_fallback),
	   cmocka_unit_test(test_offsets_gated_by_generation),
	   cmocka_unit_test(test_enum_sets),
	   cmocka_unit_test(test_model_every_profile),
	   cmocka_unit_test(test_read_lowmem_and_phys),
	   cmocka_unit_test(test_globals_validated),
	   cmocka_unit_test(test_missing_symbols),
	   cmocka_unit_test(test_generation_probes),
	   cmocka_unit_test(test_info_command),
	   cmocka_unit_test(test_vmcoreinfo_from_memory))
