/* `mmview layout`: the virtual memory layout rebuilt from the dump, and how full each region
 * is, in the spirit of the boot log's "Virtual kernel memory layout". */
#include "../cmd.h"
#include "../arm/kmap.h"
#include "../arm/layout.h"
#include "../arm/pgtable.h"
#include "../read.h"
#include "../vmalloc/vmalloc.h"
#include "../vmstat.h"
#include "map.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mm_help_layout[] = {
	"mmview layout [--map] [--svg FILE]",
	"      The kernel virtual memory layout rebuilt from symbols and the page tables, top down:",
	"      vectors (and the stubs page), fixmap, the DT blob window (5.10+), vmalloc with its",
	"      static mappings (PCI I/O), lowmem with the kernel image sections, pkmap, modules and",
	"      user space; for each its size and what the page tables map there. Lowmem shows the",
	"      managed pages, pkmap the slots in use, fixmap the kmap slots in use per CPU.",
	"      --map    the 4 GiB drawn to scale as one strip (regions too small for a cell are",
	"               widened by the log of their size), then one row per region showing how",
	"               much of each slice is in use: vmalloc and modules from the kernel's areas,",
	"               lowmem from the buddy free lists, the small regions from the page tables.",
	"               --svg FILE, --width N, --utf8|--ascii, --color as for vmalloc --map.",
	"      Example:  crash> mmview layout",
	"              crash> mmview layout --map --svg layout.svg",
	NULL,
};

struct usage {
	const struct mm_layout *l;
	uint64_t mapped[MM_MAX_REGIONS];
	int scanned[MM_MAX_REGIONS];
	int kmap_per_cpu[MM_MAX_CPUS];
	int kmap_other;       /* other fixmap slots present */
	int kmap_stale;       /* kmap slots still mapped but unused */
	struct mm_fixmap_scheme fs;
	int nbad;
	struct mm_err bad;
};

static int region_index(const struct mm_layout *l, kva_t va)
{
	int best = -1;

	for (int i = 0; i < l->n; i++)
		if (va >= l->r[i].start && va < l->r[i].end &&
		    (best < 0 || l->r[i].end - l->r[i].start < l->r[best].end - l->r[best].start))
			best = i;
	return best;
}

static int count_leaf(struct mm_kernel *k, const struct mm_pt_leaf *leaf, void *ctx)
{
	struct usage *u = ctx;
	int i = region_index(u->l, leaf->va);
	struct mm_fixmap_slot slot;

	for (int j = i; j >= 0; j = u->l->r[j].parent)
		u->mapped[j] += leaf->size;
	if (i >= 0 && u->l->r[i].kind == MM_REGION_FIXMAP)
		for (uint64_t va = leaf->va; va < (uint64_t)leaf->va + leaf->size; va += k->page_size) {
			if (mm_fixmap_slot(k, &u->fs, (kva_t)va, &slot))
				continue;
			if (slot.stale == 1)
				u->kmap_stale++;
			else if (slot.cpu >= 0 && slot.cpu < MM_MAX_CPUS)
				u->kmap_per_cpu[slot.cpu]++;
			else
				u->kmap_other++;
		}
	return 0;
}

static void count_bad(struct mm_kernel *k, const struct mm_err *err, void *ctx)
{
	struct usage *u = ctx;
	if (!u->nbad++)
		u->bad = *err;
}

/* Page-table occupancy of everything outside lowmem (which is all sections). */
static int scan_usage(struct mm_kernel *k, struct usage *u, struct mm_err *err)
{
	int rc;

	for (int i = 0; i < u->l->n; i++) {
		const struct mm_region *r = &u->l->r[i];
		/* lowmem's children (the image, a CMA remap) are not scanned either */
		u->scanned[i] = r->kind != MM_REGION_LOWMEM && r->kind != MM_REGION_KERNEL &&
				r->kind != MM_REGION_USER &&
				!(r->parent >= 0 && u->l->r[r->parent].kind == MM_REGION_LOWMEM);
	}
	rc = mm_pt_scan(k, k->modules_vaddr, k->page_offset, count_leaf, count_bad, u, err);
	if (!rc)
		rc = mm_pt_scan(k, k->high_memory, 0x100000000ull, count_leaf, count_bad, u, err);
	return rc;
}

