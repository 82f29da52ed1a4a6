/* The target over crash's own API: crash translates kernel-virtual addresses itself and knows
 * the debug info through its embedded gdb. Nothing here may end the user's session: every read
 * is RETURN_ON_ERROR|QUIET and every symbol is checked before symbol_value() (which is fatal
 * on a missing name). */
#include <crash/defs.h>
#include "../core/err.h"
#include "../core/target.h"
#include "target_crash.h"

/* Every debug-info query goes through crash's gdb, ~0.1 s each under qemu-arm, and walkers ask
 * the same questions again per address and per command: answers are kept for the session. */
#define MEMO_SLOTS 4096 /* power of two */
struct memo {
	char *key;
	long value;
};
static struct memo memo[MEMO_SLOTS];

static unsigned long memo_hash(const char *s)
{
	unsigned long h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Returns the slot for key: found (slot->key set) or empty (to fill). NULL when full. */
static struct memo *memo_slot(const char *key)
{
	unsigned long i = memo_hash(key) & (MEMO_SLOTS - 1);
	for (int n = 0; n < MEMO_SLOTS; n++, i = (i + 1) & (MEMO_SLOTS - 1))
		if (!memo[i].key || !strcmp(memo[i].key, key))
			return &memo[i];
	return NULL;
}

static long memo_put(struct memo *m, const char *key, long value)
{
	if (m && (m->key = strdup(key)))
		m->value = value;
	return value;
}

/* key = kind:type.member; looks up, or computes with f and remembers. */
#define MEMOIZE(kind, a, b, expr)                                          \
	do {                                                               \
		char key_[256];                                            \
		struct memo *m_;                                           \
		snprintf(key_, sizeof(key_), "%s:%s.%s", kind, a, b ? b : ""); \
		m_ = memo_slot(key_);                                      \
		if (m_ && m_->key)                                         \
			return m_->value;                                  \
		return memo_put(m_, key_, (expr));                         \
	} while (0)

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

static int c_read(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len)
{
	int memtype = space == MM_PHYSADDR ? PHYSADDR : KVADDR;
	(void)ctx;
	if (memtype == KVADDR && addr > 0xffffffffULL)
		return -1;
	if (readmem((ulonglong)addr, memtype, buf, (long)len, "mmview", RETURN_ON_ERROR | QUIET))
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
	MEMOIZE("size", type, NULL, type_size(type));
}

static long c_member_offset(void *ctx, const char *type, const char *member)
{
	(void)ctx;
	/* a member of a type this kernel does not have is absent without asking gdb again */
	if (c_type_size(ctx, type) < 0)
		return -1;
	MEMOIZE("off", type, member, member_offset(type, member));
}

static long c_member_size(void *ctx, const char *type, const char *member)
{
	(void)ctx;
	/* crash's MEMBER_SIZE answers 0, not -1, for a member its type does not have */
	if (c_type_size(ctx, type) < 0 || c_member_offset(ctx, type, member) < 0)
		return -1;
	MEMOIZE("msize", type, member, MEMBER_SIZE((char *)type, (char *)member));
}

/* LONG_MIN stands for "no such enumerator" in the memo. */
static long enum_lookup(const char *name)
{
	long v;
	return enumerator_value((char *)name, &v) ? v : LONG_MIN;
}

static long enum_memo(const char *name)
{
	MEMOIZE("enum", name, NULL, enum_lookup(name));
}

static int c_enum_value(void *ctx, const char *name, long *value)
{
	long v = enum_memo(name);
	(void)ctx;
	if (v == LONG_MIN)
		return -1;
	*value = v;
	return 0;
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
	MEMOIZE("alen", symbol, NULL, array_length(symbol));
}

/* `ptype enum TYPE` prints "type = enum TYPE {A, B, C = 8, D, ...}": enumerators in order,
 * a value shown only where it does not follow the previous one. */
static long parse_enum(char *text, void (*fn)(void *, const char *, long), void *arg)
{
	char *open = strchr(text, '{'), *close = strrchr(text, '}'), *save = NULL, *tok;
	long next = 0, n = 0;

	if (!open || !close || close < open)
		return -1;
	*close = 0;
	for (tok = strtok_r(open + 1, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char name[128], *eq;
		long value = next;
		while (*tok == ' ' || *tok == '\n' || *tok == '\t')
			tok++;
		eq = strstr(tok, " = ");
		if (eq) {
			char *end;
			value = strtol(eq + 3, &end, 0);
			if (end == eq + 3)
				return -1; /* a form not understood: the caller looks names up one by one */
			*eq = 0;
		}
		if (sscanf(tok, "%127[A-Za-z0-9_]", name) != 1)
			return -1;
		fn(arg, name, value);
		next = value + 1;
		n++;
	}
	return n;
}

static long c_enum_members(void *ctx, const char *type, void (*fn)(void *, const char *, long), void *arg)
{
	char cmd[128], *text;
	long n = -1, len;
	(void)ctx;

	snprintf(cmd, sizeof(cmd), "ptype enum %s", type);
	open_tmpfile();
	if (!gdb_pass_through(cmd, pc->tmpfile, GNU_RETURN_ON_ERROR)) {
		close_tmpfile();
		return -1;
	}
	fflush(pc->tmpfile);
	len = ftell(pc->tmpfile);
	rewind(pc->tmpfile);
	text = len > 0 && len < (1 << 20) ? calloc(1, (size_t)len + 1) : NULL;
	if (text && fread(text, 1, (size_t)len, pc->tmpfile) == (size_t)len)
		n = parse_enum(text, fn, arg);
	free(text);
	close_tmpfile();
	return n;
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
};

struct mm_target *mm_crash_target(void)
{
	static struct mm_target t = { &crash_ops, NULL, 1, "crash" };
	return &t;
}
