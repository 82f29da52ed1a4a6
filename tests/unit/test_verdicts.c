/* Verdicts the kernel itself would reach (issue 13): each test names the kernel function whose
 * decision it reproduces, on a synthetic dump laid out as the generation concerned. */
#include "unit.h"
#include "../../core/vmalloc.h"
#include "../../core/identify.h"
#include "../../core/arm/layout.h"
#include "../../core/arm/kmap.h"
#include "../../vmcores/synth/synth_vmalloc.h"
#include <stdlib.h>
#include <string.h>

/* ---- vmalloc bookkeeping ---- */

/* struct vmap_area of 3.4-3.9 (private, not vm; purge_list a list_head) on the static
 * vmap_area_list, which real 3.4 dumps carry next to vmlist. */
static uint32_t declare_vmap_area_34(struct synth *s)
{
	uint32_t head;

	synth_struct(s, "vmap_area", (struct synth_field[]){
		{ "va_start", 4, 0 }, { "va_end", 4, 0 }, { "flags", 4, 0 }, { "rb_node", 12, 0 },
		{ "list", 8, 0 }, { "purge_list", 8, 0 }, { "private", 4, 0 }, { "rcu_head", 8, 0 },
		{ NULL, 0, 0 } });
	head = synth_var(s, "vmap_area_list", 8);
	synth_list_init(s, head);
	return head;
}

static uint32_t vm_struct_at(struct synth *s, uint32_t addr, uint32_t size, uint32_t flags)
{
	uint32_t vm = synth_alloc(s, (uint32_t)synth_size(s, "vm_struct"), 4);
	synth_wm(s, vm, "vm_struct", "addr", addr);
	synth_wm(s, vm, "vm_struct", "size", size);
	synth_wm(s, vm, "vm_struct", "flags", flags);
	return vm;
}

static void vmap_area_34(struct synth *s, uint32_t head, uint32_t start, uint32_t size,
			 uint32_t flags, uint32_t vm)
{
	uint32_t va = synth_alloc(s, (uint32_t)synth_size(s, "vmap_area"), 4);
	synth_wm(s, va, "vmap_area", "va_start", start);
	synth_wm(s, va, "vmap_area", "va_end", start + size);
	synth_wm(s, va, "vmap_area", "flags", flags);
	synth_wm(s, va, "vmap_area", "private", vm);
	synth_list_add_tail(s, head, va + (uint32_t)synth_off(s, "vmap_area", "list"));
}

/* mm/vmalloc.c of 3.4: remove_vm_area -> free_unmap_vmap_area_noflush ORs VM_LAZY_FREE into
 * va->flags and leaves VM_VM_AREA and va->private (the freed vm_struct) alone; vmalloc_init
 * imported the static mappings with va->flags = vm->flags | VM_VM_AREA, private NULL. */
