/* `mmview meminfo`: MemTotal item by item, twice: from the kernel's counters and from a census
 * of every struct page, and the remainder neither explains, with the pfn runs and the struct
 * page state of the pages nothing owns. Triage prints the remainder (and the runs when large). */
#include "../cmd.h"
#include "../accounting.h"
#include "../page_alloc/census.h"
#include "../page_alloc/page.h"
#include <stdio.h>
#include <string.h>

#define TOP_RUNS 8

const char *const mm_help_meminfo[] = {
	"mmview meminfo [--counters]",
	"      MemTotal split into free, per-CPU free lists, page cache, shmem, anon, slab,",
	"      kernel stacks, page tables, vmalloc, per-CPU areas, zsmalloc and the",
	"      remainder no counter explains; next to each counter, what a census of every",
	"      struct page finds (vmalloc pages told apart through the areas' page arrays).",
	"      Pages allocated with no owner the census or a counter can name are listed",
	"      as pfn runs and grouped by the struct page state they share: a driver",
	"      leaking alloc_pages shows up there. --counters skips the struct page census.",
	"      Example:  crash> mmview meminfo",
	"                crash> mmview -j meminfo",
	NULL,
};

/* A row of the table: counter items against census classes (-1 ends a list). */
struct row {
	const char *name, *key;
	int acct[3];
	int cen[2];
};

static const struct row rows_vmap_stack[] = {
	{ "free", "free", { MM_ACCT_FREE, -1 }, { MM_CEN_FREE, -1 } },
	{ "per-cpu free lists", "pcp", { MM_ACCT_PCP, -1 }, { MM_CEN_PCP, -1 } },
	{ "page cache", "file", { MM_ACCT_FILE, -1 }, { MM_CEN_FILE, -1 } },
	{ "shmem", "shmem", { MM_ACCT_SHMEM, -1 }, { MM_CEN_SHMEM, -1 } },
	{ "anon", "anon", { MM_ACCT_ANON, -1 }, { MM_CEN_ANON, -1 } },
	{ "slab", "slab", { MM_ACCT_SLAB_RECL, MM_ACCT_SLAB_UNRECL, -1 }, { MM_CEN_SLAB, -1 } },
	{ "page tables", "page_tables", { MM_ACCT_PGTABLE, -1 }, { MM_CEN_PGTABLE, -1 } },
	{ "vmalloc + kernel stacks", "vmalloc", { MM_ACCT_VMALLOC, MM_ACCT_KSTACK, -1 }, { MM_CEN_VMALLOC, -1 } },
	{ "per-cpu areas", "percpu", { MM_ACCT_PERCPU, -1 }, { -1 } },
	{ "zsmalloc (zram)", "zspages", { MM_ACCT_ZSPAGES, -1 }, { MM_CEN_MOVABLE, -1 } },
	{ "misc reclaimable", "misc_reclaimable", { MM_ACCT_MISC, -1 }, { -1 } },
	{ "allocated, no owner", "no_owner", { -1 }, { MM_CEN_KERNEL, -1 } },
	{ "unreadable", "unreadable", { -1 }, { MM_CEN_UNREADABLE, -1 } },
	{ NULL },
};

static const struct row row_kstack = { "kernel stacks", "kernel_stack", { MM_ACCT_KSTACK, -1 }, { -1 } };
static const struct row row_vmalloc = { "vmalloc", "vmalloc", { MM_ACCT_VMALLOC, -1 }, { MM_CEN_VMALLOC, -1 } };

/* Sum of a row's counters: 1 when all are known. */
static int row_counters(const struct row *r, const struct mm_accounting *a, int64_t *pages)
{
	*pages = 0;
	if (r->acct[0] < 0)
		return 0;
	for (int i = 0; i < 3 && r->acct[i] >= 0; i++) {
		if (!a->known[r->acct[i]])
			return 0;
		*pages += a->v[r->acct[i]];
	}
	return 1;
}

static int row_census(const struct row *r, const struct mm_census *c, int64_t *pages)
{
	*pages = 0;
	for (int i = 0; i < 2 && r->cen[i] >= 0; i++)
		*pages += (int64_t)c->pages[r->cen[i]];
	return r->cen[0] >= 0;
}

static void size_cell(struct mm_out *o, int known, int64_t pages, uint32_t page_size)
{
	if (known)
		mm_out_cell_size(o, (uint64_t)pages * page_size);
	else
		mm_out_cell_null(o);
}

