/* struct mm_target over a dump file and vmlinux. Reads are physical only (reads_kvaddr = 0: the
 * core walks the page tables itself); debug-info questions go to libdw once per vmlinux and are
 * answered from the memo afterwards. */
#define _GNU_SOURCE
#include "target_file.h"
#include "../core/err.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libkdumpfile/kdumpfile.h>

#define SZ_16M 0x1000000ull

static struct file_target *FT(void *ctx)
{
	return ctx;
}

static int f_read(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len)
{
	if (space != MM_PHYSADDR)
		return MM_EREAD; /* the core translates kernel-virtual addresses itself */
	return dump_read_phys(&FT(ctx)->dump, addr, buf, len);
}

/* One debug-info question: its answer, or MEMO_ABSENT. */
typedef long (*dbg_question)(struct dbg *d, const char *a, const char *b);

/* The memo's answer to question q about (a, b) under key "kind:a[.b]", asking libdw only the
 * first time (absent answers are remembered too). MEMO_ABSENT or the value. */
static long ask(struct file_target *ft, const char *kind, const char *a, const char *b, dbg_question q)
{
	char key[300];
	long v;

	snprintf(key, sizeof(key), "%s:%s%s%s", kind, a, b ? "." : "", b ? b : "");
	if (memo_get(ft->memo, key, &v)) {
		v = q(ft->dbg, a, b);
		memo_put(ft->memo, key, v);
	}
	return v;
}

static long absent_if_negative(long v)
{
	return v < 0 ? MEMO_ABSENT : v;
}

static long q_size(struct dbg *d, const char *type, const char *unused)
{
	return absent_if_negative(dbg_type_size(d, type));
}

static long q_offset(struct dbg *d, const char *type, const char *member)
{
	return absent_if_negative(dbg_member_offset(d, type, member));
}

static long q_msize(struct dbg *d, const char *type, const char *member)
{
	return absent_if_negative(dbg_member_size(d, type, member));
}

static long q_alen(struct dbg *d, const char *symbol, const char *unused)
{
	return absent_if_negative(dbg_array_length(d, symbol));
}

static long q_enum(struct dbg *d, const char *name, const char *unused)
{
	long v;
	return dbg_enum_value(d, name, &v) ? MEMO_ABSENT : v; /* enumerators may be negative */
}

static long f_type_size(void *ctx, const char *type)
{
	long v = ask(FT(ctx), "size", type, NULL, q_size);
	return v == MEMO_ABSENT ? -1 : v;
}

/* Members of an absent type are absent without a question of their own. */
static long member(void *ctx, const char *type, const char *member, const char *kind, dbg_question q)
{
	long v;
	if (f_type_size(ctx, type) < 0)
		return -1;
	v = ask(FT(ctx), kind, type, member, q);
	return v == MEMO_ABSENT ? -1 : v;
}

static long f_member_offset(void *ctx, const char *type, const char *m)
{
	return member(ctx, type, m, "off", q_offset);
}

static long f_member_size(void *ctx, const char *type, const char *m)
{
	return member(ctx, type, m, "msize", q_msize);
}

static int f_enum_value(void *ctx, const char *name, long *value)
{
	long v = ask(FT(ctx), "enum", name, NULL, q_enum);
	if (v == MEMO_ABSENT)
		return -1;
	*value = v;
	return 0;
}

static long f_array_length(void *ctx, const char *symbol)
{
	uint64_t addr;
	long n;
	if (dbg_symbol(FT(ctx)->dbg, symbol, &addr))
		return -1;
	n = ask(FT(ctx), "alen", symbol, NULL, q_alen);
	return n == MEMO_ABSENT ? -1 : n;
}

/* Enum lists are remembered as "NAME=VALUE,NAME=VALUE" ("-" when the type is absent). */
struct collect {
	char *buf;
	size_t len, cap;
};

static void collect_one(void *arg, const char *name, long value)
{
	struct collect *c = arg;
	char item[160];
	int n = snprintf(item, sizeof(item), "%s%s=%ld", c->len ? "," : "", name, value);
	if (n <= 0 || (size_t)n >= sizeof(item))
		return;
	if (c->len + (size_t)n + 1 > c->cap) {
		size_t cap = (c->cap ? c->cap * 2 : 1024) + (size_t)n;
		char *nb = realloc(c->buf, cap);
		if (!nb)
			return;
		c->buf = nb;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, item, (size_t)n + 1);
	c->len += (size_t)n;
}

