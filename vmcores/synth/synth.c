/* The synthetic dump builder: tables, memory, mappings and the target over them. */
#include "synth.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096u
#define MAX_NR_CPUS 8
#define PERCPU_UNIT 0x10000u

struct sym { char *name; uint64_t value; uint32_t size; };
struct typ { char *name; long size; };
struct mem { char *type, *member; long off, size; };
struct named { char *name; long value; char *text; };
struct mapping { uint32_t va; uint64_t pa; uint32_t size; };

#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec, item)                                                          \
	do {                                                                         \
		if ((vec).n == (vec).cap) {                                          \
			(vec).cap = (vec).cap ? (vec).cap * 2 : 64;                  \
			(vec).v = realloc((vec).v, (vec).cap * sizeof(*(vec).v));   \
			if (!(vec).v)                                                \
				abort();                                             \
		}                                                                    \
		(vec).v[(vec).n++] = (item);                                         \
	} while (0)

struct synth {
	struct synth_profile p;
	uint8_t *ram;
	uint64_t ram_size;
	uint8_t *hole; /* one byte per page: 1 = unreadable */
	uint32_t high_memory;
	uint32_t heap_next, data_next, data_end;
	uint64_t high_next; /* next free highmem PA, allocated downwards */
	uint32_t percpu_start, percpu_next;
	uint32_t percpu_base[MAX_NR_CPUS];
	uint32_t mem_map;
	int page_types; /* synth_page_types: 610, 611, 612; 0 = the profile's own */
	VEC(struct sym) syms;
	VEC(struct typ) types;
	VEC(struct mem) mems;
	VEC(struct named) enums;
	VEC(struct named) configs;
	VEC(struct named) arrays;
	VEC(struct mapping) maps;
	char *log;
	size_t loglen;
	int kv_mode;
	struct mm_target target;
};

/* ---- profiles ---- */

const struct synth_profile synth_profiles[] = {
	/* name      gen  lpae page_offset  phys_offset  ram low cpus slub */
	{ "3.4",     304, 0, 0xc0000000u, 0x80000000u, 48, 32, 2, 0 },
	{ "4.19",    419, 0, 0xc0000000u, 0x40000000u, 64, 0, 4, 1 },
	{ "6.1",     601, 0, 0xc0000000u, 0x40000000u, 64, 48, 2, 1 },
	{ "6.1-lpae", 601, 1, 0xc0000000u, 0x80000000u, 64, 48, 2, 1 },
	{ "6.9",     609, 0, 0x80000000u, 0x60000000u, 64, 0, 4, 1 },
};
const int synth_nprofiles = sizeof(synth_profiles) / sizeof(synth_profiles[0]);

const struct synth_profile *synth_profile(const char *name)
{
	for (int i = 0; i < synth_nprofiles; i++)
		if (!strcmp(synth_profiles[i].name, name))
			return &synth_profiles[i];
	return NULL;
}

const struct synth_profile *synth_prof(const struct synth *s) { return &s->p; }

/* ---- tables ---- */

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

static struct sym *find_sym(struct synth *s, const char *name)
{
	for (size_t i = 0; i < s->syms.n; i++)
		if (!strcmp(s->syms.v[i].name, name))
			return &s->syms.v[i];
	return NULL;
}

void synth_sym(struct synth *s, const char *name, uint64_t value, uint32_t size)
{
	struct sym *e = find_sym(s, name), n = { xstrdup(name), value, size };
	if (e) {
		free(e->name);
		*e = n;
	} else
		VEC_PUSH(s->syms, n);
}

uint32_t synth_symval(struct synth *s, const char *name)
{
	struct sym *e = find_sym(s, name);
	return e ? (uint32_t)e->value : 0;
}

void synth_sym_del(struct synth *s, const char *name)
{
	struct sym *e = find_sym(s, name);
	if (e) {
		free(e->name);
		*e = s->syms.v[--s->syms.n];
	}
}

