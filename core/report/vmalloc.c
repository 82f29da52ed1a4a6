/* `mmview vmalloc`: the areas as /proc/vmallocinfo shows them, and the summary that answers
 * "why did vmalloc fail": free space, the largest gap, fragmentation, callers; --fit SIZE. */
#include "../cmd.h"
#include "../vmalloc/vmalloc.h"
#include "map.h"
#include <stdlib.h>
#include <string.h>

const char *const mm_help_vmalloc[] = {
	"mmview vmalloc [-a|-s|-g|-p] [--fit SIZE [--align A] [--no-guard] [--ioremap] [--modules]] [--map] [--svg FILE]",
	"      Walks the kernel's own vmalloc bookkeeping (vmlist <= 3.9, vmap_area_list 3.10-6.8,",
	"      vmap_nodes 6.9+), lazily freed (unpurged) areas and, from 5.2, free_vmap_area_list,",
	"      which is cross-checked against the gaps between busy areas.",
	"      default  every area (start-end, size with guard page, state, caller, pages, phys,",
	"             flags), then the summary",
	"      -s       the summary only, for the vmalloc and the modules range: used by state, free,",
	"             the largest free chunk, gap count and sizes by power of two, fragmentation",
	"             (1 - largest/free), top callers by bytes and by count",
	"      -g       also every free gap",
	"      -p       the areas exactly as this kernel's /proc/vmallocinfo prints them",
	"      --fit SIZE  would vmalloc(SIZE) fit now: SIZE page-aligned plus the guard page,",
	"             lowest fitting gap first, as alloc_vmap_area searches; --align A, --no-guard,",
	"             --ioremap (ioremap's size-order alignment, up to 16M where ARM's",
	"             IOREMAP_MAX_ORDER is 24), --modules (the modules range). Prints the",
	"             alignment applied; 5.2+ with an alignment above a page, only a gap of",
	"             size + align - 1 counts (find_vmap_lowest_match's subtree test).",
	"      --map    the vmalloc and modules ranges drawn as rows of cells, each a fixed slice",
	"             of address space: '.' free, A, B, ... the top callers by bytes (lower",
	"             case: part of the cell is free), '#' other callers, '|' guard pages,",
	"             '~' lazily freed, '=' vm_map_ram, '@' static mappings; a legend",
	"      --svg FILE  the same maps as a self-contained SVG (hex axes, a hover title per",
	"             cell with its range and owner, a legend); FILE - : the SVG is the output",
	"             (mmview vmalloc --svg - > vmalloc.svg; errors then go to stderr)",
	"      -j --map  the cells as data: range, glyph, legend class, percent used, owner",
	"      --width N  columns of the text map (default: the terminal's, else 80); --utf8 or",
	"             --ascii (default: as the locale says); --color (ANSI colours)",
	"      Example:  crash> mmview vmalloc --fit 4M",
	"              crash> mmview vmalloc -p > vmallocinfo.dump",
	"              crash> mmview vmalloc --map --svg vmalloc.svg",
	NULL,
};

static const char *const gen_name[] = {
	[MM_VA_GEN_VMLIST] = "vmlist (<= 3.9)",
	[MM_VA_GEN_FLAGS_LIST] = "vmap_area_list, VM_VM_AREA/VM_LAZY_FREE flags (3.10-4.4)",
	[MM_VA_GEN_FLAGS_LLIST] = "vmap_area_list, VM_VM_AREA/VM_LAZY_FREE flags (4.9-5.3)",
	[MM_VA_GEN_NOFLAGS] = "vmap_area_list, no flags (5.4-6.2)",
	[MM_VA_GEN_VMAP_RAM] = "vmap_area_list, VMAP_RAM flags (6.3-6.8)",
	[MM_VA_GEN_NODES] = "vmap_nodes (6.9+)",
};

