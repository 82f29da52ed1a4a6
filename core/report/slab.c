/* `mmview slab`: per-cache usage, waste and fragmentation; -S /proc/slabinfo lines; -c one
 * cache and its slabs. */
#include "../cmd.h"
#include "../slab/slab.h"
#include "slab_sites.h"
#include "../meminfo.h"
#include <stdlib.h>
#include <string.h>

const char *const mm_help_slab[] = {
	"mmview slab [-w] [-s memory|waste|name|objects|inuse|free|frag|slabs] [-n N] [-b] | -S | -c CACHE [-f | --sites [-n N]] | -a ADDR...",
	"    Every slab cache with its object size, slot size, objects per slab, order, slabs",
	"    (full/partial/cpu), objects (total/in use/free, free split into node-partial, cpu",
	"    freelists and cpu-partial slabs), memory, waste (tail padding + per-object padding +",
	"    free slots: memory - in-use objects * object size) and the partial-slab fragmentation",
	"    (free share of partial slabs), sorted by memory. Free counts of partial slabs come",
	"    from the slab counters; CPU freelists are always walked; -w walks and validates every",
	"    freelist. SLUB full slabs are derived from SLUB_DEBUG's node counters.",
	"    -s KEY  sort key (largest first; name ascending)   -n N  the first N caches only",
	"    -b      exact byte counts instead of K/M/G",
	"    -S      the kernel's /proc/slabinfo (2.1) lines, in its order, for diffing",
	"    -c NAME one cache: its parameters, totals and every slab it reaches, freelists walked;",
	"            with -f also SLUB's full slabs, which sit on no list, found by scanning mem_map",
	"    -c NAME --sites  its live objects by allocating call site (count, bytes, stacks, age",
	"            before the panic, pids, cpus), largest first, as the kernel's alloc_traces:",
	"            needs SLUB user tracking (boot with slub_debug=U); -n N the first N callers",
	"    -a ADDR... which slab object each address is: cache, slab, index, offset, and whether",
	"            it is allocated or free (slab freelist, which CPU's freelist, array cache)",
	"    Example:  crash> mmview slab -s waste -n 10",
	"              crash> mmview slab -c kmalloc-256",
	"              crash> mmview slab -c kmalloc-512 --sites -n 10",
	"              crash> mmview slab -a c1cc19c0",
	NULL,
};

struct cache_row {
	struct mm_slab_cache c;
	struct mm_slab_stats st;
	struct mm_err err;
	int rc;
	struct mm_err first_bad;  /* the first slab with a problem: what "slab problems: N" is */
};

struct collect {
	unsigned flags;
	struct cache_row *rows;
	size_t n, cap;
};

static int first_problem(struct mm_kernel *k, const struct mm_slab_cache *c, const struct mm_slab *sl,
			 void *ctx)
{
	struct cache_row *r = ctx;
	(void)k;
	(void)c;
	if (sl->problem && !r->first_bad.code)
		mm_err_set(&r->first_bad, sl->problem, "slab %x: %.200s", sl->desc, sl->why);
	return 0;
}

static int collect_cache(struct mm_kernel *k, struct mm_slab_cache *c, void *ctx)
{
	struct collect *v = ctx;
	struct cache_row *r;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 128;
		struct cache_row *nr = realloc(v->rows, cap * sizeof(*nr));
		if (!nr)
			return MM_ENOMEM;
		v->rows = nr;
		v->cap = cap;
	}
	r = &v->rows[v->n++];
	memset(r, 0, sizeof(*r));
	r->c = *c;
	r->rc = mm_slab_walk(k, &r->c, v->flags, first_problem, r, &r->st, &r->err);
	return 0;
}

static const char *const sort_keys[] = { "memory", "waste", "name", "objects", "inuse", "free",
					 "frag", "slabs", NULL };
static int sort_key;

