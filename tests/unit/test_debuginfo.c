/* vmlinux reading (standalone/debuginfo.c) on a small ARM ELF compiled here with DWARF: struct
 * and union sizes, members inside anonymous unions and structs, typedefs, enumerators (an
 * unsigned one above 0x7f kept unsigned), whole enum types, array lengths, symbols and
 * "name+0xoff" names as crash keeps them (no absolute symbols below PAGE_OFFSET). Skipped when
 * the ARM cross compiler (tools/setup installs it) is missing. */
#include "unit.h"
#include "../../standalone/debuginfo.h"
#include <string.h>
#include <unistd.h>

static const char *source =
	"typedef unsigned int u32;\n"
	"typedef struct { u32 pte; } pte_t;\n"
	"struct list_head { struct list_head *next, *prev; };\n"
	"struct page {\n"
	"  unsigned long flags;\n"
	"  union {\n"
	"    struct { struct list_head lru; void *mapping; };\n"
	"    struct { unsigned long compound_head; unsigned char order; };\n"
	"  };\n"
	"  union { int _mapcount; unsigned int page_type; };\n"
	"  int _refcount;\n"
	"  unsigned short bits : 3;\n"
	"};\n"
	"enum fixed_addresses { FIX_EARLYCON_MEM_BASE, FIX_KMAP_BEGIN = 0x10, FIX_KMAP_END = 0x90, FIX_TEXT_POKE0 };\n"
	"enum { NEGATIVE = -3, ANON_ENUM_A = 7 };\n"
	"struct page mem_map_storage[5];\n"
	"unsigned long __per_cpu_offset[4];\n"
	"char swapper_pg_dir[16384] __attribute__((aligned(16384)));\n"
	"pte_t some_pte;\n"
	"enum fixed_addresses fa;\n"
	"int f_neg = NEGATIVE + ANON_ENUM_A;\n"
	"void start_kernel(void) { for (;;) ; }\n"
	"void rest_init(void) { start_kernel(); }\n";

static char elf[128];

static int build(void **state)
{
	char dir[] = "/tmp/mmview-dwarf-XXXXXX", cmd[1024], src[160];
	FILE *f;
	(void)state;

	elf[0] = 0;
	if (system("arm-linux-gnueabihf-gcc --version >/dev/null 2>&1"))
		return 0;
	if (!mkdtemp(dir))
		return 0;
	snprintf(src, sizeof(src), "%s/k.c", dir);
	snprintf(elf, sizeof(elf), "%s/vmlinux", dir);
	f = fopen(src, "w");
	if (!f)
		return 0;
	fputs(source, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "arm-linux-gnueabihf-gcc -g -O0 -nostdlib -static -Wl,-Ttext=0xc0008000 -Wl,-e,start_kernel "
		 "-Wl,--defsym=NMRR=0x40e040e0 -Wl,--build-id=sha1 -o %s %s 2>/dev/null", elf, src);
	if (system(cmd))
		elf[0] = 0;
	return 0;
}

static int cleanup(void **state)
{
	(void)state;
	if (elf[0]) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strrchr(elf, '/') - elf), elf);
		if (system(cmd))
			return 0;
	}
	return 0;
}

static struct dbg *open_or_skip(void)
{
	char msg[256];
	struct dbg *d;
	if (!elf[0])
		skip();
	d = dbg_open(elf, msg, sizeof(msg));
	if (!d)
		fail_msg("dbg_open: %s", msg);
	return d;
}

static void test_types_and_members(void **state)
{
	struct dbg *d = open_or_skip();
	(void)state;

	assert_int_equal(dbg_dwarf_loaded(d), 0); /* nothing read before the first question */
	assert_int_equal(dbg_type_size(d, "page"), 28);
	assert_int_equal(dbg_dwarf_loaded(d), 1);
	assert_int_equal(dbg_type_size(d, "list_head"), 8);
	assert_int_equal(dbg_type_size(d, "pte_t"), 4);     /* a typedef of an anonymous struct */
	assert_int_equal(dbg_type_size(d, "u32"), 4);
	assert_int_equal(dbg_type_size(d, "no_such_type"), -1);
	assert_int_equal(dbg_member_offset(d, "page", "flags"), 0);
	/* members of anonymous structs in an anonymous union */
	assert_int_equal(dbg_member_offset(d, "page", "lru"), 4);
	assert_int_equal(dbg_member_offset(d, "page", "mapping"), 12);
	assert_int_equal(dbg_member_offset(d, "page", "compound_head"), 4);
	assert_int_equal(dbg_member_offset(d, "page", "order"), 8);
	assert_int_equal(dbg_member_offset(d, "page", "page_type"), 16);
	assert_int_equal(dbg_member_offset(d, "page", "_refcount"), 20);
	assert_int_equal(dbg_member_size(d, "page", "lru"), 8);
	assert_int_equal(dbg_member_size(d, "page", "order"), 1);
	assert_int_equal(dbg_member_size(d, "page", "_mapcount"), 4);
	assert_int_equal(dbg_member_offset(d, "page", "nope"), -1);
	assert_int_equal(dbg_member_size(d, "page", "nope"), -1);
	assert_int_equal(dbg_member_offset(d, "pte_t", "pte"), 0);
	assert_int_equal(dbg_member_offset(d, "nope", "flags"), -1);
	dbg_close(d);
}