static struct named *find_named(struct named *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static void set_named(struct synth *s, int which, const char *name, long value, const char *text)
{
	struct named n = { xstrdup(name), value, text ? xstrdup(text) : NULL }, *e;
	if (which == 0) {
		e = find_named(s->enums.v, s->enums.n, name);
		if (e) *e = n; else VEC_PUSH(s->enums, n);
	} else if (which == 1) {
		e = find_named(s->configs.v, s->configs.n, name);
		if (e) *e = n; else VEC_PUSH(s->configs, n);
	} else {
		e = find_named(s->arrays.v, s->arrays.n, name);
		if (e) *e = n; else VEC_PUSH(s->arrays, n);
	}
}

void synth_enum(struct synth *s, const char *name, long value) { set_named(s, 0, name, value, NULL); }
void synth_enum_del(struct synth *s, const char *name)
{
	struct named *e = find_named(s->enums.v, s->enums.n, name);
	if (e) {
		free(e->name);
		free(e->text);
		*e = s->enums.v[--s->enums.n];
	}
}
/* The enum's type is kept in the entry's text. */
void synth_enum_in(struct synth *s, const char *type, const char *name, long value) { set_named(s, 0, name, value, type); }
void synth_config(struct synth *s, const char *name, const char *value) { set_named(s, 1, name, 0, value); }
void synth_array(struct synth *s, const char *symbol, long length) { set_named(s, 2, symbol, length, NULL); }

void synth_config_del(struct synth *s, const char *name)
{
	struct named *e = find_named(s->configs.v, s->configs.n, name);
	if (e)
		*e = s->configs.v[--s->configs.n];
}

void synth_log(struct synth *s, const char *text)
{
	size_t n = strlen(text);
	s->log = realloc(s->log, s->loglen + n + 1);
	if (!s->log)
		abort();
	memcpy(s->log + s->loglen, text, n + 1);
	s->loglen += n;
}

static struct typ *find_type(struct synth *s, const char *type)
{
	for (size_t i = 0; i < s->types.n; i++)
		if (!strcmp(s->types.v[i].name, type))
			return &s->types.v[i];
	return NULL;
}

static struct mem *find_mem(struct synth *s, const char *type, const char *member)
{
	for (size_t i = 0; i < s->mems.n; i++)
		if (!strcmp(s->mems.v[i].type, type) && !strcmp(s->mems.v[i].member, member))
			return &s->mems.v[i];
	return NULL;
}

void synth_type(struct synth *s, const char *type, long size)
{
	struct typ *t = find_type(s, type);
	if (t)
		t->size = size;
	else {
		struct typ n = { xstrdup(type), size };
		VEC_PUSH(s->types, n);
	}
}

void synth_type_del(struct synth *s, const char *type)
{
	struct typ *t = find_type(s, type);
	if (t)
		*t = s->types.v[--s->types.n];
	for (size_t i = 0; i < s->mems.n;)
		if (!strcmp(s->mems.v[i].type, type))
			s->mems.v[i] = s->mems.v[--s->mems.n];
		else
			i++;
}

void synth_member(struct synth *s, const char *type, const char *member, long off, long size)
{
	struct mem *m = find_mem(s, type, member);
	if (m) {
		m->off = off;
		m->size = size;
	} else {
		struct mem n = { xstrdup(type), xstrdup(member), off, size };
		VEC_PUSH(s->mems, n);
	}
}

void synth_member_del(struct synth *s, const char *type, const char *member)
{
	struct mem *m = find_mem(s, type, member);
	if (m)
		*m = s->mems.v[--s->mems.n];
}

long synth_off(struct synth *s, const char *type, const char *member)
{
	struct mem *m = find_mem(s, type, member);
	return m ? m->off : -1;
}

long synth_msize(struct synth *s, const char *type, const char *member)
{
	struct mem *m = find_mem(s, type, member);
	return m ? m->size : -1;
}

long synth_size(struct synth *s, const char *type)
{
	struct typ *t = find_type(s, type);
	return t ? t->size : -1;
}

long synth_struct(struct synth *s, const char *type, const struct synth_field *f)
{
	long off = 0, maxalign = 1;

	synth_type_del(s, type);
	for (; f->name; f++) {
		long al = f->align ? f->align : (f->size >= 8 ? 8 : f->size >= 4 ? 4 : f->size >= 2 ? 2 : 1);
		if (al > maxalign)
			maxalign = al;
		off = (off + al - 1) / al * al;
		synth_member(s, type, f->name, off, f->size);
		off += f->size;
	}
	off = (off + maxalign - 1) / maxalign * maxalign;
	synth_type(s, type, off);
	return off;
}

/* ---- memory ---- */

static int pa_ok(struct synth *s, uint64_t pa, size_t len)
{
	if (pa < s->p.phys_offset || pa - s->p.phys_offset + len > s->ram_size)
		return 0;
	for (uint64_t pg = (pa - s->p.phys_offset) / PAGE; pg <= (pa - s->p.phys_offset + len - (len > 0)) / PAGE; pg++)
		if (s->hole[pg])
			return 0;
	return 1;
}

uint64_t synth_va_to_pa(struct synth *s, uint32_t va)
{
	if (va >= s->p.page_offset && va < s->high_memory)
		return (uint64_t)(va - s->p.page_offset) + s->p.phys_offset;
	for (size_t i = 0; i < s->maps.n; i++) {
		struct mapping *m = &s->maps.v[i];
		if (va >= m->va && va - m->va < m->size)
			return m->pa + (va - m->va);
	}
	return ~0ULL;
}

uint32_t synth_pa_to_va(struct synth *s, uint64_t pa)
{
	return (uint32_t)(pa - s->p.phys_offset) + s->p.page_offset;
}

/* Copies between buf and dump memory, page by page for virtual addresses. */
static int copy(struct synth *s, uint64_t addr, enum mm_space sp, void *buf, size_t len, int write,
		int check_holes)
{
	uint8_t *b = buf;

	while (len) {
		size_t chunk = PAGE - (addr & (PAGE - 1));
		uint64_t pa = addr;
		if (chunk > len)
			chunk = len;
		if (sp == MM_KVADDR) {
			if (addr > 0xffffffffULL)
				return -1;
			pa = synth_va_to_pa(s, (uint32_t)addr);
			if (pa == ~0ULL)
				return -1;
		}
		if (pa < s->p.phys_offset || pa - s->p.phys_offset + chunk > s->ram_size)
			return -1;
		if (check_holes && !pa_ok(s, pa, chunk))
			return -1;
		if (write)
			memcpy(s->ram + (pa - s->p.phys_offset), b, chunk);
		else
			memcpy(b, s->ram + (pa - s->p.phys_offset), chunk);
		addr += chunk;
		b += chunk;
		len -= chunk;
	}
	return 0;
}

int synth_write(struct synth *s, uint64_t addr, enum mm_space sp, const void *buf, size_t len)
{
	if (copy(s, addr, sp, (void *)buf, len, 1, 0)) {
		fprintf(stderr, "synth: write of %zu bytes at %s %" PRIx64 " outside the dump\n", len,
			sp == MM_KVADDR ? "kvaddr" : "physaddr", addr);
		abort();
	}
	return 0;
}

int synth_readb(struct synth *s, uint64_t addr, enum mm_space sp, void *buf, size_t len)
{
	return copy(s, addr, sp, buf, len, 0, 0);
}

void synth_w8(struct synth *s, uint32_t va, uint8_t v) { synth_write(s, va, MM_KVADDR, &v, 1); }
void synth_w16(struct synth *s, uint32_t va, uint16_t v) { synth_write(s, va, MM_KVADDR, &v, 2); }
void synth_w32(struct synth *s, uint32_t va, uint32_t v) { synth_write(s, va, MM_KVADDR, &v, 4); }
void synth_w64(struct synth *s, uint32_t va, uint64_t v) { synth_write(s, va, MM_KVADDR, &v, 8); }

uint32_t synth_r32(struct synth *s, uint32_t va)
{
	uint32_t v = 0;
	if (synth_readb(s, va, MM_KVADDR, &v, 4))
		abort();
	return v;
}

void synth_wm(struct synth *s, uint32_t base, const char *type, const char *member, uint64_t value)
{
	struct mem *m = find_mem(s, type, member);
	if (!m) {
		fprintf(stderr, "synth: %s.%s was never declared\n", type, member);
		abort();
	}
	switch (m->size) {
	case 1: synth_w8(s, base + m->off, (uint8_t)value); break;
	case 2: synth_w16(s, base + m->off, (uint16_t)value); break;
	case 8: synth_w64(s, base + m->off, value); break;
	default: synth_w32(s, base + m->off, (uint32_t)value); break;
	}
}

void synth_list_init(struct synth *s, uint32_t head)
{
	synth_w32(s, head, head);
	synth_w32(s, head + 4, head);
}

void synth_list_add_tail(struct synth *s, uint32_t head, uint32_t entry)
{
	uint32_t last = synth_r32(s, head + 4);
	synth_w32(s, entry, head);
	synth_w32(s, entry + 4, last);
	synth_w32(s, last, entry);
	synth_w32(s, head + 4, entry);
}

void synth_hole(struct synth *s, uint64_t pa, uint64_t len)
{
	for (uint64_t a = pa & ~(uint64_t)(PAGE - 1); a < pa + len; a += PAGE)
		if (a >= s->p.phys_offset && a - s->p.phys_offset < s->ram_size)
			s->hole[(a - s->p.phys_offset) / PAGE] = 1;
}

uint32_t synth_alloc(struct synth *s, uint32_t size, uint32_t align)
{
	uint32_t va;

	if (!align)
		align = 4;
	va = (s->heap_next + align - 1) & ~(align - 1);
	if (va + size > s->high_memory || va + size < va) {
		fprintf(stderr, "synth: lowmem exhausted allocating %u bytes\n", size);
		abort();
	}
	s->heap_next = va + size;
	memset(s->ram + (va - s->p.page_offset), 0, size);
	return va;
}

uint32_t synth_var(struct synth *s, const char *name, uint32_t size)
{
	uint32_t va = (s->data_next + 7) & ~7u;
	if (va + size > s->data_end) {
		fprintf(stderr, "synth: .data exhausted by %s\n", name);
		abort();
	}
	s->data_next = va + size;
	synth_sym(s, name, va, size);
	return va;
}

uint64_t synth_alloc_high(struct synth *s, uint32_t pages)
{
	uint64_t lowmem_end = (uint64_t)(s->high_memory - s->p.page_offset) + s->p.phys_offset;
	if (s->high_next - (uint64_t)pages * PAGE < lowmem_end) {
		fprintf(stderr, "synth: highmem exhausted\n");
		abort();
	}
	s->high_next -= (uint64_t)pages * PAGE;
	return s->high_next;
}

int synth_map(struct synth *s, uint32_t va, uint64_t pa, uint32_t size, enum synth_map_kind kind)
{
	struct mapping m = { va, pa, size };
	VEC_PUSH(s->maps, m);
	return synth_pgtable_map(s, va, pa, size, kind);
}

uint32_t synth_percpu_alloc(struct synth *s, uint32_t size)
{
	uint32_t p = (s->percpu_next + 7) & ~7u;
	if (p + size > s->percpu_start + PERCPU_UNIT)
		abort();
	s->percpu_next = p + size;
	return p;
}

uint32_t synth_percpu_addr(struct synth *s, uint32_t ptr, int cpu)
{
	return ptr - s->percpu_start + s->percpu_base[cpu];
}

uint64_t synth_first_pfn(struct synth *s) { return s->p.phys_offset / PAGE; }
uint64_t synth_nr_pages(struct synth *s) { return s->ram_size / PAGE; }

uint32_t synth_page(struct synth *s, uint64_t pfn)
{
	return s->mem_map + (uint32_t)((pfn - synth_first_pfn(s)) * (uint64_t)synth_size(s, "page"));
}

/* ---- the target ---- */

static int t_read(void *ctx, uint64_t addr, enum mm_space sp, void *buf, size_t len)
{
	struct synth *s = ctx;
	if (sp == MM_KVADDR && !s->kv_mode)
		return -1;
	return copy(s, addr, sp, buf, len, 0, 1);
}

static int t_symbol(void *ctx, const char *name, uint64_t *value)
{
	struct sym *e = find_sym(ctx, name);
	if (!e)
		return -1;
	*value = e->value;
	return 0;
}

static int t_symbol_name(void *ctx, uint64_t addr, char *buf, size_t len)
{
	struct synth *s = ctx;
	struct sym *best = NULL;

	for (size_t i = 0; i < s->syms.n; i++) {
		struct sym *e = &s->syms.v[i];
		if (e->value <= addr && (addr - e->value < e->size || addr == e->value) &&
		    (!best || e->value > best->value))
			best = e;
	}
	if (!best)
		return -1;
	if (addr == best->value)
		snprintf(buf, len, "%s", best->name);
	else
		snprintf(buf, len, "%s+%" PRIu64, best->name, addr - best->value);
	return 0;
}

static long t_type_size(void *ctx, const char *type) { return synth_size(ctx, type); }
static long t_member_offset(void *ctx, const char *t, const char *m) { return synth_off(ctx, t, m); }
static long t_member_size(void *ctx, const char *t, const char *m) { return synth_msize(ctx, t, m); }

static int t_enum(void *ctx, const char *name, long *value)
{
	struct synth *s = ctx;
	struct named *e = find_named(s->enums.v, s->enums.n, name);
	if (!e)
		return -1;
	*value = e->value;
	return 0;
}

static int t_config(void *ctx, const char *name, char *buf, size_t len)
{
	struct synth *s = ctx;
	struct named *e = find_named(s->configs.v, s->configs.n, name);
	if (!e)
		return -1;
	snprintf(buf, len, "%s", e->text);
	return 0;
}

static long t_log(void *ctx, char *buf, size_t len)
{
	struct synth *s = ctx;
	size_t n = s->loglen < len ? s->loglen : len;
	if (!s->log)
		return -1;
	memcpy(buf, s->log, n);
	return (long)n;
}

static long t_enum_members(void *ctx, const char *type, void (*fn)(void *, const char *, long), void *arg)
{
	struct synth *s = ctx;
	long n = 0;

	for (size_t i = 0; i < s->enums.n; i++)
		if (s->enums.v[i].text && !strcmp(s->enums.v[i].text, type)) {
			fn(arg, s->enums.v[i].name, s->enums.v[i].value);
			n++;
		}
	return n ? n : -1;
}

static long t_array_length(void *ctx, const char *symbol)
{
	struct synth *s = ctx;
	struct named *e = find_named(s->arrays.v, s->arrays.n, symbol);
	return e ? e->value : -1;
}

static const struct mm_target_ops synth_ops = {
	.read = t_read,
	.symbol = t_symbol,
	.symbol_name = t_symbol_name,
	.type_size = t_type_size,
	.member_offset = t_member_offset,
	.member_size = t_member_size,
	.enum_value = t_enum,
	.config = t_config,
	.log = t_log,
	.array_length = t_array_length,
	.enum_members = t_enum_members,
};

struct mm_target *synth_target(struct synth *s)
{
	s->target.ops = &synth_ops;
	s->target.ctx = s;
	s->target.reads_kvaddr = s->kv_mode;
	s->target.name = "synthetic";
	return &s->target;
}

void synth_kv_mode(struct synth *s, int on)
{
	char buf[32];
	s->kv_mode = on;
	s->target.reads_kvaddr = on;
	if (on)
		synth_config_del(s, "PHYS_OFFSET");
	else {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, s->p.phys_offset);
		synth_config(s, "PHYS_OFFSET", buf);
	}
}

