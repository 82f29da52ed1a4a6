/* The model cache (core/model_cache.c) in front of a target, and the extension's decoders of
 * gdb's text (extension/gdb_text.c) on crash 8.0.2's real output for the 6.1 armmp vmlinux. */
#include "unit.h"
#include "../../core/model_cache.h"
#include "../../core/elf_names.h"
#include "../../extension/gdb_text.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* crash 8.0.2 (gdb 10.2): ptype /o struct slab, 6.1.0-50-armmp */
static const char ptype_slab[] =
	"/* offset    |  size */  type = struct slab {\n"
	"/*    0      |     4 */    unsigned long __page_flags;\n"
	"/*    4      |     8 */    union {\n"
	"/*                 8 */        struct list_head {\n"
	"/*    4      |     4 */            struct list_head *next;\n"
	"/*    8      |     4 */            struct list_head *prev;\n"
	"\n"
	"                                   /* total size (bytes):    8 */\n"
	"                               } slab_list;\n"
	"/*                 8 */        struct callback_head {\n"
	"/*    4      |     4 */            struct callback_head *next;\n"
	"/*    8      |     4 */            void (*func)(struct callback_head *);\n"
	"\n"
	"                                   /* total size (bytes):    8 */\n"
	"                               } callback_head;\n"
	"/*                 8 */        struct {\n"
	"/*    4      |     4 */            struct slab *next;\n"
	"/*    8      |     4 */            int slabs;\n"
	"\n"
	"                                   /* total size (bytes):    8 */\n"
	"                               };\n"
	"/* XXX  4-byte padding  */\n"
	"\n"
	"                               /* total size (bytes):    8 */\n"
	"                           };\n"
	"/*   12      |     4 */    struct kmem_cache *slab_cache;\n"
	"/*   16      |     4 */    void *freelist;\n"
	"/*   20      |     4 */    union {\n"
	"/*                 4 */        unsigned long counters;\n"
	"/*                 4 */        struct {\n"
	"/*   20: 0   |     4 */            unsigned int inuse : 16;\n"
	"/*   22: 0   |     4 */            unsigned int objects : 15;\n"
	"/*   23: 7   |     4 */            unsigned int frozen : 1;\n"
	"\n"
	"                                   /* total size (bytes):    4 */\n"
	"                               };\n"
	"\n"
	"                               /* total size (bytes):    4 */\n"
	"                           };\n"
	"/*   24      |     4 */    unsigned int __unused;\n"
	"/*   28      |     4 */    atomic_t __page_refcount;\n"
	"/*   32      |     4 */    unsigned long memcg_data;\n"
	"\n"
	"                           /* total size (bytes):   36 */\n"
	"                         }\n";

struct seen {
	int n;
	char name[64][32];
	long off[64], size[64];
};

static void see(void *arg, const char *name, long off, long size)
{
	struct seen *s = arg;
	if (s->n < 64) {
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", name);
		s->off[s->n] = off;
		s->size[s->n++] = size;
	}
}

static int find(const struct seen *s, const char *name, long *off, long *size)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name)) {
			*off = s->off[i];
			*size = s->size[i];
			return 1;
		}
	return 0;
}

static void test_ptype_offsets(void **state)
{
	/* what crash's MEMBER_OFFSET / MEMBER_SIZE answer on that kernel */
	static const struct { const char *name; long off, size; } want[] = {
		{ "__page_flags", 0, 4 }, { "slab_list", 4, 8 }, { "callback_head", 4, 8 },
		{ "next", 4, 4 }, { "slabs", 8, 4 }, { "slab_cache", 12, 4 }, { "freelist", 16, 4 },
		{ "counters", 20, 4 }, { "inuse", 20, 4 }, { "objects", 22, 4 }, { "frozen", 23, 4 },
		{ "__unused", 24, 4 }, { "__page_refcount", 28, 4 }, { "memcg_data", 32, 4 },
	};
	char *text = strdup(ptype_slab);
	struct seen s = { 0 };
	long off, size;
	(void)state;

	assert_int_equal(gdb_parse_ptype_offsets(text, see, &s), 36);
	assert_int_equal(s.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_true(find(&s, want[i].name, &off, &size));
		assert_int_equal(off, want[i].off);
		assert_int_equal(size, want[i].size);
	}
	/* members of a named member's type are not the struct's */
	assert_false(find(&s, "prev", &off, &size));
	assert_false(find(&s, "func", &off, &size));
	free(text);

	/* not a listing: an error message, a listing cut short */
	text = strdup("No struct type named foo.\n");
	assert_int_equal(gdb_parse_ptype_offsets(text, see, &s), -1);
	free(text);
	text = strndup(ptype_slab, 400);
	assert_int_equal(gdb_parse_ptype_offsets(text, see, &s), -1);
	free(text);
}

struct enum_seen {
	int n;
	char name[16][32];
	long value[16];
};

static void see_enum(void *arg, const char *name, long value)
{
	struct enum_seen *e = arg;
	if (e->n < 16) {
		snprintf(e->name[e->n], sizeof(e->name[0]), "%s", name);
		e->value[e->n++] = value;
	}
}