/* The rows in order, the vmalloc one split when stacks are not vmalloc areas. */
static int table_rows(const struct mm_accounting *a, const struct row **out, int max)
{
	int n = 0;

	for (const struct row *r = rows_vmap_stack; r->name && n < max; r++) {
		if (!strcmp(r->key, "vmalloc") && !a->vmap_stack) {
			out[n++] = &row_kstack;
			if (n < max)
				out[n++] = &row_vmalloc;
		} else
			out[n++] = r;
	}
	return n;
}

/* Census pages no counter accounts for: allocated pages with no owner, less what counters
 * know of that looks like that in struct page (per-CPU areas, non-vmap stacks, large kmalloc
 * pages slab counts, kernel page tables counted but not marked...). */
static int64_t census_unexplained(const struct row **rows, int nrows, const struct mm_accounting *a,
				  const struct mm_census *c)
{
	int64_t left = (int64_t)c->pages[MM_CEN_KERNEL];

	for (int i = 0; i < nrows; i++) {
		int64_t ctr = 0, cen = 0;
		int have_ctr = row_counters(rows[i], a, &ctr), have_cen = row_census(rows[i], c, &cen);
		if (!have_ctr || rows[i]->acct[0] == MM_ACCT_FREE || rows[i]->acct[0] == MM_ACCT_PCP)
			continue;
		left -= have_cen ? (ctr > cen ? ctr - cen : 0) : ctr;
	}
	return left > 0 ? left : 0;
}