static uint64_t free_of(const struct mm_slab_stats *st)
{
	return st->free_node + st->free_cpu + st->free_cpu_partial;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct cache_row *x = a, *y = b;
	double u = 0, v = 0;

	switch (sort_key) {
	case 0: u = (double)x->st.bytes; v = (double)y->st.bytes; break;
	case 1: u = (double)x->st.waste; v = (double)y->st.waste; break;
	case 2: return strcmp(x->c.name, y->c.name);
	case 3: u = (double)x->st.objects; v = (double)y->st.objects; break;
	case 4: u = (double)x->st.inuse; v = (double)y->st.inuse; break;
	case 5: u = (double)free_of(&x->st); v = (double)free_of(&y->st); break;
	case 6: u = mm_slab_frag_pct(&x->st); v = mm_slab_frag_pct(&y->st); break;
	case 7: u = (double)x->st.slabs; v = (double)y->st.slabs; break;
	}
	return u < v ? 1 : u > v ? -1 : strcmp(x->c.name, y->c.name);
}

static const struct mm_col summary_cols[] = {
	{ "cache", "CACHE", MM_COL_HEX },
	{ "name", "NAME", MM_COL_STR },
	{ "object_size", "OBJSIZE", MM_COL_U64 },
	{ "slot_size", "SLOT", MM_COL_U64 },
	{ "per_slab", "PER", MM_COL_U64 },
	{ "order", "ORD", MM_COL_U64 },
	{ "slabs", "SLABS", MM_COL_U64 },
	{ "full", "FULL", MM_COL_U64 },
	{ "partial", "PARTIAL", MM_COL_U64 },
	{ "cpu", "CPU", MM_COL_U64 },
	{ "objects", "OBJS", MM_COL_U64 },
	{ "inuse", "INUSE", MM_COL_U64 },
	{ "free", "FREE", MM_COL_U64 },
	{ "free_node_partial", "F-NODE", MM_COL_U64 },
	{ "free_cpu_freelist", "F-CPU", MM_COL_U64 },
	{ "free_cpu_partial", "F-CPUP", MM_COL_U64 },
	{ "memory", "MEMORY", MM_COL_SIZE },
	{ "waste", "WASTE", MM_COL_SIZE },
	{ "waste_pct", "WASTE%", MM_COL_PCT },
	{ "frag_pct", "FRAG%", MM_COL_PCT },
};

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0;
}

static void summary_row(struct mm_out *o, const struct cache_row *r)
{
	const struct mm_slab_stats *st = &r->st;

	mm_out_cell_hex(o, r->c.addr);
	mm_out_cell_str(o, r->c.name);
	mm_out_cell_u64(o, r->c.object_size);
	mm_out_cell_u64(o, r->c.size);
	mm_out_cell_u64(o, r->c.objects);
	mm_out_cell_u64(o, r->c.order);
	mm_out_cell_u64(o, st->slabs);
	if (st->full_unknown)
		mm_out_cell_null(o);
	else
		mm_out_cell_u64(o, st->slabs_full);
	mm_out_cell_u64(o, st->slabs_partial + st->slabs_cpu_partial);
	mm_out_cell_u64(o, st->slabs_cpu);
	mm_out_cell_u64(o, st->objects);
	mm_out_cell_u64(o, st->inuse);
	mm_out_cell_u64(o, free_of(st));
	mm_out_cell_u64(o, st->free_node);
	mm_out_cell_u64(o, st->free_cpu);
	mm_out_cell_u64(o, st->free_cpu_partial);
	mm_out_cell_size(o, st->bytes);
	mm_out_cell_size(o, st->waste);
	mm_out_cell_pct(o, pct(st->waste, st->bytes));
	mm_out_cell_pct(o, mm_slab_frag_pct(st));
	mm_out_row_end(o);
}

