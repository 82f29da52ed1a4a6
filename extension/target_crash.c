/* The target over crash's own API: crash translates kernel-virtual addresses itself and knows
 * the debug info through its embedded gdb. Nothing here may end the user's session: every read
 * is RETURN_ON_ERROR|QUIET and every symbol is checked before symbol_value() (which is fatal
 * on a missing name). */
#include <crash/defs.h>
#include "../core/target.h"
#include "target_crash.h"

static int c_read(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len)
{
	int memtype = space == MM_PHYSADDR ? PHYSADDR : KVADDR;
	(void)ctx;
	if (memtype == KVADDR && addr > 0xffffffffULL)
		return -1;
	return readmem((ulonglong)addr, memtype, buf, (long)len, "mmview", RETURN_ON_ERROR | QUIET) ? 0 : -1;
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

static long c_type_size(void *ctx, const char *type)
{
	(void)ctx;
	return STRUCT_SIZE((char *)type);
}

static long c_member_offset(void *ctx, const char *type, const char *member)
{
	long off;
	(void)ctx;
	off = MEMBER_OFFSET((char *)type, (char *)member);
	if (off < 0) /* a member of an anonymous struct or union */
		off = ANON_MEMBER_OFFSET((char *)type, (char *)member);
	return off;
}

static long c_member_size(void *ctx, const char *type, const char *member)
{
	(void)ctx;
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

static long c_array_length(void *ctx, const char *symbol)
{
	(void)ctx;
	if (!symbol_exists((char *)symbol))
		return -1;
	return get_array_length((char *)symbol, NULL, 0);
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
};

struct mm_target *mm_crash_target(void)
{
	static struct mm_target t = { &crash_ops, NULL, 1, "crash" };
	return &t;
}
