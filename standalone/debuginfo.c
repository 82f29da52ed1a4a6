/* vmlinux symbols and DWARF. Symbols: the ELF .symtab, sorted once by address (crash's
 * value_search answers "name+0xoff" from the same table). DWARF: one pass over the top-level
 * DIEs of every compile unit records where each named struct, union, typedef, enum, enumerator
 * and variable is defined; each question then reads the one DIE it needs. */
#define _GNU_SOURCE
#include "debuginfo.h"
#include <elfutils/libdw.h>
#include <dwarf.h>
#include <gelf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#define EM_ARM_ 40
#define MAX_MEMBER_DEPTH 8 /* anonymous structs in anonymous unions in ... */

/* ---- a string-keyed table (open addressing; names point into the ELF/DWARF data) ---- */

struct entry {
	const char *name;
	uint64_t value;
};
struct table {
	struct entry *e;
	size_t cap, n; /* cap: power of two */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct entry *table_slot(const struct table *t, const char *name)
{
	size_t i;
	if (!t->cap)
		return NULL;
	for (i = hash(name) & (t->cap - 1);; i = (i + 1) & (t->cap - 1))
		if (!t->e[i].name || !strcmp(t->e[i].name, name))
			return &t->e[i];
}

/* Adds name unless present (the first definition wins). */
static int table_add(struct table *t, const char *name, uint64_t value)
{
	struct entry *s;

	if ((t->n + 1) * 2 > t->cap) {
		struct table nt = { calloc(t->cap ? t->cap * 2 : 1024, sizeof(struct entry)),
				    t->cap ? t->cap * 2 : 1024, 0 };
		if (!nt.e)
			return -1;
		for (size_t i = 0; i < t->cap; i++)
			if (t->e[i].name) {
				*table_slot(&nt, t->e[i].name) = t->e[i];
				nt.n++;
			}
		free(t->e);
		*t = nt;
	}
	s = table_slot(t, name);
	if (!s->name) {
		s->name = name;
		s->value = value;
		t->n++;
	}
	return 0;
}

static const struct entry *table_get(const struct table *t, const char *name)
{
	const struct entry *s = table_slot(t, name);
	return s && s->name ? s : NULL;
}

/* ---- the vmlinux ---- */

struct sym {
	uint64_t addr;
	const char *name;
};

struct dbg {
	int fd;
	Elf *elf;
	Dwarf *dw;
	int dwarf_tried, dwarf_indexed;
	char build_id[41 * 2];
	struct sym *syms;      /* sorted by address */
	size_t nsyms;
	struct table symtab;   /* name -> address */
	uint64_t text_end;     /* _end: addresses past it are not vmlinux's */
	/* DWARF index: name -> DIE offset */
	struct table aggr;     /* struct/union definitions */
	struct table tdef;     /* typedefs */
	struct table enums;    /* enum types */
	struct table enumerators; /* name -> value (as uint64_t) */
	struct table vars;     /* variable definitions */
};

static int fail(char *msg, size_t len, const char *fmt, const char *a, const char *b)
{
	snprintf(msg, len, fmt, a, b);
	return -1;
}

static void read_build_id(struct dbg *d)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(d->elf, &shstrndx))
		return;
	while ((scn = elf_nextscn(d->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		GElf_Nhdr nh;
		size_t off = 0, name_off, desc_off;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE || !(data = elf_getdata(scn, NULL)))
			continue;
		while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    !memcmp((char *)data->d_buf + name_off, "GNU", 4) && nh.n_descsz <= 40) {
				const unsigned char *id = (const unsigned char *)data->d_buf + desc_off;
				for (size_t i = 0; i < nh.n_descsz; i++)
					sprintf(d->build_id + 2 * i, "%02x", id[i]);
				return;
			}
		}
	}
}

static int has_section(struct dbg *d, const char *name)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(d->elf, &shstrndx))
		return 0;
	while ((scn = elf_nextscn(d->elf, scn))) {
		GElf_Shdr sh;
		const char *n;
		if (gelf_getshdr(scn, &sh) && (n = elf_strptr(d->elf, shstrndx, sh.sh_name)) && !strcmp(n, name))
			return sh.sh_type != SHT_NOBITS && sh.sh_size > 0;
	}
	return 0;
}