/* ---- the base kernel every profile has ---- */

/* struct page as each generation lays it out on 32-bit ARM (unions give shared offsets). */
/* Page type encodings (include/linux/page-flags.h): the cleared bit of 4.18-6.9 (table and
 * guard one bit higher while PG_kmemcg held 0x200, page.mem_cgroup), 6.10's enum pagetype with
 * PAGE_TYPE_BASE 0x80000000, 6.12's PGTY_ top byte. */
static const struct { const char *name; uint32_t bit_418, bit_610, pgty; } page_types[] = {
	{ "buddy", 0x80, 0x40000000, 0xf0 },   { "offline", 0x100, 0x20000000, 0xf1 },
	{ "table", 0x200, 0x10000000, 0xf2 },  { "guard", 0x400, 0x08000000, 0xf3 },
	{ "hugetlb", 0, 0x04000000, 0xf4 },    { "slab", 0, 0x02000000, 0xf5 },
	{ "zsmalloc", 0, 0x01000000, 0xf6 },   { "unaccepted", 0, 0x00800000, 0xf7 },
};

void synth_page_types(struct synth *s, int gen)
{
	char name[32];

	s->page_types = gen;
	synth_enum_del(s, "PG_slab"); /* PG_slab left enum pageflags in 6.10 */
	for (size_t i = 0; i < sizeof(page_types) / sizeof(page_types[0]); i++) {
		if (gen >= 612) {
			snprintf(name, sizeof(name), "PGTY_%s", page_types[i].name);
			synth_enum_in(s, "pagetype", name, page_types[i].pgty);
		} else if (gen >= 610 && (gen >= 611 || strcmp(page_types[i].name, "unaccepted"))) {
			snprintf(name, sizeof(name), "PG_%s", page_types[i].name);
			synth_enum_in(s, "pagetype", name, page_types[i].bit_610);
		}
	}
	if (gen >= 612)
		synth_enum_in(s, "pagetype", "PGTY_mapcount_underflow", 0xff);
	else {
		synth_enum_in(s, "pagetype", "PAGE_TYPE_BASE", 0x80000000);
		synth_enum_in(s, "pagetype", "PAGE_MAPCOUNT_RESERVE", (long)(int32_t)~0x0000ffff);
	}
}