/* vm_struct.flags words, by the generations that define each bit. */
struct flag_word {
	uint32_t bit;
	const char *name;
	enum mm_va_gen from, to;
};
static const struct flag_word flag_words[] = {
	{ 0x001, "ioremap", MM_VA_GEN_VMLIST, MM_VA_GEN_NODES },
	{ 0x002, "vmalloc", MM_VA_GEN_VMLIST, MM_VA_GEN_NODES },
	{ 0x004, "vmap", MM_VA_GEN_VMLIST, MM_VA_GEN_NODES },
	{ 0x008, "user", MM_VA_GEN_VMLIST, MM_VA_GEN_NODES },
	{ 0x010, "vpages", MM_VA_GEN_VMLIST, MM_VA_GEN_FLAGS_LIST },
	{ 0x010, "dma-coherent", MM_VA_GEN_NOFLAGS, MM_VA_GEN_NODES },
	{ 0x020, "unlist", MM_VA_GEN_VMLIST, MM_VA_GEN_VMLIST },
	{ 0x020, "uninitialized", MM_VA_GEN_FLAGS_LIST, MM_VA_GEN_NODES },
	{ 0x040, "no-guard", MM_VA_GEN_FLAGS_LLIST, MM_VA_GEN_NODES },
	{ 0x080, "kasan", MM_VA_GEN_FLAGS_LLIST, MM_VA_GEN_NODES },
	{ 0x100, "flush-reset-perms", MM_VA_GEN_FLAGS_LLIST, MM_VA_GEN_NODES },
	{ 0x200, "map-put-pages", MM_VA_GEN_NOFLAGS, MM_VA_GEN_NODES },
	{ 0x400, "huge", MM_VA_GEN_NOFLAGS, MM_VA_GEN_NODES },
	{ 0x1000, "sparse", MM_VA_GEN_NODES, MM_VA_GEN_NODES },
	{ 0x80000000u, "arm-section", MM_VA_GEN_VMLIST, MM_VA_GEN_NODES },
	{ 0x40000000u, "arm-static", MM_VA_GEN_VMLIST, MM_VA_GEN_NODES },
	{ 0x20000000u, "arm-empty", MM_VA_GEN_VMLIST, MM_VA_GEN_NODES },
};

static const char *flag_text(enum mm_va_gen gen, uint32_t flags, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(flag_words) / sizeof(flag_words[0]); i++) {
		const struct flag_word *w = &flag_words[i];
		size_t wl;
		/* appended by hand: a snprintf per flag was a tenth of a 12,000-area listing */
		if (!(flags & w->bit) || gen < w->from || gen > w->to)
			continue;
		wl = strlen(w->name);
		if (n + wl + 2 <= len) {
			if (n)
				buf[n++] = ',';
			memcpy(buf + n, w->name, wl + 1);
			n += wl;
		}
	}
	if (flags & (0x1fu << 20) && n < len) /* VM_ARM_MTYPE */
		snprintf(buf + n, len - n, "%smtype=%u", n ? "," : "", (flags >> 20) & 0x1f);
	return buf;
}

static void err_msg(struct mm_out *o, const char *what, int code, const char *msg)
{
	struct mm_err e = { code, "" };
	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	mm_out_error(o, what, &e);
}

/* ---- the area list ---- */

static const struct mm_col area_cols[] = {
	{ "start", "START", MM_COL_HEX },
	{ "end", "END", MM_COL_HEX },
	{ "size", "SIZE", MM_COL_U64 },
	{ "state", "STATE", MM_COL_STR },
	{ "caller", "CALLER", MM_COL_STR },
	{ "nr_pages", "PAGES", MM_COL_U64 },
	{ "phys_addr", "PHYS", MM_COL_HEX },
	{ "flags", "FLAGS", MM_COL_STR },
	{ "vmap_area", "VMAP_AREA", MM_COL_HEX },
	{ "vm_struct", "VM_STRUCT", MM_COL_HEX },
};