/* By address, aliases by name: crash's order (numeric_forward, then strcmp), so that an address
 * is named by the same alias (ret_fast_syscall / __ret_fast_syscall, sys_X / __se_sys_X). */
static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	int c;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	c = strcmp(x->name, y->name);
	return c ? c : (x < y ? -1 : x > y);
}

/* Symbols worth naming an address by: functions, objects and the linker's NOTYPE labels
 * (_text, __bss_start), not ARM mapping symbols ($a, $d, $t) nor section/file entries. */
static int wanted(const GElf_Sym *s, const char *name)
{
	int type = GELF_ST_TYPE(s->st_info);
	if (!name || !*name || name[0] == '$' || s->st_shndx == SHN_UNDEF)
		return 0;
	return type == STT_FUNC || type == STT_OBJECT || type == STT_NOTYPE;
}

static int read_symtab(struct dbg *d, char *msg, size_t ml)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(d->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			break;
		n = sh.sh_size / sh.sh_entsize;
		d->syms = calloc(n ? n : 1, sizeof(*d->syms));
		if (!d->syms)
			return fail(msg, ml, "out of memory reading the symbols%s%s", "", "");
		for (size_t i = 0; i < n; i++) {
			GElf_Sym s;
			const char *name;
			if (!gelf_getsym(data, (int)i, &s))
				continue;
			name = elf_strptr(d->elf, sh.sh_link, s.st_name);
			if (!wanted(&s, name))
				continue;
			d->syms[d->nsyms].addr = s.st_value;
			d->syms[d->nsyms++].name = name;
			if (table_add(&d->symtab, name, s.st_value))
				return fail(msg, ml, "out of memory reading the symbols%s%s", "", "");
		}
		qsort(d->syms, d->nsyms, sizeof(*d->syms), by_addr);
		break;
	}
	if (!d->nsyms)
		return -1;
	return 0;
}

/* As crash keeps them (arm_verify_symbol): addresses from PAGE_OFFSET up (absolute symbols such
 * as NMRR would otherwise name module addresses), no __crc_ or __func__. entries. */
static void keep_kernel_symbols(struct dbg *d)
{
	const struct entry *e = table_get(&d->symtab, "swapper_pg_dir");
	uint64_t kvbase;
	size_t n = 0;

	if (!e)
		e = table_get(&d->symtab, "_text");
	kvbase = e ? e->value & ~0xffffffull : 0;
	for (size_t i = 0; i < d->nsyms; i++) {
		const char *name = d->syms[i].name;
		if (d->syms[i].addr < kvbase || !strncmp(name, "__crc_", 6) || !strncmp(name, "__func__.", 9))
			continue;
		d->syms[n++] = d->syms[i];
	}
	d->nsyms = n;
}

struct dbg *dbg_open(const char *path, char *msg, size_t ml)
{
	struct dbg *d = calloc(1, sizeof(*d));
	GElf_Ehdr eh;
	const struct entry *e;

	if (!d) {
		snprintf(msg, ml, "out of memory");
		return NULL;
	}
	elf_version(EV_CURRENT);
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0) {
		fail(msg, ml, "cannot open vmlinux %s: %s", path, strerror(errno));
		free(d);
		return NULL;
	}
	d->elf = elf_begin(d->fd, ELF_C_READ_MMAP, NULL);
	if (!d->elf || elf_kind(d->elf) != ELF_K_ELF || !gelf_getehdr(d->elf, &eh)) {
		fail(msg, ml, "%s is not an ELF file (vmlinux expected)%s", path, "");
		goto bad;
	}
	if (eh.e_machine != EM_ARM_) {
		snprintf(msg, ml, "%s is a vmlinux of another architecture (ELF machine %d, not ARM)", path,
			 eh.e_machine);
		goto bad;
	}
	read_build_id(d);
	if (!has_section(d, ".debug_info")) {
		snprintf(msg, ml, "%s has no DWARF debug info (.debug_info): the unstripped vmlinux is needed "
			 "(Debian: linux-image-*-dbg)", path);
		goto bad;
	}
	if (read_symtab(d, msg, ml)) {
		if (!d->nsyms)
			fail(msg, ml, "%s has no symbol table (a stripped vmlinux? the one with debug info is needed)%s",
			     path, "");
		goto bad;
	}
	e = table_get(&d->symtab, "_end");
	d->text_end = e ? e->value : d->syms[d->nsyms - 1].addr;
	keep_kernel_symbols(d);
	return d;