static void test_vmap_area_lazy_free_34_remove_vm_area(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	struct synth_vmalloc *b = synth_vmalloc_new(s);
	struct mm_kernel *k;
	struct mm_vmalloc v;
	struct mm_vmalloc_stats st;
	struct mm_err err = { 0 };
	uint32_t head = declare_vmap_area_34(s), base = 0xc3000000u;

	(void)state;
	vmap_area_34(s, head, base, 0x3000, 0x04, vm_struct_at(s, base, 0x3000, 0x2));
	/* freed: the vm_struct behind it was kfree'd and reused, its range is stale */
	vmap_area_34(s, head, base + 0x4000, 0x5000, 0x04 | 0x01, vm_struct_at(s, 0x1234000, 0x1000, 0));
	vmap_area_34(s, head, base + 0xa000, 0x2000, 0x04 | 0x02, vm_struct_at(s, 0, 0, 0)); /* being purged */
	vmap_area_34(s, head, 0xfee00000u, 0x200000, 0x40000001u | 0x04, 0);
	k = unit_open(s);
	assert_int_equal(mm_vmalloc_va_gen(k), MM_VA_GEN_FLAGS_LIST);
	assert_int_equal(mm_vmalloc_read(k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 4);
	for (size_t i = 0; i < v.nprob; i++)
		print_message("problem: %s\n", v.prob[i].msg);
	assert_int_equal(v.nprob, 0);
	assert_int_equal(v.area[0].state, MM_VA_LIVE);
	assert_int_equal(v.area[1].state, MM_VA_LAZY);
	assert_int_equal(v.area[2].state, MM_VA_LAZY);
	assert_int_equal(v.area[3].state, MM_VA_STATIC);
	assert_int_equal(v.area[3].flags, 0x40000001u);
	assert_int_equal(mm_vmalloc_stats(&v, k->vmalloc_start, 0xff000000u, &st), MM_OK);
	assert_int_equal(st.count[MM_VA_LAZY], 2);
	assert_int_equal(st.bytes[MM_VA_LAZY], 0x7000);
	mm_vmalloc_free(&v);
	mm_kernel_close(k);
	synth_vmalloc_free(b);
	synth_free(s);
}

/* arch/arm/mm/mmu.c iotable_init / vm_reserve_area_early: vm->size is the mapping's exact
 * size (no __get_vm_area_node, no guard page), so the last page of a static mapping is
 * mapped I/O, not a guard. */
static void test_static_mapping_no_guard_iotable_init(void **state)
{
	static const char *const profiles[] = { "3.4", "6.1" };
	(void)state;
	for (int i = 0; i < 2; i++) {
		struct synth *s = synth_new(synth_profile(profiles[i]));
		struct synth_vmalloc *b = synth_vmalloc_new(s);
		struct mm_kernel *k;
		struct mm_vmalloc v;
		struct mm_vmalloc_lookup r;
		struct mm_err err = { 0 };
		struct mm_ident id;

		synth_vmalloc_area(b, 0xfee00000u, 0x200000, SYNTH_VM_IOREMAP | SYNTH_VM_ARM_STATIC, 0, 0, 0x3f000000);
		synth_vmalloc_finish(b);
		k = unit_open(s);
		assert_int_equal(mm_vmalloc_read(k, &v, &err), MM_OK);
		mm_vmalloc_lookup(k, &v, 0xfefffff0u, &r);
		assert_int_equal(r.where, MM_VM_AREA);
		assert_int_equal(r.area->state, MM_VA_STATIC);
		assert_int_equal(r.page_index, 0x1ff);
		assert_int_equal(mm_vmalloc_guard_start(k, &v, r.area), 0xff000000u);
		mm_vmalloc_free(&v);
		mm_identify(k, 0xfefffff0u, &id);
		for (int j = 0; j < id.nowners; j++)
			assert_string_not_equal(id.owner[j].kind, "guard page");
		mm_kernel_close(k);
		synth_vmalloc_free(b);
		synth_free(s);
	}
}

/* ---- fixmap ---- */

/* arch/arm/include/asm/fixmap.h of 3.16-3.18 (kmap_atomic in arch/arm/mm/highmem.c through
 * fixmap_page_table): FIXADDR_START 0xffc00000, FIXADDR_TOP 0xffe00000, __fix_to_virt(x) =
 * FIXADDR_START + (x << PAGE_SHIFT), idx = type + KM_TYPE_NR * cpu; macros only. */
static void test_fixmap_316_kmap_atomic(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	uint64_t pa = synth_alloc_high(s, 1);
	struct mm_kernel *k;
	struct mm_fixmap_scheme fs;
	struct mm_fixmap_slot slot;
	struct mm_region r;

	(void)state;
	synth_sym(s, "fixmap_page_table", synth_alloc(s, 4, 4), 4);
	synth_map(s, 0xffc00000u + (2 + 16 * 1) * 4096u, pa, 4096, SYNTH_MAP_PAGE);
	k = unit_open(s);
	assert_int_equal(k->fixmap_grows_down, 0);
	assert_int_equal(k->fixaddr_start, 0xffc00000u);
	assert_int_equal(k->fixaddr_end, 0xffe00000u);
	assert_int_equal(mm_region_of(k, 0xffc12000u, &r), MM_REGION_FIXMAP);
	mm_fixmap_scheme(k, &fs);
	assert_int_equal(mm_fixmap_slot(k, &fs, 0xffc12000u, &slot), 0);
	assert_int_equal(slot.idx, 18);
	assert_int_equal(slot.cpu, 1);
	assert_int_equal(slot.nest, 2);
	mm_kernel_close(k);
	synth_free(s);
	/* without the 3.16 symbol: the 3.4 range */
	s = synth_new(synth_profile("3.4"));
	k = unit_open(s);
	assert_int_equal(k->fixaddr_start, 0xfff00000u);
	assert_int_equal(k->fixaddr_end, 0xfffe0000u);
	mm_kernel_close(k);
	synth_free(s);
}

/* arch/arm/include/asm/fixmap.h of 5.10+: FIXADDR_START 0xffc80000 is a constant; an ATAGS
 * boot (initial_boot_params NULL) with no __atags_pointer has nothing mapped at
 * FDT_FIXED_BASE (devicemaps_init maps it only `if (__atags_pointer)`). */
static void test_fixmap_510_atags_boot_fixaddr_start(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	uint32_t pgd = synth_symval(s, "swapper_pg_dir");
	struct mm_kernel *k;
	struct mm_region r;

	(void)state;
	assert_true(pgd != 0);
	synth_w32(s, synth_symval(s, "initial_boot_params"), 0);
	for (uint32_t mb = 0xff8; mb < 0xffc; mb++) /* no DT window mapped: level-1 entries cleared */
		synth_w32(s, pgd + 4 * mb, 0);
	synth_sym(s, "prb", synth_alloc(s, 4, 4), 4);
	k = unit_open(s);
	assert_int_equal(k->fixaddr_start, 0xffc80000u);
	assert_int_equal(mm_region_of(k, 0xffc40000u, &r), MM_REGION_GUARD);
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(verdicts,
	   cmocka_unit_test(test_fixmap_316_kmap_atomic),
	   cmocka_unit_test(test_fixmap_510_atags_boot_fixaddr_start),
	   cmocka_unit_test(test_vmap_area_lazy_free_34_remove_vm_area),
	   cmocka_unit_test(test_static_mapping_no_guard_iotable_init))
