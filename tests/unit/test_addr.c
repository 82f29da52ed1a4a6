/* `mmview addr`: region, translation and owner for each kind of address the builder laid
 * down, in text and JSON. */
#include "unit.h"
#include "../../core/identify/identify.h"
#include "../../vmcores/synth/synth_modules.h"
#include "../../vmcores/synth/buddy.h"
#include "../../vmcores/synth/synth_vmalloc.h"
#include "../../vmcores/synth/synth_slab.h"
#include <stdlib.h>
#include <string.h>

static const struct mm_owner *owner_of(const struct mm_ident *id, const char *kind)
{
	for (int i = 0; i < id->nowners; i++)
		if (!strcmp(id->owner[i].kind, kind))
			return &id->owner[i];
	fail_msg("no owner of kind %s", kind);
	abort(); /* not reached: fail_msg ends the test */
}

static void test_identify_regions(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_ident id;
	const struct mm_owner *o;
	uint32_t text = synth_symval(s, "_text"), counts = synth_symval(s, "pkmap_count");
	uint64_t hpa = synth_alloc_high(s, 1), fpa = synth_va_to_pa(s, synth_alloc(s, 4096, 4096));

	(void)state;
	synth_sym(s, "do_fault_here", text + 0x1000, 0x80);
	synth_modules_init(s);
	synth_module_add(s, "zram", 0xbf000000u, 0x3000, 0x5000);
	synth_map(s, 0xbfe04000u, hpa, 4096, SYNTH_MAP_PAGE); /* pkmap slot 4, one user */
	synth_w32(s, counts + 16, 2);
	synth_map(s, 0xffeff000u - 2 * 4096u, fpa, 4096, SYNTH_MAP_PAGE); /* kmap cpu 0 #1 */
	k = unit_open(s);

	mm_identify(k, text + 0x1010, &id);
	assert_int_equal(id.region.kind, MM_REGION_KERNEL);
	assert_true(id.translated && id.linear && !id.walk_disagrees);
	assert_true(id.pa == synth_va_to_pa(s, text + 0x1010));
	o = owner_of(&id, "kernel image");
	assert_non_null(o);
	assert_string_equal(o->what, "do_fault_here+16 in the kernel's .text section");

	mm_identify(k, 0xbf001234u, &id);
	assert_int_equal(id.region.kind, MM_REGION_MODULES);
	o = owner_of(&id, "module");
	assert_non_null(o);
	assert_non_null(strstr(o->what, "module zram, text (bf000000-bf003000)"));
	assert_int_equal(o->offset, 0x1234);
	mm_identify(k, 0xbf100000u, &id);
	o = owner_of(&id, "module space");
	assert_non_null(o);
	assert_string_equal(o->what, "in the modules area but in none of the 1 loaded modules");
	assert_false(id.translated);
	assert_non_null(strstr(id.xlat.msg, "not present"));

	mm_identify(k, 0xbfe04010u, &id);
	assert_int_equal(id.region.kind, MM_REGION_PKMAP);
	assert_true(id.translated && id.pa == hpa + 0x10);
	o = owner_of(&id, "pkmap slot");
	assert_non_null(o);
	{
		char want[96];
		snprintf(want, sizeof(want), "pkmap slot 4: kmap() of pfn %llx, 1 user", (unsigned long long)(hpa >> 12));
		assert_string_equal(o->what, want);
	}

	mm_identify(k, 0xffefd008u, &id);
	assert_int_equal(id.region.kind, MM_REGION_FIXMAP);
	o = owner_of(&id, "fixmap slot");
	assert_non_null(o);
	assert_non_null(strstr(o->what, "kmap cpu 0 #1, mapping pfn"));

	mm_identify(k, 0xffff0004u, &id);
	o = owner_of(&id, "vector page");
	assert_non_null(o);
	assert_string_equal(o->what, "exception vectors (+0x4)");

	mm_identify(k, 0x00010000u, &id);
	assert_int_equal(id.region.kind, MM_REGION_USER);
	assert_non_null(owner_of(&id, "user address"));
	mm_kernel_close(k);
	synth_free(s);
}