bad:
	dbg_close(d);
	return NULL;
}

void dbg_close(struct dbg *d)
{
	if (!d)
		return;
	if (d->dw)
		dwarf_end(d->dw);
	if (d->elf)
		elf_end(d->elf);
	if (d->fd >= 0)
		close(d->fd);
	free(d->syms);
	free(d->symtab.e);
	free(d->aggr.e);
	free(d->tdef.e);
	free(d->enums.e);
	free(d->enumerators.e);
	free(d->vars.e);
	free(d);
}

const char *dbg_build_id(const struct dbg *d)
{
	return d->build_id;
}

int dbg_dwarf_loaded(const struct dbg *d)
{
	return d->dwarf_tried;
}

/* ---- symbols ---- */

int dbg_symbol(struct dbg *d, const char *name, uint64_t *value)
{
	const struct entry *e = table_get(&d->symtab, name);
	if (!e)
		return -1;
	*value = e->value;
	return 0;
}

/* The name crash shows: gcc's clone endings cut as its strip_symbol_end does (".isra.",
 * ".part.", ".llvm.": subsys_register.part.0 is subsys_register; ".constprop." stays). */
static int shown_name_len(const char *name)
{
	static const char *const cut[] = { ".isra.", ".part.", ".llvm." };
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		const char *p = strstr(name, cut[i]);
		if (p && (size_t)(p - name) < n)
			return (int)(p - name);
	}
	return (int)n;
}

int dbg_symbol_name(struct dbg *d, uint64_t addr, char *buf, size_t len)
{
	size_t lo = 0, hi = d->nsyms;

	if (!d->nsyms || addr < d->syms[0].addr || addr >= d->text_end)
		return -1;
	while (hi - lo > 1) { /* last symbol at or below addr */
		size_t mid = lo + (hi - lo) / 2;
		if (d->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (addr == d->syms[lo].addr) {
		/* crash's value_search: an exact match is the first alias, an address inside a
		 * symbol the last one (the entry before the first symbol above it) */
		while (lo > 0 && d->syms[lo - 1].addr == addr)
			lo--;
		snprintf(buf, len, "%.*s", shown_name_len(d->syms[lo].name), d->syms[lo].name);
	}
	else
		snprintf(buf, len, "%.*s+0x%llx", shown_name_len(d->syms[lo].name), d->syms[lo].name,
			 (unsigned long long)(addr - d->syms[lo].addr));
	return 0;
}

long dbg_symbol_bytes(struct dbg *d, const char *name, void *buf, size_t len)
{
	uint64_t addr;
	Elf_Scn *scn = NULL;

	if (dbg_symbol(d, name, &addr))
		return -1;
	while ((scn = elf_nextscn(d->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t n;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_type != SHT_PROGBITS ||
		    addr < sh.sh_addr || addr >= sh.sh_addr + sh.sh_size)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !data->d_buf || addr - sh.sh_addr >= data->d_size)
			return -1;
		n = data->d_size - (size_t)(addr - sh.sh_addr);
		if (n > len)
			n = len;
		memcpy(buf, (char *)data->d_buf + (addr - sh.sh_addr), n);
		return (long)n;
	}
	return -1;
}

/* ---- DWARF index ---- */

static const char *attr_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &a));
}

/* An enumerator's value: gcc writes negative ones as DW_FORM_sdata and the others as unsigned
 * data forms, which dwarf_formsdata would sign-extend (FIX_KMAP_END = 0x90 in data1 is 144). */
static int enum_const(Dwarf_Die *e, int64_t *v)
{
	Dwarf_Attribute a;
	Dwarf_Sword sv;
	Dwarf_Word uv;
	if (!dwarf_attr(e, DW_AT_const_value, &a))
		return -1;
	if (dwarf_whatform(&a) == DW_FORM_sdata || dwarf_whatform(&a) == DW_FORM_implicit_const) {
		if (dwarf_formsdata(&a, &sv))
			return -1;
		*v = sv;
		return 0;
	}
	if (dwarf_formudata(&a, &uv))
		return -1;
	*v = (int64_t)uv;
	return 0;
}

