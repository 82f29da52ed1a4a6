/* The builder itself: struct layout, and the ELF round trip a file reader will use. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_struct_layout(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1-lpae"));
	(void)state;
	/* EABI: a 64-bit member is 8-aligned, the struct padded to its largest alignment. */
	assert_int_equal(synth_struct(s, "vm_struct", (struct synth_field[]){
		{ "next", 4 }, { "addr", 4 }, { "size", 4 }, { "flags", 4 }, { "pages", 4 },
		{ "nr_pages", 4 }, { "phys_addr", 8 }, { "caller", 4 }, { NULL } }), 40);
	assert_int_equal(synth_off(s, "vm_struct", "phys_addr"), 24);
	assert_int_equal(synth_off(s, "vm_struct", "caller"), 32);
	synth_free(s);
}

static void test_elf_round_trip(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19")), *r;
	char path[] = "/tmp/mmview-synth-XXXXXX";
	int fd = mkstemp(path);
	uint32_t va = synth_alloc(s, 16, 4), v = 0;
	uint64_t pa = synth_va_to_pa(s, va);
	struct mm_kernel *k;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	synth_w32(s, va, 0xcafef00d);
	synth_hole(s, pa + 0x10000, 0x2000);
	synth_enum(s, "MIGRATE_MOVABLE", 1);
	assert_int_equal(synth_write_elf(s, path), 0);
	r = synth_read_elf(path);
	unlink(path);
	assert_non_null(r);
	assert_int_equal(synth_readb(r, pa, MM_PHYSADDR, &v, 4), 0);
	assert_int_equal(v, 0xcafef00d);
	k = unit_open(r);
	assert_int_equal(k->phys_offset, 0x40000000u);
	assert_int_equal(mm_read_u32(k, va, &v, NULL), MM_OK);
	assert_int_equal(v, 0xcafef00d);
	assert_int_equal(mm_read_u32(k, va + 0x10000, &v, NULL), MM_EREAD); /* the hole survived */
	assert_int_equal(k->off.page_size, 36);
	mm_kernel_close(k);
	synth_free(r);
	synth_free(s);
}

UNIT_GROUP(synth,
	   cmocka_unit_test(test_struct_layout),
	   cmocka_unit_test(test_elf_round_trip))