static long replay(const char *text, void (*fn)(void *, const char *, long), void *arg)
{
	long n = 0;
	const char *p = text;

	if (!strcmp(text, "-"))
		return -1;
	while (*p && n < 100000) {
		char name[128], *end;
		size_t nl = strcspn(p, "=,");
		long v;
		if (p[nl] != '=' || nl == 0 || nl >= sizeof(name))
			return -1;
		memcpy(name, p, nl);
		name[nl] = 0;
		v = strtol(p + nl + 1, &end, 10);
		if (end == p + nl + 1 || (*end && *end != ','))
			return -1;
		fn(arg, name, v);
		n++;
		p = *end ? end + 1 : end;
	}
	return n;
}

static long f_enum_members(void *ctx, const char *type, void (*fn)(void *, const char *, long), void *arg)
{
	struct file_target *ft = ctx;
	char key[200];
	const char *text;
	struct collect c = { 0 };
	long n;

	snprintf(key, sizeof(key), "enumt:%s", type);
	text = memo_get_text(ft->memo, key);
	if (!text) {
		n = dbg_enum_members(ft->dbg, type, collect_one, &c);
		memo_put_text(ft->memo, key, n < 0 ? "-" : c.buf ? c.buf : "");
		free(c.buf);
		text = memo_get_text(ft->memo, key);
		if (!text)
			return -1;
	}
	return replay(text, fn, arg);
}

static int f_symbol(void *ctx, const char *name, uint64_t *value)
{
	return dbg_symbol(FT(ctx)->dbg, name, value);
}

static int f_symbol_name(void *ctx, uint64_t addr, char *buf, size_t len)
{
	return dbg_symbol_name(FT(ctx)->dbg, addr, buf, len);
}

/* ---- PHYS_OFFSET when the dump does not say it ---- */

static int read_word(struct file_target *ft, uint64_t pa, int size, uint64_t *v)
{
	uint8_t b[8];
	if (dump_read_phys(&ft->dump, pa, b, (size_t)size))
		return -1;
	*v = 0;
	for (int i = 0; i < size; i++)
		*v = (*v << 8) | b[ft->dump.big_endian ? i : size - 1 - i];
	return 0;
}

/* Candidate RAM starts: where the dump's memory begins, then the usual ARM board bases. */
static int candidates(struct file_target *ft, uint64_t *c, int max)
{
	static const uint64_t usual[] = { 0x40000000, 0x80000000, 0x60000000, 0x00000000, 0x10000000,
					  0x20000000, 0x30000000, 0x70000000, 0xc0000000 };
	int n = 0;
	for (int i = 0; i < ft->dump.npieces && n < max; i++)
		c[n++] = ft->dump.piece[i].phys;
	if (ft->dump.kdump) {
		kdump_attr_t attr;
		kdump_addr_t idx = 0;
		kdump_num_t ps = 4096;
		kdump_get_number_attr(ft->dump.kdump, KDUMP_ATTR_PAGE_SIZE, &ps);
		if (kdump_get_attr(ft->dump.kdump, KDUMP_ATTR_MEMORY_PAGEMAP, &attr) == KDUMP_OK &&
		    attr.type == KDUMP_BITMAP && kdump_bmp_find_set(attr.val.bitmap, &idx) == KDUMP_OK && n < max)
			c[n++] = (uint64_t)idx * ps + ft->dump.kdump_phys_base;
	}
	for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]) && n < max; i++)
		c[n++] = usual[i];
	return n;
}

/* The kernel keeps PHYS_OFFSET in __pv_phys_pfn_offset (3.17+) or __pv_phys_offset: the base
 * that reads back its own value through the linear map is the one. */
