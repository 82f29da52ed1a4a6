/* The target over crash's own API: crash translates kernel-virtual addresses itself and knows
 * the debug info through its embedded gdb. Nothing here may end the user's session: every read
 * is RETURN_ON_ERROR|QUIET and every symbol is checked before symbol_value() (which is fatal
 * on a missing name). Debug-info questions go through crash's gdb, ~0.1 s each under qemu-arm:
 * core/model_cache.c remembers their answers (for the session and in the cache file shared
 * with the standalone program), and asks a whole struct at once (c_struct_members). */
#include <crash/defs.h>
#include "../core/err.h"
#include "../core/target.h"
#include "target_crash.h"
#include "gdb_text.h"

/* After a failed read of a kdump-compressed dump: was it a page makedumpfile filtered out?
 * readmem() says only that it failed; crash's own diskdump reader tells PAGE_EXCLUDED. */
static int excluded(uint64_t addr, int memtype, size_t len)
{
	physaddr_t pa = (physaddr_t)addr;
	char b[8];

	if (!DISKDUMP_DUMPFILE())
		return 0;
	if (memtype == KVADDR && !kvtop(NULL, (ulong)addr, &pa, 0))
		return 0;
	/* the first page of the range that fails */
	for (size_t off = 0; off < len; off = (off | (PAGESIZE() - 1)) + 1) {
		int rc = read_diskdump(-1, b, 1, 0, pa + off);
		if (rc == PAGE_EXCLUDED)
			return 1;
		if (rc != 1)
			return 0;
	}
	return 0;
}

int mm_crash_time_reads;
double mm_crash_read_seconds;

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int c_read(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len)
{
	int memtype = space == MM_PHYSADDR ? PHYSADDR : KVADDR;
	double t0 = mm_crash_time_reads ? seconds() : 0;
	int ok;
	(void)ctx;
	if (memtype == KVADDR && addr > 0xffffffffULL)
		return -1;
	ok = readmem((ulonglong)addr, memtype, buf, (long)len, "mmview", RETURN_ON_ERROR | QUIET);
	if (mm_crash_time_reads)
		mm_crash_read_seconds += seconds() - t0;
	if (ok)
		return 0;
	return excluded(addr, memtype, len) ? MM_EEXCLUDED : -1;
}

static int c_symbol(void *ctx, const char *name, uint64_t *value)
{
	(void)ctx;
	if (!symbol_exists((char *)name))
		return -1;
	*value = symbol_value((char *)name);
	return 0;
}

static int c_symbol_name(void *ctx, uint64_t addr, char *buf, size_t len)
{
	char tmp[BUFSIZE];
	struct syment *sp;
	ulong offset = 0;
	(void)ctx;

	if (addr > 0xffffffffULL)
		return -1;
	sp = value_search((ulong)addr, &offset);
	if (!sp)
		return -1;
	if (offset)
		snprintf(tmp, sizeof(tmp), "%s+0x%lx", sp->name, offset);
	else
		snprintf(tmp, sizeof(tmp), "%s", sp->name);
	snprintf(buf, len, "%s", tmp);
	return 0;
}

static long type_size(const char *type)
{
	return STRUCT_SIZE((char *)type);
}

/* crash 8's MEMBER_OFFSET finds members of anonymous structs and unions itself; its
 * ANON_MEMBER_OFFSET evaluates a gdb expression (~1 s under qemu-arm for every absent member)
 * and found nothing more on the real dumps, so it is not used. */
static long member_offset(const char *type, const char *member)
{
	return MEMBER_OFFSET((char *)type, (char *)member);
}

static long c_type_size(void *ctx, const char *type)
{
	(void)ctx;
	return type_size(type);
}

static long c_member_offset(void *ctx, const char *type, const char *member)
{
	(void)ctx;
	return member_offset(type, member);
}

static long c_member_size(void *ctx, const char *type, const char *member)
{
	(void)ctx;
	/* crash's MEMBER_SIZE answers 0, not -1, for a member its type does not have */
	if (member_offset(type, member) < 0)
		return -1;
	return MEMBER_SIZE((char *)type, (char *)member);
}

static int c_enum_value(void *ctx, const char *name, long *value)
{
	(void)ctx;
	return enumerator_value((char *)name, value) ? 0 : -1;
}

/* VMCOREINFO, when the dump carries it: CONFIG_x=y lines and NUMBER(x)=n lines. */
static int c_config(void *ctx, const char *name, char *buf, size_t len)
{
	char key[128], *val;
	(void)ctx;

	if (!strcmp(name, "DUMP_LEVEL")) { /* not VMCOREINFO: the kdump sub header's */
		int level = DISKDUMP_DUMPFILE() ? get_dump_level() : -1;
		if (level < 0)
			return -1;
		snprintf(buf, len, "%d", level);
		return 0;
	}
	if (!pc->read_vmcoreinfo)
		return -1;
	val = pc->read_vmcoreinfo((char *)name);
	if (!val) {
		snprintf(key, sizeof(key), "NUMBER(%s)", name);
		val = pc->read_vmcoreinfo(key);
	}
	if (!val)
		return -1;
	snprintf(buf, len, "%s", val);
	free(val);
	return 0;
}