static void how_counted(struct mm_out *o, const struct mm_slab_layout *lay, int walked,
			int any_full_unknown)
{
	if (lay->gen == MM_SLAB_SLUB) {
		mm_out_note(o, "counted: free objects of node-partial and cpu-partial slabs from slab counters%s",
			    walked ? ", and every freelist walked and validated" : " (-w walks them)");
		mm_out_note(o, "walked: cpu freelists and each cpu slab's own freelist");
		mm_out_note(o, "full slabs: %s", any_full_unknown
			    ? "unknown without SLUB_DEBUG node counters (FULL shows -)"
			    : "node nr_slabs/total_objects (SLUB_DEBUG) less the slabs on lists");
	} else {
		mm_out_note(o, "counted: slabs on the node full/partial/free lists; free objects from "
			       "each slab's in-use count; F-CPU: objects cached in array caches");
	}
}

/* Every problem counted in the totals is named: the list errors, and per cache its first bad
 * slab with how many more (`slab NAME` lists them all). */
static void errors_after(struct mm_out *o, const struct cache_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct cache_row *r = &rows[i];
		if (r->rc)
			mm_out_error(o, r->c.name, &r->err);
		if (r->first_bad.code) {
			struct mm_err e = r->first_bad;
			if (r->st.nproblems > 1)
				mm_err_wrap(&e, "%ld problems in all (slab %s lists them); first", r->st.nproblems,
					    r->c.name);
			mm_out_error(o, r->c.name, &e);
		}
	}
}

static int summary(struct mm_kernel *k, struct mm_out *o, const struct mm_slab_layout *lay,
		   unsigned flags, long limit)
{
	struct collect v = { flags, NULL, 0, 0 };
	struct mm_err err = { 0 };
	long rc = mm_slab_for_each_cache(k, lay, collect_cache, &v, &err);
	struct mm_slab_stats tot = { 0 };
	int full_unknown = 0;
	long nproblems = 0;

	if (v.n) /* no caches: a corrupt or empty slab_caches, and qsort wants a real array */
		qsort(v.rows, v.n, sizeof(*v.rows), cmp_rows);
	mm_out_table(o, "caches", summary_cols, sizeof(summary_cols) / sizeof(summary_cols[0]));
	for (size_t i = 0; i < v.n; i++) {
		if (limit < 0 || (long)i < limit)
			summary_row(o, &v.rows[i]);
		tot.bytes += v.rows[i].st.bytes;
		tot.waste += v.rows[i].st.waste;
		tot.objects += v.rows[i].st.objects;
		tot.inuse += v.rows[i].st.inuse;
		full_unknown |= v.rows[i].st.full_unknown;
		nproblems += v.rows[i].st.nproblems;
	}
	mm_out_table_end(o);
	errors_after(o, v.rows, v.n);
	if (rc < 0)
		mm_out_error(o, "slab_caches", &err);
	mm_out_section(o, "total", "TOTAL");
	mm_out_u64(o, "caches", "caches", v.n);
	mm_out_u64(o, "objects", "objects", tot.objects);
	mm_out_u64(o, "inuse", "in use", tot.inuse);
	mm_out_size(o, "memory", "memory", tot.bytes);
	mm_out_size(o, "waste", "waste", tot.waste);
	mm_out_pct(o, "waste_pct", "waste %", pct(tot.waste, tot.bytes));
	mm_out_u64(o, "problems", "slab problems", (uint64_t)nproblems);
	mm_out_end(o);
	how_counted(o, lay, !!(flags & MM_SLAB_WALK), full_unknown);
	free(v.rows);
	return 0;
}