static int derive_phys_offset(struct file_target *ft, uint64_t *out)
{
	uint64_t sym, page_offset, c[24], v;
	int n;

	if (dbg_symbol(ft->dbg, "swapper_pg_dir", &page_offset) && dbg_symbol(ft->dbg, "_text", &page_offset))
		return -1;
	page_offset &= ~(SZ_16M - 1);
	n = candidates(ft, c, 24);
	if (!dbg_symbol(ft->dbg, "__pv_phys_pfn_offset", &sym) && sym >= page_offset) {
		for (int i = 0; i < n; i++)
			if (!read_word(ft, sym - page_offset + c[i], 4, &v) && v == c[i] >> 12) {
				*out = c[i];
				return 0;
			}
		return -1;
	}
	if (!dbg_symbol(ft->dbg, "__pv_phys_offset", &sym) && sym >= page_offset) {
		for (int i = 0; i < n; i++)
			if (!read_word(ft, sym - page_offset + c[i], 4, &v) && v == (c[i] & 0xffffffffu)) {
				*out = c[i];
				return 0;
			}
		return -1;
	}
	if (!n)
		return -1;
	*out = c[0]; /* no ARM_PATCH_PHYS_VIRT: the first RAM the dump holds */
	return 0;
}

static int f_config(void *ctx, const char *name, char *buf, size_t len)
{
	struct file_target *ft = ctx;
	char key[160];
	uint64_t po;

	if (!dump_vmcoreinfo(&ft->dump, name, buf, len))
		return 0;
	snprintf(key, sizeof(key), "NUMBER(%s)", name);
	if (!dump_vmcoreinfo(&ft->dump, key, buf, len))
		return 0;
	if (!strcmp(name, "DUMP_LEVEL")) { /* not VMCOREINFO: the kdump sub header's */
		if (ft->dump.format != DUMP_KDUMP || ft->dump.dump_level < 0)
			return -1;
		snprintf(buf, len, "%d", ft->dump.dump_level);
		return 0;
	}
	if (!strcmp(name, "PHYS_OFFSET") && !derive_phys_offset(ft, &po)) {
		snprintf(buf, len, "0x%llx", (unsigned long long)po);
		return 0;
	}
	return -1;
}

static const struct mm_target_ops file_ops = {
	.read = f_read,
	.symbol = f_symbol,
	.symbol_name = f_symbol_name,
	.type_size = f_type_size,
	.member_offset = f_member_offset,
	.member_size = f_member_size,
	.enum_value = f_enum_value,
	.config = f_config,
	.log = NULL, /* the core reads the printk buffer itself (core/log/printk.c) */
	.array_length = f_array_length,
	.enum_members = f_enum_members,
};

int file_target_open(struct file_target *ft, const char *vmlinux, const char *const *dumps, int ndumps,
		     int use_cache, char *msg, size_t ml)
{
	memset(ft, 0, sizeof(*ft));
	ft->dbg = dbg_open(vmlinux, msg, ml);
	if (!ft->dbg)
		return -1;
	if (dump_open(&ft->dump, dumps, ndumps, msg, ml)) {
		dbg_close(ft->dbg);
		ft->dbg = NULL;
		return -1;
	}
	ft->memo = memo_new();
	ft->use_cache = use_cache;
	if (use_cache && !memo_cache_path(dbg_build_id(ft->dbg), ft->cache_path, sizeof(ft->cache_path)))
		memo_load(ft->memo, ft->cache_path, dbg_build_id(ft->dbg));
	ft->t.ops = &file_ops;
	ft->t.ctx = ft;
	ft->t.reads_kvaddr = 0;
	ft->t.name = "file";
	return 0;
}

void file_target_close(struct file_target *ft)
{
	/* MMVIEW_STATS=1: whether this run needed the DWARF (tests assert a cached run did not) */
	if (getenv("MMVIEW_STATS") && ft->dbg)
		fprintf(stderr, "mmview: stats: dwarf %s, cache %s\n", dbg_dwarf_loaded(ft->dbg) ? "read" : "not read",
			!ft->use_cache ? "off" : memo_dirty(ft->memo) ? "written" : "unchanged");
	if (ft->memo && ft->use_cache && ft->cache_path[0] && memo_dirty(ft->memo))
		memo_save(ft->memo, ft->cache_path, dbg_build_id(ft->dbg));
	memo_free(ft->memo);
	dbg_close(ft->dbg);
	dump_close(&ft->dump);
	memset(ft, 0, sizeof(*ft));
}