static void test_addr_command(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k;
	char *out;

	(void)state;
	synth_sym(s, "jiffies", synth_symval(s, "_edata") - 0x40, 4);
	k = unit_open(s);
	out = unit_run(k, "addr jiffies c0000000+0x8004 nonsense");
	assert_non_null(strstr(out, "ADDRESS: c03fffc0"));
	assert_non_null(strstr(out, "kernel image: jiffies in the kernel's .data section"));
	assert_non_null(strstr(out, "ADDRESS: c0008004"));
	assert_non_null(strstr(out, "mmview: addr: \"nonsense\" is neither a hex address nor a symbol"));
	free(out);
	out = unit_run(k, "-j addr c03fffc0");
	assert_non_null(strstr(out, "{\"command\":\"addr\",\"addresses\":[{\"address\":\"0xc03fffc0\",\"region\":"));
	assert_non_null(strstr(out, "\"translation\":{\"mapped\":true,\"paddr\":\"0x403fffc0\""));
	assert_non_null(strstr(out, "\"owners\":[{\"kind\":\"kernel image\",\"confidence\":\"sure\""));
	assert_null(strstr(out, ",,"));
	free(out);
	out = unit_run(k, "addr -p 403fffc0");
	assert_non_null(strstr(out, "alias of: physical 403fffc0"));
	assert_non_null(strstr(out, "ADDRESS: c03fffc0"));
	free(out);
	out = unit_run(k, "addr");
	assert_non_null(strstr(out, "mmview: addr: usage: mmview addr [-p] ADDR..."));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_identify_free_page(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_ident id;
	const struct mm_owner *o;
	uint32_t va = synth_alloc(s, 4 * 4096, 4 * 4096);
	uint64_t pfn = synth_va_to_pa(s, va) >> 12;
	char want[96];

	(void)state;
	synth_buddy_init(s);
	synth_buddy_free(s, pfn, 2, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	k = unit_open(s);
	mm_identify(k, va + 2 * 4096 + 8, &id); /* the third page of the order-2 block */
	assert_int_equal(id.region.kind, MM_REGION_LOWMEM);
	o = owner_of(&id, "free block");
	snprintf(want, sizeof(want), "free: inside an order-2 buddy block at pfn %llx, Movable list",
		 (unsigned long long)pfn);
	assert_string_equal(o->what, want);
	assert_int_equal(o->confidence, MM_SURE);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_identify_vmalloc(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct synth_vmalloc *b = synth_vmalloc_new(s);
	struct mm_kernel *k;
	struct mm_ident id;
	const struct mm_owner *o;
	uint32_t text = synth_symval(s, "_text"), vs;

	(void)state;
	synth_sym(s, "mmtest_init", text + 0x2000, 0x100);
	k = unit_open(s); /* only to learn VMALLOC_START */
	vs = k->vmalloc_start;
	mm_kernel_close(k);
	/* 3 pages + guard, then a hole of 2 pages, then 1 page + guard */
	synth_vmalloc_area(b, vs, 0x4000, SYNTH_VM_ALLOC, text + 0x2010, 3, 0);
	synth_vmalloc_area(b, vs + 0x6000, 0x2000, SYNTH_VM_ALLOC, text + 0x2010, 1, 0);
	synth_vmalloc_finish(b);
	k = unit_open(s);

	mm_identify(k, vs + 0x1008, &id);
	assert_int_equal(id.region.kind, MM_REGION_VMALLOC);
	o = owner_of(&id, "vmalloc area");
	assert_non_null(strstr(o->what, "(16384 bytes, live, caller mmtest_init+0x10/0x100), page 1 of 3, offset 0x1008"));
	assert_int_equal(o->offset, 0x1008);

	mm_identify(k, vs + 0x3000, &id); /* the guard-fault case */
	o = owner_of(&id, "guard page");
	assert_non_null(strstr(o->what, "guard page of vmalloc area"));
	assert_non_null(strstr(o->what, ": 0 bytes past its end"));
	assert_false(id.translated);

	mm_identify(k, vs + 0x5000, &id);
	o = owner_of(&id, "vmalloc hole");
	{
		char want[128];
		snprintf(want, sizeof(want), "unmapped hole %x-%x (8192 bytes) between vmalloc areas: no allocation owns it",
			 vs + 0x4000, vs + 0x6000);
		assert_string_equal(o->what, want);
	}
	synth_vmalloc_free(b);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_identify_slab_object(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct synth_cache c;
	struct synth_slab_spec sp = { .where = SYNTH_PARTIAL, .nfree = 2, .free = (const int[]){ 5, 9 } };
	struct mm_kernel *k;
	struct mm_ident id;
	const struct mm_owner *o;
	char want[160];

	(void)state;
	synth_slab_declare(s, SYNTH_SLAB_HARDENED | SYNTH_SLAB_DEBUG);
	synth_slab_cache(s, &c, "mmtest_frag", 200, 208, 0, 0);
	synth_slab_add(s, &c, &sp);
	k = unit_open(s);

	mm_identify(k, synth_slab_obj(&c, sp.base, 4) + 12, &id); /* allocated */
	o = owner_of(&id, "slab object");
	snprintf(want, sizeof(want), "allocated object 4 of cache mmtest_frag: %x+0xc (object size 200, slab %x): allocated",
		 synth_slab_obj(&c, sp.base, 4), sp.base);
	assert_string_equal(o->what, want);
	assert_int_equal(o->offset, 12);
	assert_int_equal(id.owner[0].confidence, MM_SURE);
	assert_string_equal(id.owner[0].kind, "slab object"); /* the most specific owner first */

	mm_identify(k, synth_slab_obj(&c, sp.base, 9), &id); /* free on the slab's freelist */
	o = owner_of(&id, "slab object");
	assert_non_null(strstr(o->what, "free object 9 of cache mmtest_frag"));
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(addr,
	   cmocka_unit_test(test_identify_slab_object),
	   cmocka_unit_test(test_identify_vmalloc),
	   cmocka_unit_test(test_identify_free_page),
	   cmocka_unit_test(test_identify_regions),
	   cmocka_unit_test(test_addr_command))