static void test_enum_text(void **state)
{
	char text[] = "type = enum migratetype {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, "
		      "MIGRATE_PCPTYPES, MIGRATE_HIGHATOMIC = 3, MIGRATE_CMA, MIGRATE_ISOLATE, MIGRATE_TYPES}\n";
	char bad[] = "No enum type named foo.\n";
	struct enum_seen e = { 0 };
	(void)state;
	assert_int_equal(gdb_parse_enum(text, see_enum, &e), 8);
	assert_string_equal(e.name[4], "MIGRATE_HIGHATOMIC");
	assert_int_equal(e.value[3], 3); /* MIGRATE_PCPTYPES follows RECLAIMABLE */
	assert_int_equal(e.value[4], 3); /* = 3 given */
	assert_int_equal(e.value[7], 6);
	assert_int_equal(gdb_parse_enum(bad, see_enum, &e), -1);
}

/* ---- the model cache in front of a counting target */

struct fake {
	int questions, listings;
	int can_list;
};

static struct fake *F(void *ctx)
{
	return ctx;
}

static int f_read(void *ctx, uint64_t a, enum mm_space s, void *b, size_t l)
{
	return -1;
}

static int f_symbol(void *ctx, const char *name, uint64_t *v)
{
	if (strcmp(name, "pkmap_count"))
		return -1;
	*v = 0xc0001000;
	return 0;
}

static int f_symbol_name(void *ctx, uint64_t a, char *b, size_t l)
{
	return -1;
}

/* struct slab as above (36 bytes); no other struct */
static long f_type_size(void *ctx, const char *type)
{
	F(ctx)->questions++;
	return !strcmp(type, "slab") ? 36 : -1;
}

static long f_member_offset(void *ctx, const char *type, const char *m)
{
	F(ctx)->questions++;
	if (strcmp(type, "slab"))
		return -1;
	return !strcmp(m, "objects") ? 22 : !strcmp(m, "slab_cache") ? 12 : -1;
}

static long f_member_size(void *ctx, const char *type, const char *m)
{
	F(ctx)->questions++;
	return !strcmp(type, "slab") && (!strcmp(m, "objects") || !strcmp(m, "slab_cache")) ? 4 : -1;
}

static int f_enum_value(void *ctx, const char *name, long *v)
{
	F(ctx)->questions++;
	if (strcmp(name, "NEGATIVE"))
		return -1;
	*v = -5;
	return 0;
}

static long f_array_length(void *ctx, const char *symbol)
{
	F(ctx)->questions++;
	return 1024;
}

static long f_struct_members(void *ctx, const char *type, void (*fn)(void *, const char *, long, long), void *arg)
{
	char *text;
	long n;
	F(ctx)->listings++;
	if (!F(ctx)->can_list)
		return -2;
	if (strcmp(type, "slab"))
		return -1;
	text = strdup(ptype_slab);
	n = gdb_parse_ptype_offsets(text, fn, arg);
	free(text);
	return n;
}

static const struct mm_target_ops fake_ops = {
	.read = f_read, .symbol = f_symbol, .symbol_name = f_symbol_name, .type_size = f_type_size,
	.member_offset = f_member_offset, .member_size = f_member_size, .enum_value = f_enum_value,
	.array_length = f_array_length, .struct_members = f_struct_members,
};