uint32_t synth_page_type_word(struct synth *s, const char *type)
{
	int g = s->page_types ? s->page_types : s->p.gen;

	for (size_t i = 0; i < sizeof(page_types) / sizeof(page_types[0]); i++) {
		if (strcmp(page_types[i].name, type))
			continue;
		if (g >= 612)
			return page_types[i].pgty << 24;
		if (g >= 610)
			return ~page_types[i].bit_610;
		if (g >= 418 && page_types[i].bit_418) {
			int kmemcg = synth_off(s, "page", "mem_cgroup") >= 0 && page_types[i].bit_418 >= 0x200;
			return ~(page_types[i].bit_418 << kmemcg);
		}
	}
	fprintf(stderr, "synth: no %s page type in generation %d\n", type, g);
	abort();
}

static void declare_page(struct synth *s)
{
	int g = s->p.gen;

	synth_type_del(s, "page");
	synth_member(s, "page", "flags", 0, 4);
	if (g < 318) { /* 3.2-3.17: double-word cmpxchg layout */
		synth_type(s, "page", 32);
		synth_member(s, "page", "mapping", 4, 4);
		synth_member(s, "page", "index", 8, 4);
		synth_member(s, "page", "freelist", 8, 4);
		synth_member(s, "page", "counters", 12, 4);
		synth_member(s, "page", "_mapcount", 12, 4);
		synth_member(s, "page", "_count", 16, 4);
		synth_member(s, "page", "lru", 20, 8);
		synth_member(s, "page", "private", 28, 4);
		synth_member(s, "page", "slab", 28, 4);
		synth_member(s, "page", "first_page", 28, 4);
		return;
	}
	/* 4.18+: the 5-word union, then _mapcount/page_type and _refcount. */
	synth_type(s, "page", g >= 418 ? 36 : 32); /* with CONFIG_MEMCG, as Debian builds */
	synth_member(s, "page", "lru", 4, 8);
	synth_member(s, "page", "compound_head", 4, 4);
	synth_member(s, "page", "mapping", 12, 4);
	synth_member(s, "page", "index", 16, 4);
	synth_member(s, "page", "private", 20, 4);
	synth_member(s, "page", "_mapcount", 24, 4);
	synth_member(s, "page", "page_type", 24, 4);
	synth_member(s, "page", "_refcount", 28, 4);
	if (g >= 600) {
		synth_member(s, "page", "buddy_list", 4, 8);
		synth_member(s, "page", "memcg_data", 32, 4);
	} else if (g >= 418)
		synth_member(s, "page", "mem_cgroup", 32, 4); /* memcg_data from 5.11 */
}