static void index_enumerators(struct dbg *d, Dwarf_Die *en)
{
	Dwarf_Die c;
	if (dwarf_child(en, &c) != 0)
		return;
	do {
		int64_t v;
		const char *name;
		if (dwarf_tag(&c) != DW_TAG_enumerator || !(name = dwarf_diename(&c)) || enum_const(&c, &v))
			continue;
		table_add(&d->enumerators, name, (uint64_t)v);
	} while (dwarf_siblingof(&c, &c) == 0);
}

static void index_die(struct dbg *d, Dwarf_Die *die)
{
	const char *name;
	int tag = dwarf_tag(die);

	switch (tag) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		if (dwarf_hasattr(die, DW_AT_declaration) || !(name = dwarf_diename(die)))
			return;
		table_add(&d->aggr, name, dwarf_dieoffset(die));
		return;
	case DW_TAG_typedef:
		if ((name = dwarf_diename(die)))
			table_add(&d->tdef, name, dwarf_dieoffset(die));
		return;
	case DW_TAG_enumeration_type:
		if (dwarf_hasattr(die, DW_AT_declaration))
			return;
		if ((name = dwarf_diename(die)))
			table_add(&d->enums, name, dwarf_dieoffset(die));
		index_enumerators(d, die);
		return;
	case DW_TAG_variable:
		/* definitions only: a declaration may lack the array bound */
		if (dwarf_hasattr(die, DW_AT_declaration) || !(name = attr_name(die)))
			return;
		table_add(&d->vars, name, dwarf_dieoffset(die));
		return;
	}
}

static int dwarf_index(struct dbg *d)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	if (d->dwarf_tried)
		return d->dwarf_indexed ? 0 : -1;
	d->dwarf_tried = 1;
	if (getenv("MMVIEW_STATS")) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		fprintf(stderr, "mmview: stats: DWARF index starts at %.3f s\n", t.tv_sec + t.tv_nsec / 1e9);
	}
	d->dw = dwarf_begin_elf(d->elf, DWARF_C_READ, NULL);
	if (!d->dw)
		return -1;
	while (dwarf_nextcu(d->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, c;
		if (dwarf_offdie(d->dw, off + hsize, &cu) && dwarf_child(&cu, &c) == 0) {
			do
				index_die(d, &c);
			while (dwarf_siblingof(&c, &c) == 0);
		}
		off = next;
	}
	d->dwarf_indexed = 1;
	if (getenv("MMVIEW_STATS")) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		fprintf(stderr, "mmview: stats: DWARF indexed at %.3f s (monotonic)\n", t.tv_sec + t.tv_nsec / 1e9);
	}
	return 0;
}

static Dwarf_Die *die_at(struct dbg *d, const struct table *t, const char *name, Dwarf_Die *mem)
{
	const struct entry *e;
	if (dwarf_index(d))
		return NULL;
	e = table_get(t, name);
	return e ? dwarf_offdie(d->dw, (Dwarf_Off)e->value, mem) : NULL;
}

/* The type a DIE refers to, qualifiers and typedefs peeled. */
static Dwarf_Die *type_of(Dwarf_Die *die, Dwarf_Die *mem)
{
	Dwarf_Attribute a;
	Dwarf_Die t;
	if (!dwarf_formref_die(dwarf_attr_integrate(die, DW_AT_type, &a), &t))
		return NULL;
	return dwarf_peel_type(&t, mem) == 0 ? mem : NULL;
}

/* A bare type name as crash's STRUCT_SIZE takes it: struct, then union, then typedef. */
static Dwarf_Die *named_type(struct dbg *d, const char *type, Dwarf_Die *mem)
{
	Dwarf_Die t;
	if (die_at(d, &d->aggr, type, mem))
		return mem;
	if (!die_at(d, &d->tdef, type, &t))
		return NULL;
	return dwarf_peel_type(&t, mem) == 0 ? mem : NULL;
}

long dbg_type_size(struct dbg *d, const char *type)
{
	Dwarf_Die t;
	Dwarf_Word size;
	if (!named_type(d, type, &t) || dwarf_aggregate_size(&t, &size))
		return -1;
	return (long)size;
}

