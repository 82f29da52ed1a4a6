/* Module walker on the three struct module generations, and a corrupt module list. */
#include "unit.h"
#include "../../core/modules.h"
#include "../../vmcores/synth/synth_modules.h"
#include <string.h>

static void modules_every_generation(const char *profile)
{
	struct synth *s = synth_new(synth_profile(profile));
	struct mm_kernel *k;
	struct mm_modules m;
	struct mm_err err = { 0 };
	const struct mm_module_region *r;
	const struct mm_module *found;
	uint32_t base = synth_prof(s)->page_offset - 0x1000000u;

	synth_kv_mode(s, 1); /* struct module lives in the modules area */
	synth_modules_init(s);
	synth_module_add(s, "zram", base, 0x3000, 0x5000);
	synth_module_add(s, "loop", base + 0x8000, 0x2000, 0x4000);
	synth_module_add(s, "mmtest_with_a_long_name", base + 0x10000, 0x1000, 0x2000);
	k = unit_open(s);
	assert_int_equal(mm_modules_read(k, &m, &err), MM_OK);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.mod[0].name, "zram");
	assert_string_equal(m.mod[2].name, "mmtest_with_a_long_name");
	found = mm_module_find(&m, base + 0x8000 + 0x1ffc, &r);
	assert_non_null(found);
	assert_string_equal(found->name, "loop");
	assert_string_equal(r->kind, "text");
	found = mm_module_find(&m, base + 0x8000 + 0x2000, &r);
	assert_non_null(found);
	assert_true(!strcmp(r->kind, "core") || !strcmp(r->kind, "data"));
	assert_int_equal(r->base, base + 0xa000);
	assert_int_equal(r->size, 0x2000);
	assert_null(mm_module_find(&m, base + 0x5000, &r)); /* between modules */
	mm_modules_free(&m);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_modules_generations(void **state)
{
	(void)state;
	modules_every_generation("3.4");  /* module_core / core_size */
	modules_every_generation("4.19"); /* core_layout */
	modules_every_generation("6.1");
	modules_every_generation("6.9");  /* mem[MOD_MEM_NUM_TYPES] */
}

static void test_modules_corrupt(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_modules m;
	struct mm_err err = { 0 };
	uint32_t base = 0xbf000000u, a, b;

	(void)state;
	synth_kv_mode(s, 1);
	synth_modules_init(s);
	a = synth_module_add(s, "a", base, 0x1000, 0x2000);
	b = synth_module_add(s, "b", base + 0x4000, 0x1000, 0x2000);
	/* b's next points back at a: a loop that never returns to the head */
	synth_w32(s, b + synth_off(s, "module", "list"), a + synth_off(s, "module", "list"));
	k = unit_open(s);
	assert_int_equal(mm_modules_read(k, &m, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "corrupt list"));
	assert_int_equal(m.n, 2); /* what was read before the cycle is kept */
	mm_modules_free(&m);
	mm_kernel_close(k);

	/* no `modules` symbol: a kernel without CONFIG_MODULES */
	synth_sym_del(s, "modules");
	k = unit_open(s);
	assert_int_equal(mm_modules_read(k, &m, &err), MM_EABSENT);
	assert_non_null(strstr(err.msg, "modules"));
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(modules,
	   cmocka_unit_test(test_modules_generations),
	   cmocka_unit_test(test_modules_corrupt))