static void base_kernel(struct synth *s)
{
	const struct synth_profile *p = &s->p;
	uint32_t po = p->page_offset, pgd_size = p->lpae ? 0x5000 : 0x4000;
	uint32_t init_mm, v, nr_cpus = (uint32_t)p->nr_cpus, pcpu;
	uint64_t nr_pages = synth_nr_pages(s), low_pages = (s->high_memory - po) / PAGE;
	long pgd_off = p->gen < 400 ? 36 : p->gen < 600 ? 40 : p->gen < 609 ? 44 : 52;

	synth_type(s, "list_head", 8);
	synth_member(s, "list_head", "next", 0, 4);
	synth_member(s, "list_head", "prev", 4, 4);
	synth_type(s, "pmd_t", p->lpae ? 8 : 4);
	synth_type(s, "pte_t", p->lpae ? 8 : 4);
	synth_type(s, "pgd_t", 8);
	declare_page(s);
	synth_struct(s, "mm_struct", (struct synth_field[]){
		{ "mmap", 4 }, { "pad", pgd_off - 4 }, { "pgd", 4 }, { "mm_users", 4 }, { NULL } });

	synth_sym(s, "swapper_pg_dir", po + 0x8000 - pgd_size, pgd_size);
	synth_sym(s, "_text", po + 0x8000, 0);
	synth_sym(s, "_stext", po + 0x8000, 0);
	synth_sym(s, "_etext", po + 0x200000, 0);
	synth_sym(s, "__start_rodata", po + 0x200000, 0);
	synth_sym(s, "__init_begin", po + 0x280000, 0);
	synth_sym(s, "__per_cpu_start", po + 0x2c0000, 0);
	synth_sym(s, "__per_cpu_end", po + 0x2c0000 + PERCPU_UNIT, 0);
	synth_sym(s, "__init_end", po + 0x300000, 0);
	synth_sym(s, "_sdata", po + 0x300000, 0);
	synth_sym(s, "_edata", po + 0x400000, 0);
	synth_sym(s, "__bss_start", po + 0x400000, 0);
	synth_sym(s, "__bss_stop", po + 0x480000, 0);
	synth_sym(s, "_end", po + 0x480000, 0);
	s->data_next = po + 0x300000;
	s->data_end = po + 0x400000;
	s->heap_next = po + 0x480000;
	s->percpu_start = s->percpu_next = po + 0x2c0000;

	init_mm = synth_var(s, "init_mm", (uint32_t)synth_size(s, "mm_struct"));
	synth_wm(s, init_mm, "mm_struct", "pgd", po + 0x8000 - pgd_size);
	v = synth_var(s, "high_memory", 4);
	synth_w32(s, v, s->high_memory);
	if (p->gen >= 315) {
		v = synth_var(s, "__pv_phys_pfn_offset", 4);
		synth_w32(s, v, (uint32_t)(p->phys_offset / PAGE));
	} else {
		v = synth_var(s, "__pv_phys_offset", p->lpae ? 8 : 4);
		synth_w32(s, v, (uint32_t)p->phys_offset);
	}
	synth_w32(s, synth_var(s, "max_pfn", 4), (uint32_t)(synth_first_pfn(s) + nr_pages));
	synth_w32(s, synth_var(s, "max_low_pfn", 4), (uint32_t)(synth_first_pfn(s) + low_pages));
	synth_w32(s, synth_var(s, "nr_cpu_ids", 4), nr_cpus);
	pcpu = synth_var(s, "__per_cpu_offset", 4 * MAX_NR_CPUS);
	synth_array(s, "__per_cpu_offset", MAX_NR_CPUS);
	for (uint32_t c = 0; c < nr_cpus && c < MAX_NR_CPUS; c++) {
		s->percpu_base[c] = synth_alloc(s, PERCPU_UNIT, PAGE);
		synth_w32(s, pcpu + 4 * c, s->percpu_base[c] - s->percpu_start);
	}
	s->mem_map = synth_alloc(s, (uint32_t)(nr_pages * (uint64_t)synth_size(s, "page")), 64);
	synth_w32(s, synth_var(s, "mem_map", 4), s->mem_map);
	if (p->lowmem_mb && p->lowmem_mb < p->ram_mb) {
		synth_var(s, "pkmap_page_table", 4);
		synth_var(s, "pkmap_count", 4 * 512);
		synth_array(s, "pkmap_count", 512);
	}
	if (p->gen >= 319) { /* enum fixed_addresses: kmap slots first (3.19), after the early
			      * console slot (4.4); early_ioremap slots overlay them (4.9) */
		long kb = p->gen >= 404 ? 1 : 0, ke = kb + 16 * MAX_NR_CPUS - 1;
		if (p->gen >= 404)
			synth_enum(s, "FIX_EARLYCON_MEM_BASE", 0);
		synth_enum(s, "FIX_KMAP_BEGIN", kb);
		synth_enum(s, "FIX_KMAP_END", ke);
		synth_enum(s, "FIX_TEXT_POKE0", ke + 1);
		synth_enum(s, "FIX_TEXT_POKE1", ke + 2);
		if (p->gen < 404)
			synth_enum(s, "__end_of_fixed_addresses", ke + 3);
		else
			synth_enum(s, "__end_of_fixmap_region", ke + 3);
		if (p->gen >= 409) {
			synth_enum(s, "FIX_BTMAP_END", kb);
			synth_enum(s, "FIX_BTMAP_BEGIN", kb + 32 * 7 - 1);
		}
	}
	synth_pgtable_init(s);
}