static void runs_and_states(struct mm_kernel *k, struct mm_out *o, const struct mm_census *c, int top)
{
	static const struct mm_col run_cols[] = {
		{ "start_pfn", "START PFN", MM_COL_HEX }, { "end_pfn", "END PFN", MM_COL_HEX },
		{ "pages", "PAGES", MM_COL_U64 }, { "bytes", "SIZE", MM_COL_SIZE },
	};
	static const struct mm_col sig_cols[] = {
		{ "pages", "PAGES", MM_COL_U64 }, { "flags", "FLAGS", MM_COL_HEX },
		{ "refcount", "REFCOUNT", MM_COL_I64 }, { "compound", "COMPOUND", MM_COL_STR },
		{ "first_pfn", "FIRST PFN", MM_COL_HEX }, { "flag_names", "FLAG NAMES", MM_COL_STR },
	};
	char names[320];

	mm_out_u64(o, "no_owner_runs", "runs of no-owner pages", c->total_runs);
	mm_out_table(o, "no_owner_longest_runs", run_cols, 4);
	for (int i = 0; i < c->nruns && i < top; i++) {
		mm_out_cell_hex(o, c->run[i].start);
		mm_out_cell_hex(o, c->run[i].end);
		mm_out_cell_u64(o, c->run[i].end - c->run[i].start);
		mm_out_cell_size(o, (c->run[i].end - c->run[i].start) << k->page_shift);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_table(o, "no_owner_states", sig_cols, 6);
	for (int i = 0; i < c->nsigs && i < top; i++) {
		const struct mm_census_sig *g = &c->sig[i];
		mm_page_flag_names(k, g->flags, names, sizeof(names));
		mm_out_cell_u64(o, g->pages);
		mm_out_cell_hex(o, g->flags);
		mm_out_cell_i64(o, g->refcount);
		mm_out_cell_str(o, g->compound ? "tail" : "no");
		mm_out_cell_hex(o, g->first_pfn);
		mm_out_cell_str(o, names);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
}

static void remainder_fields(struct mm_kernel *k, struct mm_out *o, const struct mm_accounting *a)
{
	char b[200];

	if (a->total < 0) {
		mm_out_null(o, "remainder", "no counter explains", "unknown (MemTotal unknown)");
		return;
	}
	mm_out_size(o, "remainder", "no counter explains", (uint64_t)(a->remainder > 0 ? a->remainder : 0) * k->page_size);
	mm_out_pct(o, "remainder_pct", "of MemTotal", a->total ? 100.0 * (double)a->remainder / (double)a->total : 0);
	for (int i = 0; i < MM_ACCT_NR; i++)
		if (!a->known[i]) {
			snprintf(b, sizeof(b), "%s unknown: the remainder includes it", mm_acct_item_name[i]);
			mm_out_note(o, "%s", b);
		}
	mm_out_bool(o, "remainder_large", NULL, mm_accounting_remainder_large(k, a));
	if (mm_accounting_remainder_large(k, a))
		mm_out_str(o, "finding", "finding", "a large part of memory is allocated with no counter for it: the "
			   "signature of a driver leaking alloc_pages (see the no-owner pages below)");
}

void mm_triage_accounting(struct mm_kernel *k, struct mm_out *o)
{
	struct mm_accounting a;
	struct mm_census c;
	struct mm_err err = { 0 };

	mm_accounting_read(k, &a);
	remainder_fields(k, o, &a);
	if (!mm_accounting_remainder_large(k, &a))
		return;
	if (mm_census_read(k, &c, &err))
		mm_out_error(o, "triage: struct page census", &err);
	runs_and_states(k, o, &c, 4);
}

int mm_cmd_meminfo(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_longopt longopts[] = { { "counters", 0, 'c' }, { NULL, 0, 0 } };
	static const struct mm_col cols[] = {
		{ "item", "ITEM", MM_COL_STR }, { "counters", "COUNTERS", MM_COL_SIZE },
		{ "struct_pages", "STRUCT PAGES", MM_COL_SIZE },
	};
	struct mm_accounting a;
	struct mm_census c;
	struct mm_argp ap;
	struct mm_err err = { 0 };
	const struct row *rows[20];
	int nrows, census = 1, ch, have_census = 0;

	mm_argp_init(&ap, argc, argv);
	while ((ch = mm_getopt(&ap, "", longopts)) != MM_ARG_END) {
		if (ch == 'c') {
			census = 0;
			continue;
		}
		mm_err_set(&err, MM_EINVAL, "%s", ch == MM_ARG_BAD ? ap.err : "takes no arguments");
		mm_out_error(o, "meminfo", &err);
		return 1;
	}
	mm_accounting_read(k, &a);
	if (census) {
		memset(&c, 0, sizeof(c));
		have_census = mm_census_read(k, &c, &err) == MM_OK;
		if (!have_census)
			mm_out_error(o, "meminfo: struct page census", &err);
		else if (!c.vmalloc_known) {
			mm_err_set(&err, MM_EABSENT, "vmalloc areas unknown (%s): their pages count as no-owner", c.vmalloc_err);
			mm_out_error(o, "meminfo: struct page census", &err);
		}
	}
	mm_out_section(o, "accounting", "MEMORY ACCOUNTING (MemTotal item by item)");
	if (a.total >= 0)
		mm_out_size(o, "mem_total", "MemTotal", (uint64_t)a.total * k->page_size);
	else
		mm_out_null(o, "mem_total", "MemTotal", "unknown");
	if (a.reserved >= 0)
		mm_out_size(o, "reserved", "reserved (outside)", (uint64_t)a.reserved * k->page_size);
	if (a.cma_total >= 0)
		mm_out_size(o, "cma_total", "CMA (inside)", (uint64_t)a.cma_total * k->page_size);
	if (a.cma_free >= 0)
		mm_out_size(o, "cma_free", "CMA free", (uint64_t)a.cma_free * k->page_size);
	if (a.percpu_all >= 0)
		mm_out_size(o, "percpu_meminfo", "Percpu (meminfo)", (uint64_t)a.percpu_all * k->page_size);
	if (have_census)
		mm_out_u64(o, "pages_scanned", "struct pages read", c.scanned);
	nrows = table_rows(&a, rows, 20);
	mm_out_table(o, "items", cols, 3);
	for (int i = 0; i < nrows; i++) {
		int64_t ctr = 0, cen = 0;
		int hc = row_counters(rows[i], &a, &ctr), hp = have_census && row_census(rows[i], &c, &cen);
		mm_out_cell_str(o, rows[i]->name);
		size_cell(o, hc, ctr, k->page_size);
		size_cell(o, hp, cen, k->page_size);
		mm_out_row_end(o);
	}
	mm_out_cell_str(o, "unexplained");
	size_cell(o, a.total >= 0, a.remainder > 0 ? a.remainder : 0, k->page_size);
	size_cell(o, have_census, have_census ? census_unexplained(rows, nrows, &a, &c) : 0, k->page_size);
	mm_out_row_end(o);
	mm_out_table_end(o);
	for (int i = 0; i < MM_ACCT_NR; i++)
		if (!a.known[i]) {
			char what[64];
			snprintf(what, sizeof(what), "meminfo: %s", mm_acct_item_name[i]);
			mm_out_error(o, what, &a.err[i]);
		}
	remainder_fields(k, o, &a);
	if (have_census)
		runs_and_states(k, o, &c, TOP_RUNS);
	mm_out_end(o);
	return 0;
}