/* vmalloc and modules: the kernel's own bookkeeping says how much is allocated and how
 * fragmented the rest is. */
static void vmalloc_use(struct mm_kernel *k, const struct mm_vmalloc *v, kva_t lo, uint64_t hi,
			char *buf, size_t len)
{
	struct mm_vmalloc_stats st;
	uint64_t used = 0;
	uint32_t n = 0;
	char u[16], f[16], g[16];

	if (mm_vmalloc_stats(v, lo, hi > 0xffffffffu ? 0xffffffffu : (kva_t)hi, &st))
		return;
	for (int i = 0; i < MM_VA_NSTATES; i++) {
		used += st.bytes[i];
		n += st.count[i];
	}
	snprintf(buf, len, "%u area%s, %s used, %s free, largest gap %s", n, n == 1 ? "" : "s",
		 mm_fmt_size(u, sizeof(u), used),
		 mm_fmt_size(f, sizeof(f), st.free),
		 mm_fmt_size(g, sizeof(g), (uint64_t)st.largest.end - st.largest.start));
}

static void use_text(struct mm_kernel *k, const struct usage *u, const struct mm_region *r,
		     const struct mm_pkmap *pk, int pk_ok, char *buf, size_t len)
{
	buf[0] = 0;
	if (r->kind == MM_REGION_PKMAP && pk_ok) {
		unsigned used = 0;
		for (unsigned i = 0; i < pk->n; i++)
			used += pk->slot[i].count > 0;
		snprintf(buf, len, "%u/%u slots", used, pk->n);
	} else if (r->kind == MM_REGION_FIXMAP) {
		size_t n = 0;
		int any = 0;
		for (int c = 0; c < k->nr_cpus && c < MM_MAX_CPUS && n < len; c++) {
			if (!u->kmap_per_cpu[c])
				continue;
			n += (size_t)snprintf(buf + n, len - n, "%scpu%d: %d kmap", any ? ", " : "", c,
					      u->kmap_per_cpu[c]);
			any = 1;
		}
		if (!any)
			n = (size_t)snprintf(buf, len, "no kmap slots");
		if (u->kmap_stale && n < len)
			snprintf(buf + n, len - n, ", %d stale", u->kmap_stale);
	}
}