struct synth *synth_new(const struct synth_profile *p)
{
	struct synth *s = calloc(1, sizeof(*s));
	uint32_t low_mb;

	if (!s)
		abort();
	s->p = *p;
	s->ram_size = (uint64_t)p->ram_mb << 20;
	s->ram = calloc(1, s->ram_size);
	s->hole = calloc(1, s->ram_size / PAGE);
	if (!s->ram || !s->hole)
		abort();
	low_mb = p->lowmem_mb ? p->lowmem_mb : p->ram_mb;
	s->high_memory = p->page_offset + (low_mb << 20);
	s->high_next = p->phys_offset + s->ram_size;
	synth_kv_mode(s, 0);
	synth_target(s);
	base_kernel(s);
	return s;
}

void synth_free(struct synth *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->syms.n; i++)
		free(s->syms.v[i].name);
	for (size_t i = 0; i < s->types.n; i++)
		free(s->types.v[i].name);
	for (size_t i = 0; i < s->mems.n; i++) {
		free(s->mems.v[i].type);
		free(s->mems.v[i].member);
	}
	for (size_t i = 0; i < s->enums.n; i++) {
		free(s->enums.v[i].name);
		free(s->enums.v[i].text);
	}
	for (size_t i = 0; i < s->configs.n; i++) {
		free(s->configs.v[i].name);
		free(s->configs.v[i].text);
	}
	for (size_t i = 0; i < s->arrays.n; i++)
		free(s->arrays.v[i].name);
	free(s->syms.v);
	free(s->types.v);
	free(s->mems.v);
	free(s->enums.v);
	free(s->configs.v);
	free(s->arrays.v);
	free(s->maps.v);
	free(s->log);
	free(s->ram);
	free(s->hole);
	free(s);
}

