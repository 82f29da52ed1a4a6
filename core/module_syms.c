/* Module symbols from the dump, for targets that know only vmlinux's symbols: each module's
 * kallsyms table (struct mod_kallsyms, 4.10+; the symtab/num_symtab/strtab members of struct
 * module before), read once per model. Crash reads the same tables itself; its target answers
 * before this is asked. */
#include "module_syms.h"
#include "modules.h"
#include "read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SYMS_PER_MODULE 65536
#define MAX_STRTAB (1u << 20)
#define ELF32_SYM 16
#define STT_SECTION_ 3
#define STT_FILE_ 4

struct modsym {
	kva_t addr;
	int module;      /* index in mm_modules(k) */
	char *name;
};

struct mm_modsyms {
	int n;
	struct modsym *s; /* sorted by address */
};

static long off(struct mm_kernel *k, const char *type, const char *member)
{
	return k->t->ops->member_offset(k->t->ctx, type, member);
}

static int by_addr(const void *a, const void *b)
{
	const struct modsym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Where a module's table is: (symtab, count, strtab), through mod->kallsyms when it exists. */
static int table_of(struct mm_kernel *k, kva_t mod, uint32_t *symtab, uint32_t *num, uint32_t *strtab)
{
	long ks = off(k, "module", "kallsyms");
	kva_t base = mod;
	const char *type = "module";

	if (ks >= 0) {
		uint32_t p;
		if (mm_read_u32(k, mod + (kva_t)ks, &p, NULL) || !p)
			return -1;
		base = p;
		type = "mod_kallsyms";
	}
	long o_sym = off(k, type, "symtab"), o_num = off(k, type, "num_symtab"), o_str = off(k, type, "strtab");
	if (o_sym < 0 || o_num < 0 || o_str < 0)
		return -1;
	if (mm_read_u32(k, base + (kva_t)o_sym, symtab, NULL) || mm_read_u32(k, base + (kva_t)o_num, num, NULL) ||
	    mm_read_u32(k, base + (kva_t)o_str, strtab, NULL))
		return -1;
	return 0;
}

static int add(struct mm_modsyms *ms, int *cap, kva_t addr, int module, const char *name)
{
	if (ms->n == *cap) {
		int nc = *cap ? *cap * 2 : 256;
		struct modsym *ns = realloc(ms->s, (size_t)nc * sizeof(*ns));
		if (!ns)
			return -1;
		ms->s = ns;
		*cap = nc;
	}
	ms->s[ms->n].name = strdup(name);
	if (!ms->s[ms->n].name)
		return -1;
	ms->s[ms->n].addr = addr;
	ms->s[ms->n++].module = module;
	return 0;
}

static void read_module(struct mm_kernel *k, struct mm_modsyms *ms, int *cap, int idx, kva_t mod)
{
	uint32_t symtab, num, strtab, maxname = 0;
	uint8_t *syms = NULL;
	char *str = NULL;
	size_t strlen_read = 0;

	if (table_of(k, mod, &symtab, &num, &strtab) || !num || num > MAX_SYMS_PER_MODULE)
		return;
	syms = malloc((size_t)num * ELF32_SYM);
	if (!syms || mm_read(k, symtab, MM_KVADDR, syms, (size_t)num * ELF32_SYM, NULL))
		goto out;
	for (uint32_t i = 0; i < num; i++) {
		uint32_t name = mm_get32(syms + i * ELF32_SYM, ELF32_SYM, 0);
		if (name > maxname && name < MAX_STRTAB)
			maxname = name;
	}
	/* the string table in one read (its size is not kept: up to the last name and a bit) */
	strlen_read = (size_t)maxname + 256;
	str = calloc(1, strlen_read + 1);
	if (!str)
		goto out;
	while (strlen_read > maxname && mm_read(k, strtab, MM_KVADDR, str, strlen_read, NULL))
		strlen_read = strlen_read > 16 ? strlen_read - 16 : 0; /* the end may be unmapped */
	if (strlen_read <= maxname)
		goto out;
	for (uint32_t i = 0; i < num; i++) {
		const uint8_t *s = syms + i * ELF32_SYM;
		uint32_t name = mm_get32(s, ELF32_SYM, 0), value = mm_get32(s, ELF32_SYM, 4);
		unsigned type = s[12] & 0xf, shndx = (unsigned)mm_get(s, ELF32_SYM, 14, 2);
		const char *nm;
		if (name >= strlen_read || !value || !shndx || type == STT_SECTION_ || type == STT_FILE_)
			continue;
		nm = str + name;
		if (!*nm || nm[0] == '$' || strnlen(nm, strlen_read - name) == strlen_read - name)
			continue;
		if (add(ms, cap, value, idx, nm))
			break;
	}
out:
	free(syms);
	free(str);
}

static struct mm_modsyms *modsyms(struct mm_kernel *k)
{
	const struct mm_modules *m;
	struct mm_modsyms *ms;
	int cap = 0;

	if (k->modsyms || k->modsyms_tried)
		return k->modsyms;
	k->modsyms_tried = 1;
	m = mm_modules(k);
	if (!m || !m->n || !(ms = calloc(1, sizeof(*ms))))
		return NULL;
	for (int i = 0; i < m->n; i++)
		read_module(k, ms, &cap, i, m->mod[i].addr);
	if (ms->n)
		qsort(ms->s, (size_t)ms->n, sizeof(*ms->s), by_addr);
	k->modsyms = ms;
	return ms;
}

int mm_module_symbol(struct mm_kernel *k, uint64_t addr, char *buf, size_t len)
{
	const struct mm_modules *m;
	const struct mm_module *mod;
	const struct mm_module_region *r;
	struct mm_modsyms *ms;
	int lo = 0, hi, best = -1;

	if (addr > 0xffffffffULL || !(m = mm_modules(k)) || !(mod = mm_module_find(m, (kva_t)addr, &r)))
		return -1;
	ms = modsyms(k);
	if (!ms)
		return -1;
	hi = ms->n;
	while (lo < hi) { /* first symbol above addr */
		int mid = lo + (hi - lo) / 2;
		if (ms->s[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the nearest symbol at or below addr that belongs to the module holding addr */
	for (int i = lo - 1; i >= 0 && i >= lo - 64; i--)
		if (&m->mod[ms->s[i].module] == mod) {
			best = i;
			break;
		}
	if (best < 0 || ms->s[best].addr < r->base)
		return -1;
	if (addr == ms->s[best].addr)
		snprintf(buf, len, "%s", ms->s[best].name);
	else
		snprintf(buf, len, "%s+0x%llx", ms->s[best].name, (unsigned long long)(addr - ms->s[best].addr));
	return 0;
}

static int symbol_lookup(struct mm_kernel *k, uint64_t addr, char *buf, size_t len)
{
	if (k->t->ops->symbol_name && k->t->ops->symbol_name(k->t->ctx, addr, buf, len) == 0)
		return 0;
	return mm_module_symbol(k, addr, buf, len);
}

/* Answers of the current read scope (core/read.h): thousands of vmalloc areas or slab caches
 * name a few hundred distinct addresses, and each look-up is a search of crash's symbols. */
struct sym_memo {
	const struct mm_kernel *k;
	unsigned gen;
	uint64_t addr;
	int rc;
	char text[160];
};
static struct sym_memo sym_memo[1024];

int mm_symbol_lookup(struct mm_kernel *k, uint64_t addr, char *buf, size_t len)
{
	struct sym_memo *m = &sym_memo[(addr >> 2) % (sizeof(sym_memo) / sizeof(sym_memo[0]))];

	if (!k->rcache_depth || len > sizeof(m->text))
		return symbol_lookup(k, addr, buf, len);
	if (m->k != k || m->gen != k->scope_gen || m->addr != addr) {
		m->text[0] = 0;
		m->rc = symbol_lookup(k, addr, m->text, sizeof(m->text));
		m->k = k;
		m->gen = k->scope_gen;
		m->addr = addr;
	}
	if (!m->rc && len) { /* copied by hand: a 12,000-area listing asks per area */
		size_t n = 0;
		for (; n + 1 < len && m->text[n]; n++)
			buf[n] = m->text[n];
		buf[n] = 0;
	}
	return m->rc;
}

void mm_modsyms_release(struct mm_kernel *k)
{
	struct mm_modsyms *ms = k->modsyms;
	if (ms) {
		for (int i = 0; i < ms->n; i++)
			free(ms->s[i].name);
		free(ms->s);
		free(ms);
	}
	k->modsyms = NULL;
	k->modsyms_tried = 0;
}