static long member_location(Dwarf_Die *m)
{
	Dwarf_Attribute a;
	Dwarf_Word v;
	if (dwarf_attr(m, DW_AT_data_member_location, &a)) {
		if (dwarf_formudata(&a, &v) == 0)
			return (long)v;
		/* DWARF 2 style: DW_OP_plus_uconst N */
		Dwarf_Op *ops;
		size_t n;
		if (dwarf_getlocation(&a, &ops, &n) == 0 && n == 1 && ops[0].atom == DW_OP_plus_uconst)
			return (long)ops[0].number;
		return -1;
	}
	if (dwarf_attr(m, DW_AT_data_bit_offset, &a) && dwarf_formudata(&a, &v) == 0)
		return (long)(v / 8);
	return 0; /* union members */
}

/* Finds member in aggregate `agg`, looking into anonymous structs and unions. */
static int find_member(Dwarf_Die *agg, const char *member, long base, int depth, Dwarf_Die *out,
		       long *off)
{
	Dwarf_Die c;
	if (depth > MAX_MEMBER_DEPTH || dwarf_child(agg, &c) != 0)
		return -1;
	do {
		const char *name;
		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		name = dwarf_diename(&c);
		if (name && !strcmp(name, member)) {
			*out = c;
			*off = base + member_location(&c);
			return 0;
		}
		if (!name) {
			Dwarf_Die t;
			int tag;
			if (!type_of(&c, &t))
				continue;
			tag = dwarf_tag(&t);
			if ((tag == DW_TAG_structure_type || tag == DW_TAG_union_type) &&
			    find_member(&t, member, base + member_location(&c), depth + 1, out, off) == 0)
				return 0;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return -1;
}

static int member(struct dbg *d, const char *type, const char *member, Dwarf_Die *m, long *off)
{
	Dwarf_Die t;
	int tag;
	if (!named_type(d, type, &t))
		return -1;
	tag = dwarf_tag(&t);
	if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type)
		return -1;
	return find_member(&t, member, 0, 0, m, off);
}

long dbg_member_offset(struct dbg *d, const char *type, const char *name)
{
	Dwarf_Die m;
	long off;
	return member(d, type, name, &m, &off) ? -1 : off;
}

long dbg_member_size(struct dbg *d, const char *type, const char *name)
{
	Dwarf_Die m, t;
	Dwarf_Attribute a;
	Dwarf_Word size;
	long off;

	if (member(d, type, name, &m, &off))
		return -1;
	if (dwarf_attr(&m, DW_AT_byte_size, &a) && dwarf_formudata(&a, &size) == 0)
		return (long)size; /* a bitfield's storage unit */
	if (!type_of(&m, &t) || dwarf_aggregate_size(&t, &size))
		return -1;
	return (long)size;
}

int dbg_enum_value(struct dbg *d, const char *name, long *value)
{
	const struct entry *e;
	if (dwarf_index(d) || !(e = table_get(&d->enumerators, name)))
		return -1;
	*value = (long)(int64_t)e->value;
	return 0;
}

long dbg_enum_members(struct dbg *d, const char *type, void (*fn)(void *, const char *, long), void *arg)
{
	Dwarf_Die en, c;
	long n = 0;

	if (!die_at(d, &d->enums, type, &en))
		return -1;
	if (dwarf_child(&en, &c) != 0)
		return 0;
	do {
		int64_t v;
		const char *name = dwarf_diename(&c);
		if (dwarf_tag(&c) != DW_TAG_enumerator || !name || enum_const(&c, &v))
			continue;
		fn(arg, name, (long)v);
		n++;
	} while (dwarf_siblingof(&c, &c) == 0);
	return n;
}

long dbg_array_length(struct dbg *d, const char *symbol)
{
	Dwarf_Die v, t, c;
	Dwarf_Attribute a;
	Dwarf_Word w;

	if (!die_at(d, &d->vars, symbol, &v) || !type_of(&v, &t) || dwarf_tag(&t) != DW_TAG_array_type ||
	    dwarf_child(&t, &c) != 0)
		return -1;
	do {
		if (dwarf_tag(&c) != DW_TAG_subrange_type)
			continue;
		if (dwarf_attr(&c, DW_AT_count, &a) && dwarf_formudata(&a, &w) == 0)
			return (long)w;
		if (dwarf_attr(&c, DW_AT_upper_bound, &a) && dwarf_formudata(&a, &w) == 0)
			return (long)w + 1;
		return -1;
	} while (dwarf_siblingof(&c, &c) == 0);
	return -1;
}