int mm_cmd_layout(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_col cols[] = {
		{ "name", "REGION", MM_COL_STR }, { "kind", "KIND", MM_COL_STR },
		{ "start", "START", MM_COL_HEX },
		{ "end", "END", MM_COL_HEX },     { "size", "SIZE", MM_COL_SIZE },
		{ "mapped", "MAPPED", MM_COL_SIZE }, { "use", "USE", MM_COL_STR },
	};
	const struct mm_layout *l = mm_layout(k);
	struct mm_vmalloc v;
	int v_ok;
	struct usage *u = calloc(1, sizeof(*u));
	struct mm_pkmap pk;
	struct mm_err err = { 0 };
	int pk_ok, scan_ok;

	static const struct mm_longopt longopts[] = { MM_MAP_LONGOPTS, { NULL, 0, 0 } };
	struct mm_map_opts mo;
	struct mm_argp a;
	int c;

	mm_map_opts_init(&mo);
	mm_argp_init(&a, argc, argv);
	while ((c = mm_getopt(&a, "", longopts)) != MM_ARG_END)
		if (mm_map_opt(&mo, c, a.arg, a.err, sizeof(a.err)) <= 0) {
			if (!a.err[0])
				snprintf(a.err, sizeof(a.err), "usage: %s", mm_help_layout[0]);
			mm_err_set(&err, MM_EINVAL, "%s", a.err);
			mm_out_error(o, "layout", &err);
			free(u);
			return 1;
		}
	mm_map_divert(o, &mo);
	if (mm_map_wanted(&mo)) {
		free(u);
		mm_map_layout_emit(k, o, &mo);
		return 0;
	}
	if (!u) {
		mm_err_set(&err, MM_ENOMEM, "out of memory");
		mm_out_error(o, "layout", &err);
		return 1;
	}
	u->l = l;
	mm_fixmap_scheme(k, &u->fs);
	scan_ok = scan_usage(k, u, &err) == MM_OK;
	if (!scan_ok)
		mm_out_error(o, "layout: page tables", &err);
	pk_ok = k->has_highmem && mm_pkmap_read(k, &pk, &err) == MM_OK;
	v_ok = mm_vmalloc_read(k, &v, &err) == MM_OK;
	if (!v_ok)
		mm_out_error(o, "layout: vmalloc areas", &err);

	mm_out_human(o, 1);
	mm_out_table(o, "regions", cols, 7);
	for (int i = 0; i < l->n; i++) {
		const struct mm_region *r = &l->r[i];
		char name[48], use[160];
		snprintf(name, sizeof(name), "%s%s", r->parent >= 0 && mm_out_fmt(o) == MM_FMT_TEXT ? "  " : "",
			 r->name);
		mm_out_cell_str(o, name);
		mm_out_cell_str(o, mm_region_kind_name(r->kind));
		mm_out_cell_hex(o, r->start);
		mm_out_cell_hex(o, r->end);
		mm_out_cell_size(o, r->end - r->start);
		if (scan_ok && u->scanned[i])
			mm_out_cell_size(o, u->mapped[i]);
		else
			mm_out_cell_null(o);
		use_text(k, u, r, &pk, pk_ok, use, sizeof(use));
		if (r->kind == MM_REGION_LOWMEM) {
			uint64_t ram, high;
			if (mm_total_pages(k, 0, &ram, NULL) == MM_OK && mm_total_pages(k, 1, &high, NULL) == MM_OK &&
			    ram >= high)
				snprintf(use, sizeof(use), "%llu pages managed", (unsigned long long)(ram - high));
		} else if ((r->kind == MM_REGION_VMALLOC || r->kind == MM_REGION_MODULES) && v_ok)
			vmalloc_use(k, &v, r->start, r->end, use, sizeof(use));
		if (use[0])
			mm_out_cell_str(o, use);
		else
			mm_out_cell_null(o);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	if (u->nbad)
		mm_out_error(o, "layout: page tables", &u->bad);
	if (l->nstatic_errors) {
		mm_err_set(&err, MM_EREAD, "%s", l->static_error);
		mm_out_error(o, "layout: static mappings", &err);
	}

	if (pk_ok) {
		unsigned used = 0;
		for (unsigned i = 0; i < pk.n; i++)
			used += pk.slot[i].count > 0;
		mm_out_section(o, "pkmap", NULL);
		mm_out_u64(o, "in_use", NULL, used);
		mm_out_u64(o, "last_pkmap", NULL, pk.n);
		mm_out_end(o);
		mm_pkmap_free(&pk);
	}
	mm_out_section(o, "fixmap_kmap", NULL);
	mm_out_list(o, "per_cpu");
	for (int c = 0; c < k->nr_cpus && c < MM_MAX_CPUS && mm_out_fmt(o) == MM_FMT_JSON; c++)
		mm_out_u64(o, NULL, NULL, (uint64_t)u->kmap_per_cpu[c]);
	mm_out_end(o);
	mm_out_u64(o, "stale", NULL, (uint64_t)u->kmap_stale);
	mm_out_end(o);
	mm_vmalloc_free(&v); /* partial areas come with an error too */
	free(u);
	return 0;
}