/* ---- ELF32 core with the tables in a note ---- */

#include <elf.h>
#define NOTE_NAME "MMVIEW"
#define NOTE_TYPE 0x4d4d

static void table_text(struct synth *s, FILE *m)
{
	const struct synth_profile *p = &s->p;
	fprintf(m, "profile %s %d %d %" PRIx32 " %" PRIx64 " %u %u %d %d\n", p->name, p->gen, p->lpae,
		p->page_offset, p->phys_offset, p->ram_mb, p->lowmem_mb, p->nr_cpus, p->slub);
	for (size_t i = 0; i < s->syms.n; i++)
		fprintf(m, "sym %s %" PRIx64 " %u\n", s->syms.v[i].name, s->syms.v[i].value, s->syms.v[i].size);
	for (size_t i = 0; i < s->types.n; i++)
		fprintf(m, "type %s %ld\n", s->types.v[i].name, s->types.v[i].size);
	for (size_t i = 0; i < s->mems.n; i++)
		fprintf(m, "member %s %s %ld %ld\n", s->mems.v[i].type, s->mems.v[i].member,
			s->mems.v[i].off, s->mems.v[i].size);
	for (size_t i = 0; i < s->enums.n; i++)
		fprintf(m, "enum %s %ld\n", s->enums.v[i].name, s->enums.v[i].value);
	for (size_t i = 0; i < s->configs.n; i++)
		fprintf(m, "config %s %s\n", s->configs.v[i].name, s->configs.v[i].text);
	for (size_t i = 0; i < s->arrays.n; i++)
		fprintf(m, "array %s %ld\n", s->arrays.v[i].name, s->arrays.v[i].value);
	for (size_t i = 0; i < s->maps.n; i++)
		fprintf(m, "map %" PRIx32 " %" PRIx64 " %" PRIx32 "\n", s->maps.v[i].va, s->maps.v[i].pa,
			s->maps.v[i].size);
}

int synth_write_elf(struct synth *s, const char *path)
{
	char *text = NULL;
	size_t tlen = 0, nloads = 0;
	FILE *m = open_memstream(&text, &tlen), *f;
	uint64_t npages = s->ram_size / PAGE;
	Elf32_Ehdr eh = { 0 };
	Elf32_Nhdr nh = { 0 };
	uint32_t off, namesz = sizeof(NOTE_NAME), descsz;

	if (!m)
		return -1;
	table_text(s, m);
	fclose(m);
	descsz = (uint32_t)tlen;
	for (uint64_t pg = 0; pg < npages; pg++) /* one PT_LOAD per readable run */
		if (!s->hole[pg] && (pg == 0 || s->hole[pg - 1]))
			nloads++;
	f = fopen(path, "wb");
	if (!f) {
		free(text);
		return -1;
	}
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_ARM;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf32_Phdr);
	eh.e_phnum = (Elf32_Half)(1 + nloads);
	fwrite(&eh, sizeof(eh), 1, f);
	off = sizeof(eh) + eh.e_phnum * sizeof(Elf32_Phdr);
	{
		Elf32_Phdr ph = { .p_type = PT_NOTE, .p_offset = off,
				  .p_filesz = (Elf32_Word)(sizeof(nh) + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u)) };
		fwrite(&ph, sizeof(ph), 1, f);
		off += ph.p_filesz;
		off = (off + PAGE - 1) & ~(PAGE - 1);
	}
	for (uint64_t pg = 0; pg < npages;) {
		uint64_t end = pg;
		if (s->hole[pg]) {
			pg++;
			continue;
		}
		while (end < npages && !s->hole[end])
			end++;
		{
			uint64_t pa = s->p.phys_offset + pg * PAGE, low_end = s->high_memory - s->p.page_offset;
			Elf32_Phdr ph = { .p_type = PT_LOAD, .p_offset = off, .p_paddr = (Elf32_Addr)pa,
					  .p_vaddr = pg * PAGE < low_end ? synth_pa_to_va(s, pa) : 0,
					  .p_filesz = (Elf32_Word)((end - pg) * PAGE),
					  .p_memsz = (Elf32_Word)((end - pg) * PAGE), .p_flags = PF_R | PF_W | PF_X,
					  .p_align = PAGE };
			fwrite(&ph, sizeof(ph), 1, f);
			off += ph.p_filesz;
		}
		pg = end;
	}
	nh.n_namesz = namesz;
	nh.n_descsz = descsz;
	nh.n_type = NOTE_TYPE;
	fwrite(&nh, sizeof(nh), 1, f);
	fwrite(NOTE_NAME "\0\0\0", (namesz + 3) & ~3u, 1, f);
	fwrite(text, descsz, 1, f);
	fwrite("\0\0\0", ((descsz + 3) & ~3u) - descsz, 1, f);
	free(text);
	while (ftell(f) % PAGE)
		fputc(0, f);
	for (uint64_t pg = 0; pg < npages; pg++)
		if (!s->hole[pg])
			fwrite(s->ram + pg * PAGE, PAGE, 1, f);
	return fclose(f);
}