static void print_areas(struct mm_kernel *k, struct mm_out *o, const struct mm_vmalloc *v)
{
	/* neighbouring areas mostly share their caller and flags (a driver's run of vmallocs):
	 * each text is made when it changes, not per row */
	char sym[160] = "", fl[160] = "";
	size_t sym_len = 0, fl_len = 0, state_len[MM_VA_NSTATES];
	kva_t sym_of = 0;
	uint32_t fl_of = 0;
	int fl_made = 0;

	for (int i = 0; i < MM_VA_NSTATES; i++)
		state_len[i] = strlen(mm_va_state_name[i]);
	mm_out_table(o, "areas", area_cols, sizeof(area_cols) / sizeof(area_cols[0]));
	mm_out_table_rows(o, v->narea);
	for (size_t i = 0; i < v->narea; i++) {
		const struct mm_vmalloc_area *a = &v->area[i];
		int has_vm = a->vm && !a->vm_bad;
		struct mm_cell row[sizeof(area_cols) / sizeof(area_cols[0])];

		row[0] = mm_cell_hex(a->start);
		row[1] = mm_cell_hex(a->end);
		row[2] = mm_cell_u64(a->size);
		row[3] = a->vm_bad ? mm_cell_strn("bad-vm", 6)
				   : mm_cell_strn(mm_va_state_name[a->state], state_len[a->state]);
		row[4] = mm_cell_null();
		if (has_vm && a->caller) {
			if (a->caller != sym_of)
				sym_len = strlen(mm_symbol_name(k, sym_of = a->caller, sym, sizeof(sym)));
			row[4] = mm_cell_strn(sym, sym_len);
		}
		row[5] = has_vm ? mm_cell_u64(a->nr_pages) : mm_cell_null();
		row[6] = has_vm && a->phys_addr ? mm_cell_hex(a->phys_addr) : mm_cell_null();
		row[7] = mm_cell_null();
		if (has_vm) {
			if (!fl_made || a->flags != fl_of) {
				fl_len = strlen(flag_text(v->gen, fl_of = a->flags, fl, sizeof(fl)));
				fl_made = 1;
			}
			row[7] = mm_cell_strn(fl, fl_len);
		}
		row[8] = a->va ? mm_cell_hex(a->va) : mm_cell_null();
		row[9] = a->vm ? mm_cell_hex(a->vm) : mm_cell_null();
		mm_out_row(o, row, sizeof(row) / sizeof(row[0]));
	}
	mm_out_table_end(o);
}

/* ---- /proc/vmallocinfo, as each generation's s_show() prints it ---- */

struct ps_cache {
	kva_t addr[4096];
	char *text[4096];
	int n;
};

static const char *caller_ps(struct mm_kernel *k, struct ps_cache *c, kva_t addr)
{
	char buf[192];
	for (int i = 0; i < c->n; i++)
		if (c->addr[i] == addr)
			return c->text[i];
	mm_vmalloc_caller_ps(k, addr, buf, sizeof(buf));
	if (c->n < 4096) {
		c->addr[c->n] = addr;
		c->text[c->n] = strdup(buf);
		if (c->text[c->n])
			return c->text[c->n++];
	}
	return "?";
}

/* One line of the live area a, without the newline. */
static void proc_line(struct mm_kernel *k, const struct mm_vmalloc *v, const struct mm_vmalloc_area *a,
		      struct ps_cache *c, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "0x%08x-0x%08x %7u", a->start, a->end, a->size);
	int old = v->gen <= MM_VA_GEN_FLAGS_LIST;

#define ADD(...) do { if (n < len) n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); } while (0)
	if (a->caller)
		ADD(" %s", caller_ps(k, c, a->caller));
	if (a->nr_pages)
		ADD(" pages=%u", a->nr_pages);
	if (a->phys_addr) {
		if (old) /* " phys=%llx" */
			ADD(" phys=%llx", (unsigned long long)a->phys_addr);
		else if (k->off.vm_struct_phys_addr_msize == 8) /* %pa: 0x and every digit */
			ADD(" phys=0x%016llx", (unsigned long long)a->phys_addr);
		else
			ADD(" phys=0x%08llx", (unsigned long long)a->phys_addr);
	}
	if (a->flags & 0x1)
		ADD(" ioremap");
	if (v->gen == MM_VA_GEN_NODES && (a->flags & 0x1000))
		ADD(" sparse");
	if (a->flags & 0x2)
		ADD(" vmalloc");
	if (a->flags & 0x4)
		ADD(" vmap");
	if (a->flags & 0x8)
		ADD(" user");
	if (v->gen >= MM_VA_GEN_NOFLAGS && (a->flags & 0x10))
		ADD(" dma-coherent");
	if (old ? (a->flags & 0x10) != 0 : (a->pages >= k->vmalloc_start && a->pages < k->vmalloc_end))
		ADD(" vpages");
#undef ADD
}