static void test_model_cache(void **state)
{
	char dir[] = "/tmp/mmview-mc-XXXXXX", path[4200];
	struct fake fk = { 0, 0, 1 };
	struct mm_target inner = { &fake_ops, &fk, 0, "fake" };
	struct mm_model_cache c;
	const struct mm_target_ops *o;
	long v;
	(void)state;

	assert_non_null(mkdtemp(dir));
	setenv("XDG_CACHE_HOME", dir, 1);
	assert_int_equal(mm_model_cache_open(&c, &inner, "0123abcd", 1), 0);
	o = c.t.ops;
	/* one listing answers every member, anonymous ones included, and the absent ones */
	assert_int_equal(o->member_offset(c.t.ctx, "slab", "objects"), 22);
	assert_int_equal(o->member_size(c.t.ctx, "slab", "frozen"), 4);
	assert_int_equal(o->member_offset(c.t.ctx, "slab", "frozen"), 23);
	assert_int_equal(o->member_offset(c.t.ctx, "slab", "next"), 4);
	assert_int_equal(o->member_offset(c.t.ctx, "slab", "prev"), -1);
	assert_int_equal(o->type_size(c.t.ctx, "slab"), 36);
	assert_int_equal(fk.listings, 1);
	assert_int_equal(fk.questions, 0);
	/* an absent type: one question, its members absent without more */
	assert_int_equal(o->member_offset(c.t.ctx, "vmap_node", "busy"), -1);
	assert_int_equal(o->type_size(c.t.ctx, "vmap_node"), -1);
	assert_int_equal(fk.listings, 2);
	/* enumerators may be negative; absent ones are remembered */
	assert_int_equal(o->enum_value(c.t.ctx, "NEGATIVE", &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(o->enum_value(c.t.ctx, "NOPE", &v), -1);
	assert_int_equal(o->array_length(c.t.ctx, "pkmap_count"), 1024);
	assert_int_equal(o->array_length(c.t.ctx, "no_such_symbol"), -1);
	assert_int_equal(fk.questions, 3);
	assert_null(o->log); /* the inner has none: the core reads the log itself */
	assert_int_equal(mm_model_cache_save(&c), 1);
	assert_int_equal(mm_model_cache_save(&c), 0);
	mm_model_cache_close(&c);

	/* a second run on the same build-id asks nothing, a target that cannot list included */
	fk = (struct fake){ 0, 0, 0 };
	assert_int_equal(mm_model_cache_open(&c, &inner, "0123abcd", 1), 0);
	o = c.t.ops;
	assert_int_equal(o->member_offset(c.t.ctx, "slab", "inuse"), 20);
	assert_int_equal(o->member_offset(c.t.ctx, "slab", "prev"), -1);
	assert_int_equal(o->member_offset(c.t.ctx, "vmap_node", "busy"), -1);
	assert_int_equal(o->enum_value(c.t.ctx, "NEGATIVE", &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(o->enum_value(c.t.ctx, "NOPE", &v), -1);
	assert_int_equal(fk.questions + fk.listings, 0);
	assert_false(mm_model_cache_dirty(&c));
	/* a member never listed, with no listing possible: asked one by one */
	mm_model_cache_close(&c);
	assert_int_equal(mm_model_cache_open(&c, &inner, "ffff", 1), 0);
	assert_int_equal(c.t.ops->member_offset(c.t.ctx, "slab", "slab_cache"), 12);
	assert_int_equal(fk.listings, 1);
	assert_int_equal(fk.questions, 2); /* the size, the offset */
	mm_model_cache_close(&c);

	assert_int_equal(mm_memo_cache_path("0123abcd", path, sizeof(path)), 0);
	unlink(path);
	rmdir(dir);
	unsetenv("XDG_CACHE_HOME");
}

static void test_elf_build_id(void **state)
{
	char hex[96];
	(void)state;
	/* the unit test binary itself: gcc links a GNU build-id note by default on Debian */
	if (mm_elf_build_id("/proc/self/exe", hex, sizeof(hex)))
		skip();
	assert_int_equal(strlen(hex), 40);
	assert_int_equal(mm_elf_build_id("/dev/null", hex, sizeof(hex)), -1);
	assert_int_equal(mm_elf_build_id("/nonexistent", hex, sizeof(hex)), -1);
}

static void test_elf_names(void **state)
{
	/* the unit test binary's own DWARF (built with -g) */
	struct mm_elf_names *n = mm_elf_names_open("/proc/self/exe");
	(void)state;
	if (!n)
		skip();
	assert_true(mm_elf_names_may_have(n, "test_elf_names"));       /* this function */
	assert_true(mm_elf_names_may_have(n, "mm_model_cache_open"));
	assert_true(mm_elf_names_may_have(n, "elf_names"));            /* only a tail of longer names */
	assert_false(mm_elf_names_may_have(n, "kmem_list3_nowhere"));
	assert_false(mm_elf_names_may_have(n, "test_elf_namesX"));
	assert_true(mm_elf_names_may_have(n, "short"));                /* too short to tell */
	assert_true(mm_elf_names_may_have(NULL, "anything_at_all"));    /* no table: ask */
	mm_elf_names_close(n);
	assert_null(mm_elf_names_open("/dev/null"));
}

static void test_model_cache_names(void **state)
{
	struct fake fk = { 0, 0, 0 };
	struct mm_target inner = { &fake_ops, &fk, 0, "fake" };
	struct mm_model_cache c;
	long v;
	(void)state;

	assert_int_equal(mm_model_cache_open(&c, &inner, NULL, 0), 0);
	mm_model_cache_names(&c, "/proc/self/exe");
	/* a name the file's DWARF lacks is absent without a question; one it has is asked */
	assert_int_equal(c.t.ops->type_size(c.t.ctx, "vmap_node_nowhere"), -1);
	assert_int_equal(c.t.ops->enum_value(c.t.ctx, "PGTY_buddy_nowhere", &v), -1);
	if (c.names) {
		assert_int_equal(fk.questions, 0);
		assert_int_equal(c.spared, 2);
	}
	assert_int_equal(c.t.ops->type_size(c.t.ctx, "mm_model_cache"), -1); /* asked: the fake has no such type */
	assert_int_equal(fk.questions, c.names ? 1 : 3);
	mm_model_cache_close(&c);
}

UNIT_GROUP(model_cache,
	   cmocka_unit_test(test_ptype_offsets),
	   cmocka_unit_test(test_enum_text),
	   cmocka_unit_test(test_model_cache),
	   cmocka_unit_test(test_elf_build_id),
	   cmocka_unit_test(test_elf_names),
	   cmocka_unit_test(test_model_cache_names))