static void parse_table(struct synth **sp, char *text)
{
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char a[128], b[128];
		unsigned long long x, y, z;
		long l1, l2;
		struct synth *s = *sp;

		if (!strncmp(line, "profile ", 8)) {
			struct synth_profile p = { 0 };
			static char name[64];
			if (sscanf(line, "profile %63s %d %d %llx %llx %u %u %d %d", name, &p.gen, &p.lpae, &x,
				   &y, &p.ram_mb, &p.lowmem_mb, &p.nr_cpus, &p.slub) == 9) {
				p.name = name;
				p.page_offset = (uint32_t)x;
				p.phys_offset = y;
				*sp = synth_new(&p);
			}
		} else if (!s)
			continue;
		else if (sscanf(line, "sym %127s %llx %llu", a, &x, &y) == 3)
			synth_sym(s, a, x, (uint32_t)y);
		else if (sscanf(line, "type %127s %ld", a, &l1) == 2)
			synth_type(s, a, l1);
		else if (sscanf(line, "member %127s %127s %ld %ld", a, b, &l1, &l2) == 4)
			synth_member(s, a, b, l1, l2);
		else if (sscanf(line, "enum %127s %ld", a, &l1) == 2)
			synth_enum(s, a, l1);
		else if (sscanf(line, "config %127s %127s", a, b) == 2)
			synth_config(s, a, b);
		else if (sscanf(line, "array %127s %ld", a, &l1) == 2)
			synth_array(s, a, l1);
		else if (sscanf(line, "map %llx %llx %llx", &x, &y, &z) == 3) {
			struct mapping mp = { (uint32_t)x, y, (uint32_t)z };
			VEC_PUSH(s->maps, mp);
		}
	}
}

struct synth *synth_read_elf(const char *path)
{
	FILE *f = fopen(path, "rb");
	Elf32_Ehdr eh;
	Elf32_Phdr *ph = NULL;
	struct synth *s = NULL;

	if (!f)
		return NULL;
	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_machine != EM_ARM || eh.e_phnum == 0 || eh.e_phnum > 4096)
		goto out;
	ph = calloc(eh.e_phnum, sizeof(*ph));
	if (!ph || fseek(f, eh.e_phoff, SEEK_SET) || fread(ph, sizeof(*ph), eh.e_phnum, f) != eh.e_phnum)
		goto out;
	for (int i = 0; i < eh.e_phnum; i++) { /* the note first: it creates the synth */
		Elf32_Nhdr nh;
		char name[8], *desc;
		if (ph[i].p_type != PT_NOTE || fseek(f, ph[i].p_offset, SEEK_SET) ||
		    fread(&nh, sizeof(nh), 1, f) != 1 || nh.n_type != NOTE_TYPE || nh.n_namesz != sizeof(NOTE_NAME) ||
		    nh.n_descsz > (64u << 20))
			continue;
		if (fread(name, 8, 1, f) != 1 || memcmp(name, NOTE_NAME, sizeof(NOTE_NAME)))
			continue;
		desc = calloc(1, nh.n_descsz + 1);
		if (desc && fread(desc, 1, nh.n_descsz, f) == nh.n_descsz)
			parse_table(&s, desc);
		free(desc);
	}
	if (!s)
		goto out;
	memset(s->hole, 1, s->ram_size / PAGE);
	for (int i = 0; i < eh.e_phnum; i++) {
		uint64_t pa = ph[i].p_paddr;
		if (ph[i].p_type != PT_LOAD || pa < s->p.phys_offset ||
		    pa - s->p.phys_offset + ph[i].p_filesz > s->ram_size)
			continue;
		if (fseek(f, ph[i].p_offset, SEEK_SET) ||
		    fread(s->ram + (pa - s->p.phys_offset), 1, ph[i].p_filesz, f) != ph[i].p_filesz)
			continue;
		memset(s->hole + (pa - s->p.phys_offset) / PAGE, 0, ph[i].p_filesz / PAGE);
	}
out:
	free(ph);
	fclose(f);
	return s;
}
