/* struct mm_target over a dump file and vmlinux. Reads are physical only (reads_kvaddr = 0: the
 * core walks the page tables itself); debug-info questions go to libdw once per vmlinux, through
 * the model cache (core/model_cache.c) that answers them afterwards. */
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

/* Debug-info questions, answered by libdw; core/model_cache.c remembers the answers. */
static long f_type_size(void *ctx, const char *type)
{
	return dbg_type_size(FT(ctx)->dbg, type);
}

static long f_member_offset(void *ctx, const char *type, const char *m)
{
	return dbg_member_offset(FT(ctx)->dbg, type, m);
}

static long f_member_size(void *ctx, const char *type, const char *m)
{
	return dbg_member_size(FT(ctx)->dbg, type, m);
}

static int f_enum_value(void *ctx, const char *name, long *value)
{
	return dbg_enum_value(FT(ctx)->dbg, name, value);
}

static long f_array_length(void *ctx, const char *symbol)
{
	return dbg_array_length(FT(ctx)->dbg, symbol);
}

static long f_enum_members(void *ctx, const char *type, void (*fn)(void *, const char *, long), void *arg)
{
	return dbg_enum_members(FT(ctx)->dbg, type, fn, arg);
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
	ft->t.ops = &file_ops;
	ft->t.ctx = ft;
	ft->t.reads_kvaddr = 0;
	ft->t.name = "file";
	if (mm_model_cache_open(&ft->mc, &ft->t, dbg_build_id(ft->dbg), use_cache)) {
		file_target_close(ft);
		snprintf(msg, ml, "out of memory");
		return -1;
	}
	return 0;
}

void file_target_close(struct file_target *ft)
{
	/* MMVIEW_STATS=1: whether this run needed the DWARF (tests assert a cached run did not) */
	if (getenv("MMVIEW_STATS") && ft->dbg)
		fprintf(stderr, "mmview: stats: dwarf %s, cache %s, %lu debug-info questions\n",
			dbg_dwarf_loaded(ft->dbg) ? "read" : "not read",
			!ft->mc.path[0] ? "off" : mm_model_cache_dirty(&ft->mc) ? "written" : "unchanged",
			ft->mc.questions);
	mm_model_cache_save(&ft->mc);
	mm_model_cache_close(&ft->mc);
	dbg_close(ft->dbg);
	dump_close(&ft->dump);
	memset(ft, 0, sizeof(*ft));
}