static void collect(void *arg, const char *name, long value)
{
	char *buf = arg;
	size_t n = strlen(buf);
	snprintf(buf + n, 256 - n, "%s=%ld,", name, value);
}

static void test_enums_arrays_symbols(void **state)
{
	struct dbg *d = open_or_skip();
	char buf[256] = "";
	long v;
	uint64_t a, b;
	(void)state;

	assert_int_equal(dbg_enum_value(d, "FIX_KMAP_END", &v), 0);
	assert_int_equal(v, 0x90); /* data1 0x90 is 144, not -112 */
	assert_int_equal(dbg_enum_value(d, "NEGATIVE", &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(dbg_enum_value(d, "ANON_ENUM_A", &v), 0); /* an anonymous enum */
	assert_int_equal(v, 7);
	assert_int_equal(dbg_enum_value(d, "NO_SUCH", &v), -1);
	assert_int_equal(dbg_enum_members(d, "fixed_addresses", collect, buf), 4);
	assert_string_equal(buf, "FIX_EARLYCON_MEM_BASE=0,FIX_KMAP_BEGIN=16,FIX_KMAP_END=144,FIX_TEXT_POKE0=145,");
	assert_int_equal(dbg_enum_members(d, "nope", collect, buf), -1);
	assert_int_equal(dbg_array_length(d, "__per_cpu_offset"), 4);
	assert_int_equal(dbg_array_length(d, "mem_map_storage"), 5);
	assert_int_equal(dbg_array_length(d, "some_pte"), -1);
	assert_int_equal(dbg_symbol(d, "start_kernel", &a), 0);
	assert_int_equal(dbg_symbol(d, "rest_init", &b), 0);
	assert_true(a >= 0xc0008000u && b >= 0xc0008000u);
	assert_int_equal(dbg_symbol_name(d, a, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "start_kernel");
	assert_int_equal(dbg_symbol_name(d, b + 6, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "rest_init+0x6");
	/* below PAGE_OFFSET: no symbol, not NMRR+... */
	assert_int_equal(dbg_symbol_name(d, 0xbf000010u, buf, sizeof(buf)), -1);
	assert_int_equal(dbg_symbol(d, "NMRR", &a), 0); /* still known by name */
	assert_int_equal(strlen(dbg_build_id(d)), 40);
	dbg_close(d);
}

static void test_not_a_vmlinux(void **state)
{
	char msg[256], cmd[600], stripped[160];
	(void)state;
	if (elf[0]) { /* a stripped vmlinux is refused: its types could only read as absent */
		snprintf(stripped, sizeof(stripped), "%s.stripped", elf);
		snprintf(cmd, sizeof(cmd), "arm-linux-gnueabihf-strip -g -o %s %s", stripped, elf);
		if (system(cmd) == 0) {
			assert_null(dbg_open(stripped, msg, sizeof(msg)));
			assert_non_null(strstr(msg, "no DWARF"));
		}
	}
	assert_null(dbg_open("/nonexistent/vmlinux", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "cannot open vmlinux"));
	assert_null(dbg_open("/bin/sh", msg, sizeof(msg))); /* the host's ELF: another architecture */
	assert_non_null(strstr(msg, "another architecture"));
}

int unit_group_debuginfo(int *ntests)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_members),
		cmocka_unit_test(test_enums_arrays_symbols),
		cmocka_unit_test(test_not_a_vmlinux),
	};
	*ntests = (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("debuginfo", tests, build, cleanup);
}