/* For `mmview triage`: the caches holding the most memory, and what they waste. */
void mm_triage_slab(struct mm_kernel *k, struct mm_out *o, int top)
{
	static const struct mm_col cols[] = {
		{ "name", "CACHE", MM_COL_STR },      { "object_size", "OBJSIZE", MM_COL_U64 },
		{ "objects", "OBJS", MM_COL_U64 },    { "inuse", "INUSE", MM_COL_U64 },
		{ "memory", "MEMORY", MM_COL_SIZE },  { "waste_pct", "WASTE%", MM_COL_PCT },
		{ "frag_pct", "FRAG%", MM_COL_PCT },
	};
	struct collect v = { 0, NULL, 0, 0 };
	struct mm_slab_layout lay;
	struct mm_err err = { 0 };
	uint64_t bytes = 0, waste = 0;
	long rc;

	if (mm_slab_layout(k, &lay, &err)) {
		mm_out_error(o, "triage: slab", &err);
		return;
	}
	rc = mm_slab_for_each_cache(k, &lay, collect_cache, &v, &err);
	if (rc < 0)
		mm_out_error(o, "triage: slab_caches", &err);
	sort_key = 0; /* by memory */
	if (v.n) /* no caches: a corrupt or empty slab_caches, and qsort wants a real array */
		qsort(v.rows, v.n, sizeof(*v.rows), cmp_rows);
	for (size_t i = 0; i < v.n; i++) {
		bytes += v.rows[i].st.bytes;
		waste += v.rows[i].st.waste;
	}
	mm_out_section(o, "slab", "SLAB (largest caches)");
	mm_out_size(o, "memory", "slab memory", bytes);
	mm_out_size(o, "waste", "wasted", waste);
	mm_out_table(o, "top_caches", cols, 7);
	for (size_t i = 0; i < v.n && (long)i < top; i++) {
		const struct cache_row *r = &v.rows[i];
		mm_out_cell_str(o, r->c.name);
		mm_out_cell_u64(o, r->c.object_size);
		mm_out_cell_u64(o, r->st.objects);
		mm_out_cell_u64(o, r->st.inuse);
		mm_out_cell_size(o, r->st.bytes);
		mm_out_cell_pct(o, pct(r->st.waste, r->st.bytes));
		mm_out_cell_pct(o, mm_slab_frag_pct(&r->st));
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_end(o);
	free(v.rows);
}

/* For `mmview triage`, when kernel memory is the cause (slab holds at least a quarter of
 * MemTotal): the top allocation sites of the largest caches, or how to record them. */
#define TRIAGE_SLAB_SHARE 25
#define TRIAGE_SITE_CACHES 3
#define TRIAGE_SITES 3

void mm_triage_slab_sites(struct mm_kernel *k, struct mm_out *o, const struct mm_meminfo *mi)
{
	struct collect v = { 0, NULL, 0, 0 };
	struct mm_slab_layout lay;
	struct mm_tracking tr;
	struct mm_err err = { 0 }, terr = { 0 };
	uint64_t slab = 0;
	int have_tr;
	char b[256];

	if (!mi->valid[MM_MI_TOTAL] || !mi->v[MM_MI_TOTAL] || !mi->valid[MM_MI_SLAB_UNRECLAIMABLE])
		return;
	slab = (uint64_t)mi->v[MM_MI_SLAB_UNRECLAIMABLE] +
	       (mi->valid[MM_MI_SLAB_RECLAIMABLE] ? (uint64_t)mi->v[MM_MI_SLAB_RECLAIMABLE] : 0);
	if (slab * 100 < (uint64_t)mi->v[MM_MI_TOTAL] * TRIAGE_SLAB_SHARE)
		return;
	snprintf(b, sizeof(b), "kernel memory: slab caches hold %.0f%% of memory",
		 100.0 * (double)slab / (double)mi->v[MM_MI_TOTAL]);
	mm_out_str(o, "kernel_memory", "finding", b);
	if (mm_slab_layout(k, &lay, &err)) {
		mm_out_error(o, "triage: slab sites", &err);
		return;
	}
	have_tr = mm_tracking_open(k, &tr, &terr) == MM_OK;
	if (mm_slab_for_each_cache(k, &lay, collect_cache, &v, &err) < 0)
		mm_out_error(o, "triage: slab_caches", &err);
	sort_key = 0; /* by memory */
	if (v.n)
		qsort(v.rows, v.n, sizeof(*v.rows), cmp_rows);
	mm_out_list(o, "top_sites");
	for (size_t i = 0; i < v.n && i < TRIAGE_SITE_CACHES; i++) {
		struct cache_row *r = &v.rows[i];
		struct mm_sites s;
		char title[96];

		snprintf(title, sizeof(title), "ALLOCATION SITES of %s", r->c.name);
		mm_out_item(o, title);
		mm_out_str(o, "name", NULL, r->c.name);
		if (!have_tr || !mm_slab_tracked(&tr, &r->c)) { /* said, not an error: a choice at boot */
			mm_out_bool(o, "tracked", NULL, 0);
			mm_out_end(o);
			mm_out_note(o, "%s", have_tr ? mm_tracking_hint(&r->c, b, sizeof(b)) : terr.msg);
			continue;
		}
		mm_out_bool(o, "tracked", NULL, 1);
		if (mm_slab_sites(k, &tr, &r->c, &s, &err))
			mm_out_error(o, r->c.name, &err);
		mm_sites_print(k, o, &tr, &r->c, &s, TRIAGE_SITES, i == 0 ? 1 : 0);
		mm_sites_free(&s);
		mm_out_end(o);
	}
	mm_out_end(o);
	free(v.rows);
}

/* -S: /proc/slabinfo, mm/slab_common.c's format, in list order. */
static const struct mm_col slabinfo_cols[] = {
	{ "name", "NAME", MM_COL_STR },
	{ "active_objs", "ACTIVE", MM_COL_U64 },
	{ "num_objs", "NUM", MM_COL_U64 },
	{ "objsize", "OBJSIZE", MM_COL_U64 },
	{ "objperslab", "PER", MM_COL_U64 },
	{ "pagesperslab", "PAGES", MM_COL_U64 },
	{ "limit", "LIMIT", MM_COL_U64 },
	{ "batchcount", "BATCH", MM_COL_U64 },
	{ "sharedfactor", "SHARED", MM_COL_U64 },
	{ "active_slabs", "ASLABS", MM_COL_U64 },
	{ "num_slabs", "SLABS", MM_COL_U64 },
	{ "sharedavail", "SHAVAIL", MM_COL_U64 },
};

static int slabinfo(struct mm_kernel *k, struct mm_out *o, const struct mm_slab_layout *lay)
{
	struct collect v = { 0, NULL, 0, 0 };
	struct mm_err err = { 0 };
	long rc = mm_slab_for_each_cache(k, lay, collect_cache, &v, &err);
	int json = mm_out_fmt(o) == MM_FMT_JSON;

	if (json)
		mm_out_table(o, "slabinfo", slabinfo_cols, sizeof(slabinfo_cols) / sizeof(slabinfo_cols[0]));
	else {
		mm_out_raw(o, "slabinfo - version: 2.1\n");
		mm_out_raw(o, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
			      " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs>"
			      " <num_slabs> <sharedavail>\n");
	}
	for (size_t i = 0; i < v.n; i++) {
		const struct mm_slab_cache *c = &v.rows[i].c;
		const struct mm_slab_stats *st = &v.rows[i].st;
		if (json) {
			uint64_t cells[] = { st->si_active_objs, st->si_num_objs, c->size, c->objects,
					     1u << c->order, c->limit, c->batchcount, c->shared,
					     st->si_active_slabs, st->si_slabs, st->si_shared_avail };
			mm_out_cell_str(o, c->name);
			for (size_t j = 0; j < sizeof(cells) / sizeof(cells[0]); j++)
				mm_out_cell_u64(o, cells[j]);
			mm_out_row_end(o);
			continue;
		}
		mm_out_raw(o, "%-17s %6llu %6llu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6llu %6llu %6llu\n",
			   c->name, (unsigned long long)st->si_active_objs,
			   (unsigned long long)st->si_num_objs, c->size, c->objects, 1 << c->order,
			   c->limit, c->batchcount, c->shared, (unsigned long long)st->si_active_slabs,
			   (unsigned long long)st->si_slabs, (unsigned long long)st->si_shared_avail);
	}
	if (json)
		mm_out_table_end(o);
	errors_after(o, v.rows, v.n);
	if (rc < 0)
		mm_out_error(o, "slab_caches", &err);
	free(v.rows);
	return 0;
}

/* -c: one cache and its slabs. */
static const struct mm_col slab_cols[] = {
	{ "slab", "SLAB", MM_COL_HEX },
	{ "base", "BASE", MM_COL_HEX },
	{ "list", "LIST", MM_COL_STR },
	{ "cpu", "CPU", MM_COL_I64 },
	{ "node", "NODE", MM_COL_I64 },
	{ "objects", "OBJS", MM_COL_U64 },
	{ "inuse", "INUSE", MM_COL_U64 },
	{ "free", "FREE", MM_COL_U64 },
	{ "free_cpu", "F-CPU", MM_COL_U64 },
	{ "freelist", "FREELIST", MM_COL_HEX },
	{ "status", "STATUS", MM_COL_STR },
};

struct slab_rows {
	struct mm_out *o;
	struct mm_slab *bad;
	size_t nbad, capbad;
};

static int slab_row(struct mm_kernel *k, const struct mm_slab_cache *c, const struct mm_slab *sl,
		    void *ctx)
{
	struct slab_rows *r = ctx;
	struct mm_out *o = r->o;
	uint32_t nfree = sl->walked ? sl->nfree : sl->objects - sl->inuse;

	mm_out_cell_hex(o, sl->desc);
	mm_out_cell_hex(o, sl->base);
	mm_out_cell_str(o, mm_slab_list_name(sl->list));
	if (sl->cpu >= 0)
		mm_out_cell_i64(o, sl->cpu);
	else
		mm_out_cell_null(o);
	mm_out_cell_i64(o, sl->node);
	mm_out_cell_u64(o, sl->objects);
	mm_out_cell_u64(o, sl->objects - nfree - sl->nfree_cpu);
	mm_out_cell_u64(o, nfree);
	mm_out_cell_u64(o, sl->nfree_cpu);
	mm_out_cell_hex(o, sl->freelist);
	mm_out_cell_str(o, sl->problem ? mm_status_name(sl->problem) : "ok");
	mm_out_row_end(o);
	if (sl->problem && r->nbad < 1000) {
		if (r->nbad == r->capbad) {
			size_t cap = r->capbad ? r->capbad * 2 : 16;
			struct mm_slab *nb = realloc(r->bad, cap * sizeof(*nb));
			if (!nb)
				return 0;
			r->bad = nb;
			r->capbad = cap;
		}
		r->bad[r->nbad++] = *sl;
	}
	return 0;
}

static void cache_fields(struct mm_out *o, const struct mm_slab_cache *c)
{
	mm_out_hex(o, "cache", "kmem_cache", c->addr);
	mm_out_str(o, "name", "name", c->name);
	mm_out_u64(o, "object_size", "object size", c->object_size);
	mm_out_u64(o, "slot_size", "slot size", c->size);
	mm_out_u64(o, "per_slab", "objects per slab", c->objects);
	mm_out_u64(o, "order", "order", c->order);
	if (c->lay->gen == MM_SLAB_SLUB) {
		mm_out_u64(o, "min_objects", "fallback objects", c->min_objects);
		mm_out_u64(o, "min_order", "fallback order", c->min_order);
		mm_out_u64(o, "free_pointer_offset", "free pointer at", c->offset);
		mm_out_u64(o, "red_left_pad", "red_left_pad", c->red_left_pad);
		mm_out_str(o, "free_pointer", "free pointers", mm_freeptr_name(c->freeptr));
		mm_out_hex(o, "cpu_slab", "cpu_slab", c->cpu_slab);
	} else {
		mm_out_u64(o, "limit", "limit", c->limit);
		mm_out_u64(o, "batchcount", "batchcount", c->batchcount);
	}
	mm_out_hex(o, "flags", "flags", c->flags);
}

static void stats_fields(struct mm_out *o, const struct mm_slab_stats *st)
{
	mm_out_u64(o, "slabs", "slabs", st->slabs);
	if (st->full_unknown)
		mm_out_null(o, "full", "full", "unknown without SLUB_DEBUG");
	else
		mm_out_u64(o, "full", st->full_counted ? "full (counted)" : "full", st->slabs_full);
	mm_out_u64(o, "partial", "partial", st->slabs_partial);
	mm_out_u64(o, "free_slabs", "empty", st->slabs_free);
	mm_out_u64(o, "cpu", "cpu", st->slabs_cpu);
	mm_out_u64(o, "cpu_partial", "cpu partial", st->slabs_cpu_partial);
	mm_out_u64(o, "objects", "objects", st->objects);
	mm_out_u64(o, "inuse", "in use", st->inuse);
	mm_out_u64(o, "free_node_partial", "free (node)", st->free_node);
	mm_out_u64(o, "free_cpu_freelist", "free (cpu)", st->free_cpu);
	mm_out_u64(o, "free_cpu_partial", "free (cpu partial)", st->free_cpu_partial);
	mm_out_size(o, "memory", "memory", st->bytes);
	mm_out_size(o, "waste", "waste", st->waste);
	mm_out_pct(o, "waste_pct", "waste %", pct(st->waste, st->bytes));
	mm_out_size(o, "waste_tail", "  tail padding", st->waste_tail);
	mm_out_size(o, "waste_object_padding", "  object padding", st->waste_pad);
	mm_out_size(o, "waste_free_slots", "  free slots", st->waste_free);
	mm_out_pct(o, "frag_pct", "partial fragmentation", mm_slab_frag_pct(st));
	mm_out_u64(o, "problems", "slab problems", (uint64_t)st->nproblems);
}

static int one_cache(struct mm_kernel *k, struct mm_out *o, const struct mm_slab_layout *lay,
		     const char *name, unsigned flags)
{
	struct mm_slab_cache c;
	struct mm_slab_stats st;
	struct mm_err err = { 0 }, werr = { 0 };
	struct slab_rows r = { o, NULL, 0, 0 };
	int rc;

	if (mm_slab_find_cache(k, lay, name, &c, &err)) {
		mm_out_error(o, "slab", &err);
		return 1;
	}
	mm_out_table(o, "slabs", slab_cols, sizeof(slab_cols) / sizeof(slab_cols[0]));
	rc = mm_slab_walk(k, &c, MM_SLAB_WALK | flags, slab_row, &r, &st, &werr);
	mm_out_table_end(o);
	for (size_t i = 0; i < r.nbad; i++) {
		struct mm_err e;
		char what[32];
		e.code = r.bad[i].problem;
		snprintf(e.msg, sizeof(e.msg), "%s", r.bad[i].why);
		snprintf(what, sizeof(what), "slab %x", r.bad[i].desc);
		mm_out_error(o, what, &e);
	}
	free(r.bad);
	if (rc)
		mm_out_error(o, name, &werr);
	mm_out_section(o, "cache", "CACHE");
	cache_fields(o, &c);
	mm_out_end(o);
	mm_out_section(o, "totals", "TOTALS");
	stats_fields(o, &st);
	mm_out_end(o);
	if (st.full_counted)
		mm_out_note(o, "full slabs sit on no list: counted from the node counters, not listed (-f finds them)");
	return 0;
}

/* -a: address -> object. */
static void lookup_one(struct mm_kernel *k, struct mm_out *o, const struct mm_slab_layout *lay,
		       const char *arg)
{
	struct mm_slab_obj ob;
	struct mm_err err = { 0 };
	uint64_t addr;
	int rc;

	if (mm_parse_addr(k, arg, &addr, &err)) {
		mm_out_error(o, arg, &err);
		return;
	}
	mm_out_item(o, arg);
	mm_out_hex(o, "address", "address", addr);
	rc = addr > 0xffffffffULL ? 0 : mm_slab_lookup(k, lay, (kva_t)addr, &ob, &err);
	if (rc < 0) {
		mm_out_end(o);
		mm_out_error(o, arg, &err);
		return;
	}
	if (rc == 0) {
		mm_out_null(o, "cache", "slab", "not in a slab page");
		mm_out_end(o);
		return;
	}
	mm_out_str(o, "name", "cache", ob.cache.name);
	mm_out_hex(o, "cache", "kmem_cache", ob.cache.addr);
	mm_out_hex(o, "slab", "slab", ob.slab.desc);
	mm_out_hex(o, "slab_base", "slab memory", ob.slab.base);
	mm_out_str(o, "list", "slab list", mm_slab_list_name(ob.slab.list));
	if (ob.slab.cpu >= 0)
		mm_out_i64(o, "slab_cpu", "slab cpu", ob.slab.cpu);
	mm_out_u64(o, "index", "object index", ob.index);
	mm_out_hex(o, "object", "object", ob.obj);
	mm_out_u64(o, "offset", "offset", ob.offset);
	mm_out_u64(o, "object_size", "object size", ob.cache.object_size);
	mm_out_str(o, "state", "state", mm_obj_state_name(ob.state));
	if (ob.cpu >= 0)
		mm_out_i64(o, "cpu", "cpu", ob.cpu);
	if (ob.node >= 0) /* crash's kmem says "(shared cache)" */
		mm_out_i64(o, "shared_node", "shared array cache of node", ob.node);
	if (ob.slab.problem)
		mm_out_str(o, "slab_problem", "slab problem", ob.slab.why);
	mm_out_end(o);
}

int mm_cmd_slab(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_longopt lo[] = { { "walk", 0, 'w' }, { "sort", 1, 's' }, { "sites", 0, 'T' },
						{ NULL, 0, 0 } };
	struct mm_slab_layout lay;
	struct mm_err err = { 0 };
	struct mm_argp a;
	const char *cache = NULL;
	unsigned flags = 0;
	int c, mode = 0, sites = 0;
	long limit = -1;

	sort_key = 0;
	mm_argp_init(&a, argc, argv);
	const char *addrs[32];
	int naddrs = 0;

	while ((c = mm_getopt(&a, "wfs:n:bSc:a:", lo)) != MM_ARG_END) {
		if (mode == 'a' && c == MM_ARG_POS) {
			if (naddrs < 32)
				addrs[naddrs++] = a.arg;
			continue;
		}
		switch (c) {
		case 'a': mode = 'a'; addrs[naddrs++] = a.arg; break;
		case 'w': flags |= MM_SLAB_WALK; break;
		case 'T': sites = 1; break;
		case 'f': flags |= MM_SLAB_SCAN; break;
		case 'b': mm_out_human(o, 0); break;
		case 'S': mode = 'S'; break;
		case 'c': mode = 'c'; cache = a.arg; break;
		case 'n': limit = strtol(a.arg, NULL, 0); break;
		case 's':
			for (sort_key = 0; sort_keys[sort_key] && strcmp(sort_keys[sort_key], a.arg); sort_key++)
				;
			if (!sort_keys[sort_key]) {
				mm_err_set(&err, MM_EINVAL, "unknown sort key \"%s\" (memory, waste, name, objects, inuse, free, frag, slabs)", a.arg);
				mm_out_error(o, "slab", &err);
				return 1;
			}
			break;
		default:
			mm_err_set(&err, MM_EINVAL, "%s", c == MM_ARG_POS ? "unexpected argument" : a.err);
			mm_out_error(o, "slab", &err);
			return 1;
		}
	}
	if (mm_slab_layout(k, &lay, &err)) {
		mm_out_error(o, "slab", &err);
		return 1;
	}
	if (sites && mode != 'c') {
		mm_err_set(&err, MM_EINVAL, "--sites needs a cache: slab -c CACHE --sites");
		mm_out_error(o, "slab", &err);
		return 1;
	}
	if (mode == 'S')
		return slabinfo(k, o, &lay);
	if (mode == 'a') {
		mm_out_list(o, "objects");
		for (int i = 0; i < naddrs; i++)
			lookup_one(k, o, &lay, addrs[i]);
		mm_out_end(o);
		return 0;
	}
	if (mode == 'c' && sites)
		return mm_slab_sites_cmd(k, o, &lay, cache, limit);
	if (mode == 'c')
		return one_cache(k, o, &lay, cache, flags & MM_SLAB_SCAN);
	return summary(k, o, &lay, flags, limit);
}