/* The kernel log through crash's own `log`, captured in its temporary file. */
static long c_log(void *ctx, char *buf, size_t len)
{
	size_t n;
	(void)ctx;

	open_tmpfile();
	dump_log(0);
	rewind(pc->tmpfile);
	n = fread(buf, 1, len, pc->tmpfile);
	close_tmpfile();
	return (long)n;
}

static long array_length(const char *symbol)
{
	if (!symbol_exists((char *)symbol))
		return -1;
	return get_array_length((char *)symbol, NULL, 0);
}

static long c_array_length(void *ctx, const char *symbol)
{
	(void)ctx;
	return array_length(symbol);
}

/* The text a gdb command prints (NULL when it failed); free() it. */
static char *gdb_text(const char *cmd)
{
	char *text = NULL;
	long len;

	open_tmpfile();
	if (!gdb_pass_through((char *)cmd, pc->tmpfile, GNU_RETURN_ON_ERROR)) {
		close_tmpfile();
		return NULL;
	}
	fflush(pc->tmpfile);
	len = ftell(pc->tmpfile);
	rewind(pc->tmpfile);
	text = len > 0 && len < (4 << 20) ? calloc(1, (size_t)len + 1) : NULL;
	if (text && fread(text, 1, (size_t)len, pc->tmpfile) != (size_t)len) {
		free(text);
		text = NULL;
	}
	close_tmpfile();
	return text;
}

static long c_enum_members(void *ctx, const char *type, void (*fn)(void *, const char *, long), void *arg)
{
	char cmd[128], *text;
	long n = -1;
	(void)ctx;

	snprintf(cmd, sizeof(cmd), "ptype enum %s", type);
	if ((text = gdb_text(cmd)))
		n = gdb_parse_enum(text, fn, arg);
	free(text);
	return n;
}

struct listing {
	int n, overflow;
	struct { char name[64]; long off, size; } m[1024];
};

static void list_member(void *arg, const char *name, long off, long size)
{
	struct listing *l = arg;
	if (l->n < (int)(sizeof(l->m) / sizeof(l->m[0]))) {
		snprintf(l->m[l->n].name, sizeof(l->m[0].name), "%s", name);
		l->m[l->n].off = off;
		l->m[l->n++].size = size;
	} else
		l->overflow = 1;
}

/* One `ptype /o struct TYPE` for every member of a struct, asked only of a type crash knows
 * and that is no typedef (kernel typedefs end in _t: member by member, as before). */
static long c_struct_members(void *ctx, const char *type, void (*fn)(void *, const char *, long, long), void *arg)
{
	long size = type_size(type), n = -1;
	size_t len = strlen(type);
	struct listing *l;
	char cmd[160], *text;
	(void)ctx;

	if (size < 0)
		return -1;
	if ((len > 2 && !strcmp(type + len - 2, "_t")) || !(l = calloc(1, sizeof(*l))))
		return -2;
	snprintf(cmd, sizeof(cmd), "ptype /o struct %s", type);
	if ((text = gdb_text(cmd)))
		n = gdb_parse_ptype_offsets(text, list_member, l);
	free(text);
	if (l->overflow)
		n = -2; /* a member left out would read as absent */
	if (n == size) /* the type STRUCT_SIZE measured */
		for (int i = 0; i < l->n; i++)
			fn(arg, l->m[i].name, l->m[i].off, l->m[i].size);
	free(l);
	return n == size ? n : -2;
}

static const struct mm_target_ops crash_ops = {
	.read = c_read,
	.symbol = c_symbol,
	.symbol_name = c_symbol_name,
	.type_size = c_type_size,
	.member_offset = c_member_offset,
	.member_size = c_member_size,
	.enum_value = c_enum_value,
	.config = c_config,
	.log = c_log,
	.array_length = c_array_length,
	.enum_members = c_enum_members,
	.struct_members = NULL, /* c_struct_members when MMVIEW_CRASH_PTYPE=1 (see mm_crash_target) */
};

struct mm_target *mm_crash_target(void)
{
	static struct mm_target_ops ops;
	static struct mm_target t = { &ops, NULL, 1, "crash" };
	ops = crash_ops;
	if (getenv("MMVIEW_CRASH_PTYPE"))
		ops.struct_members = c_struct_members;
	return &t;
}