static void proc_emit(struct mm_out *o, const char *line)
{
	if (mm_out_fmt(o) == MM_FMT_JSON)
		mm_out_str(o, NULL, NULL, line);
	else
		mm_out_raw(o, "%s\n", line);
}

static void short_line(struct mm_out *o, const struct mm_vmalloc_area *a, const char *what)
{
	char line[96];
	snprintf(line, sizeof(line), "0x%08x-0x%08x %7u %s", a->start, a->end, a->size, what);
	proc_emit(o, line);
}

static int by_seq(const void *x, const void *y)
{
	const struct mm_vmalloc_area *a = *(const struct mm_vmalloc_area *const *)x;
	const struct mm_vmalloc_area *b = *(const struct mm_vmalloc_area *const *)y;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* show_purge_info(): the lazily freed areas in the order of their list (5.4-5.10's llist is
 * newest first, not by address). */
static void print_purge_info(struct mm_out *o, const struct mm_vmalloc *v)
{
	const struct mm_vmalloc_area **lazy = calloc(v->narea ? v->narea : 1, sizeof(*lazy));
	size_t n = 0;

	if (!lazy)
		return;
	for (size_t i = 0; i < v->narea; i++)
		if (v->area[i].state == MM_VA_LAZY)
			lazy[n++] = &v->area[i];
	qsort(lazy, n, sizeof(*lazy), by_seq);
	for (size_t i = 0; i < n; i++)
		short_line(o, lazy[i], "unpurged vm_area");
	free(lazy);
}

static void print_proc(struct mm_kernel *k, struct mm_out *o, const struct mm_vmalloc *v)
{
	struct ps_cache *c = calloc(1, sizeof(*c));
	char line[320];

	if (!c)
		return;
	mm_out_list(o, "vmallocinfo");
	for (size_t i = 0; i < v->narea; i++) {
		const struct mm_vmalloc_area *a = &v->area[i];
		switch (a->state) {
		case MM_VA_LIVE:
		case MM_VA_STATIC:
			if (a->vm_bad)
				break;
			proc_line(k, v, a, c, line, sizeof(line));
			proc_emit(o, line);
			break;
		case MM_VA_SETUP:
			if (v->gen == MM_VA_GEN_FLAGS_LLIST && a->vm && !a->vm_bad) {
				proc_line(k, v, a, c, line, sizeof(line));
				proc_emit(o, line);
			}
			break;
		case MM_VA_VM_MAP_RAM: /* 4.14+ name them; older kernels skip them */
			if (v->gen >= MM_VA_GEN_FLAGS_LLIST)
				short_line(o, a, "vm_map_ram");
			break;
		case MM_VA_LAZY: /* inline on 4.14-5.3; after the busy list from 5.4 */
			if (v->gen == MM_VA_GEN_FLAGS_LLIST)
				short_line(o, a, "unpurged vm_area");
			break;
		default:
			break;
		}
	}
	if (v->gen >= MM_VA_GEN_NOFLAGS)
		print_purge_info(o, v);
	mm_out_end(o);
	for (int i = 0; i < c->n; i++)
		free(c->text[i]);
	free(c);
}

/* ---- the summary ---- */

static void range_field(struct mm_out *o, const char *key, const char *label, kva_t s, kva_t e)
{
	char t[80], sz[24];
	if (mm_out_fmt(o) == MM_FMT_JSON) {
		mm_out_section(o, key, NULL);
		mm_out_hex(o, "start", NULL, s);
		mm_out_hex(o, "end", NULL, e);
		mm_out_size(o, "size", NULL, (uint64_t)(e - s));
		mm_out_end(o);
		return;
	}
	snprintf(t, sizeof(t), "%08x - %08x  (%s)", s, e, mm_fmt_size(sz, sizeof(sz), e - s));
	mm_out_str(o, NULL, label, t);
}

static const struct mm_col hist_cols[] = {
	{ "min_size", "GAP SIZE >=", MM_COL_SIZE },
	{ "count", "COUNT", MM_COL_U64 },
	{ "bytes", "BYTES", MM_COL_SIZE },
};

static void print_hist(struct mm_out *o, const struct mm_vmalloc_stats *s)
{
	mm_out_section(o, "gap_histogram", "FREE GAPS BY SIZE");
	mm_out_table(o, "buckets", hist_cols, 3);
	for (int i = 0; i < MM_VMALLOC_HIST; i++) {
		if (!s->hist[i])
			continue;
		mm_out_cell_size(o, 1ULL << i);
		mm_out_cell_u64(o, s->hist[i]);
		mm_out_cell_size(o, s->hist_bytes[i]);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_end(o);
}

static const struct mm_col caller_cols[] = {
	{ "caller", "CALLER", MM_COL_STR },
	{ "count", "AREAS", MM_COL_U64 },
	{ "bytes", "BYTES", MM_COL_SIZE },
};

/* The callers (by bytes as mm_vmalloc_callers sorted them, by count sorted here). */
static void print_callers(struct mm_kernel *k, struct mm_out *o, struct mm_vmalloc_caller *c,
			  long n, int by_count)
{
	char sym[160];

	if (n < 0)
		return;
	if (by_count)
		mm_vmalloc_callers_sort(c, n, 1);
	mm_out_section(o, by_count ? "top_callers_by_count" : "top_callers_by_bytes",
		       by_count ? "TOP CALLERS BY COUNT" : "TOP CALLERS BY BYTES");
	mm_out_table(o, "callers", caller_cols, 3);
	for (long i = 0; i < n && i < 10; i++) {
		mm_out_cell_str(o, c[i].caller ? mm_symbol_name(k, c[i].caller, sym, sizeof(sym)) : "(none)");
		mm_out_cell_u64(o, c[i].count);
		mm_out_cell_size(o, c[i].bytes);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_end(o);
}

static const struct mm_col gap_cols[] = {
	{ "start", "START", MM_COL_HEX },
	{ "end", "END", MM_COL_HEX },
	{ "size", "SIZE", MM_COL_U64 },
};

static void print_gaps(struct mm_out *o, const struct mm_vmalloc *v, kva_t lo, kva_t hi)
{
	struct mm_vmalloc_gap *g;
	long ng = mm_vmalloc_gaps(v, lo, hi, 0, &g);

	mm_out_section(o, "gaps", "FREE GAPS");
	mm_out_table(o, "list", gap_cols, 3);
	for (long i = 0; i < ng; i++) {
		mm_out_cell_hex(o, g[i].start);
		mm_out_cell_hex(o, g[i].end);
		mm_out_cell_u64(o, g[i].end - g[i].start);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_end(o);
	free(g);
}

static void print_range(struct mm_kernel *k, struct mm_out *o, const struct mm_vmalloc *v,
			const char *key, const char *title, kva_t lo, kva_t hi, int gaps)
{
	struct mm_vmalloc_stats s;
	struct mm_vmalloc_caller *callers;
	long ncallers;
	uint64_t used = 0;

	if (mm_vmalloc_stats(v, lo, hi, &s))
		return;
	for (int i = 0; i < MM_VA_NSTATES; i++)
		if (i != MM_VA_POOLED)
			used += s.bytes[i];
	mm_out_section(o, key, title);
	range_field(o, "range", "range", lo, hi);
	mm_out_size(o, "total", key[0] == 'v' ? "VmallocTotal" : "total", s.total);
	mm_out_size(o, "used", "used", used);
	mm_out_size(o, "live", "live", s.bytes[MM_VA_LIVE] + s.bytes[MM_VA_STATIC]);
	mm_out_u64(o, "live_areas", "live areas", s.count[MM_VA_LIVE] + s.count[MM_VA_STATIC]);
	mm_out_size(o, "unpurged", "lazily freed", s.bytes[MM_VA_LAZY]);
	mm_out_u64(o, "unpurged_areas", "unpurged areas", s.count[MM_VA_LAZY]);
	if (v->purging_ranges && key[0] == 'v')
		mm_out_note(o, "%llu pages of them (%u ranges, all of vmalloc and modules) were being purged at the panic: "
			    "on no list the dump reaches, as vmap_lazy_nr counts them (a purge's private list)",
			    (unsigned long long)v->purging_pages, v->purging_ranges);
	mm_out_size(o, "vm_map_ram", "vm_map_ram", s.bytes[MM_VA_VM_MAP_RAM]);
	if (s.count[MM_VA_SETUP])
		mm_out_size(o, "setup", "being set up", s.bytes[MM_VA_SETUP]);
	if (v->gen == MM_VA_GEN_NODES)
		mm_out_size(o, "pooled", "node pools", s.bytes[MM_VA_POOLED]);
	mm_out_size(o, "free", "free", s.free);
	if (s.ngaps)
		range_field(o, "largest_free", "largest free", s.largest.start, s.largest.end);
	else
		mm_out_null(o, "largest_free", "largest free", "none");
	mm_out_u64(o, "free_gaps", "free gaps", s.ngaps);
	mm_out_pct(o, "fragmentation", "fragmentation", 100.0 * s.frag);
	print_hist(o, &s);
	ncallers = mm_vmalloc_callers(v, lo, hi, 0, &callers);
	print_callers(k, o, callers, ncallers, 0);
	print_callers(k, o, callers, ncallers, 1);
	free(callers);
	if (gaps)
		print_gaps(o, v, lo, hi);
	mm_out_end(o);
}

static void print_summary(struct mm_kernel *k, struct mm_out *o, const struct mm_vmalloc *v,
			  int gaps)
{
	uint64_t pages = 0;

	for (size_t i = 0; i < v->narea; i++)
		if ((v->area[i].state == MM_VA_LIVE || v->area[i].state == MM_VA_STATIC) &&
		    !v->area[i].vm_bad)
			pages += v->area[i].nr_pages;
	mm_out_section(o, "summary", "VMALLOC SUMMARY");
	mm_out_str(o, "bookkeeping", "bookkeeping", gen_name[v->gen]);
	mm_out_u64(o, "areas", "areas", v->narea);
	mm_out_size(o, "pages_mapped", "vmalloc'ed pages", pages << k->page_shift);
	mm_out_bool(o, "free_list_checked", "free list checked", v->has_free_list);
	mm_out_end(o);
	print_range(k, o, v, "vmalloc", "VMALLOC RANGE", k->vmalloc_start, k->vmalloc_end, gaps);
	if (k->modules_end > k->modules_vaddr)
		print_range(k, o, v, "modules", "MODULES RANGE", k->modules_vaddr, k->modules_end, gaps);
}

/* ---- --fit ---- */

struct fit_req {
	uint64_t size, align;
	int no_guard, ioremap, modules;
};

static void fit_one(struct mm_kernel *k, struct mm_out *o, const struct mm_vmalloc *v,
		    const struct fit_req *r, kva_t lo, kva_t hi, unsigned free_states,
		    const char *key, const char *title)
{
	struct mm_vmalloc_gap *g;
	struct mm_vmalloc_fit f;
	long ng = mm_vmalloc_gaps(v, lo, hi, free_states, &g);
	uint64_t align = r->align ? r->align : k->page_size;
	unsigned opts = (r->no_guard ? MM_FIT_NO_GUARD : 0) | (v->has_free_list ? MM_FIT_AUGMENTED : 0);

	if (ng < 0)
		return;
	if (r->ioremap) { /* __get_vm_area_node with VM_IOREMAP */
		uint64_t io = mm_vmalloc_ioremap_align(k, v, r->size);
		if (io > align)
			align = io;
	}
	mm_vmalloc_fit(k, g, ng, r->size, align, opts, lo, hi, &f);
	free(g);
	mm_out_section(o, key, title);
	mm_out_size(o, "need", "searched for", f.need);
	mm_out_u64(o, "align", "alignment", f.align);
	if (f.search_len)
		mm_out_size(o, "search_length", "gap needed (find_vmap_lowest_match: size + align - 1)", f.search_len);
	mm_out_bool(o, "fits", "fits", f.fits);
	if (f.fits) {
		mm_out_hex(o, "address", "would be placed at", f.addr);
		range_field(o, "gap", "lowest fitting gap", f.gap.start, f.gap.end);
	} else {
		if (f.gap.end)
			range_field(o, "largest_gap", "largest gap", f.gap.start, f.gap.end);
		else
			mm_out_null(o, "largest_gap", "largest gap", "no free space");
		mm_out_size(o, "usable", "usable there", f.usable);
		mm_out_size(o, "missing", "missing", f.missing);
	}
	mm_out_end(o);
}

static void print_fit(struct mm_kernel *k, struct mm_out *o, const struct mm_vmalloc *v,
		      const struct fit_req *r)
{
	kva_t lo = r->modules ? k->modules_vaddr : k->vmalloc_start;
	kva_t hi = r->modules ? k->modules_end : k->vmalloc_end;
	uint32_t nlazy = 0;

	mm_out_section(o, "fit", "FIT");
	mm_out_size(o, "request", "request", r->size);
	range_field(o, "range", r->modules ? "modules range" : "vmalloc range", lo, hi);
	fit_one(k, o, v, r, lo, hi, 0, "now", "NOW");
	for (size_t i = 0; i < v->narea; i++)
		nlazy += v->area[i].state == MM_VA_LAZY && v->area[i].end > lo && v->area[i].start < hi;
	/* On failure alloc_vmap_area purges the lazily freed areas and searches again. */
	if (nlazy) {
		mm_out_u64(o, "unpurged_areas", "unpurged areas", nlazy);
		fit_one(k, o, v, r, lo, hi, 1u << MM_VA_LAZY, "after_purge", "AFTER PURGING UNPURGED AREAS");
	}
	mm_out_end(o);
}

/* ---- the command ---- */

static void print_problems(struct mm_out *o, const struct mm_vmalloc *v)
{
	for (size_t i = 0; i < v->nprob; i++)
		err_msg(o, "vmalloc", v->prob[i].code, v->prob[i].msg);
}

int mm_cmd_vmalloc(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_longopt longopts[] = {
		{ "fit", 1, 'F' }, { "align", 1, 'A' }, { "no-guard", 0, 'N' },
		{ "ioremap", 0, 'I' }, { "modules", 0, 'M' }, MM_MAP_LONGOPTS, { NULL, 0, 0 },
	};
	struct fit_req fit = { 0 };
	struct mm_map_opts mo;
	int summary_only = 0, gaps = 0, proc = 0, want_fit = 0, c, rc;
	struct mm_vmalloc v;
	struct mm_argp a;
	struct mm_err err = { 0 };

	mm_map_opts_init(&mo);
	mm_argp_init(&a, argc, argv);
	while ((c = mm_getopt(&a, "asgp", longopts)) != MM_ARG_END) {
		int mr = mm_map_opt(&mo, c, a.arg, a.err, sizeof(a.err));
		if (mr > 0)
			continue;
		switch (mr < 0 ? MM_ARG_BAD : c) {
		case 'a': break;
		case 's': summary_only = 1; break;
		case 'g': gaps = 1; break;
		case 'p': proc = 1; break;
		case 'F':
			want_fit = 1;
			if (mm_parse_size(a.arg, &fit.size) || !fit.size || fit.size > 0xffffffffULL) {
				err_msg(o, "vmalloc", MM_EINVAL, "--fit needs a size: 4096, 0x1000, 4M");
				return 1;
			}
			break;
		case 'A':
			if (mm_parse_size(a.arg, &fit.align) || !fit.align || (fit.align & (fit.align - 1))) {
				err_msg(o, "vmalloc", MM_EINVAL, "--align needs a power of two");
				return 1;
			}
			break;
		case 'N': fit.no_guard = 1; break;
		case 'I': fit.ioremap = 1; break;
		case 'M': fit.modules = 1; break;
		default:
			err_msg(o, "vmalloc", MM_EINVAL, c == MM_ARG_POS ? "unexpected argument" : a.err);
			return 1;
		}
	}

	mm_map_divert(o, &mo);
	rc = mm_vmalloc_read(k, &v, &err);
	if (rc) {
		mm_out_error(o, "vmalloc", &err);
		if (rc == MM_EABSENT && !v.narea) {
			mm_vmalloc_free(&v);
			return 1;
		}
	}
	if (mm_map_wanted(&mo))
		mm_map_vmalloc_emit(k, o, &mo, &v);
	else if (proc)
		print_proc(k, o, &v);
	else if (want_fit)
		print_fit(k, o, &v, &fit);
	else {
		if (!summary_only)
			print_areas(k, o, &v);
		print_summary(k, o, &v, gaps);
	}
	print_problems(o, &v);
	mm_vmalloc_free(&v);
	return 0;
}
