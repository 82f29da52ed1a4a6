/* `mmview slab -c CACHE --sites`: live objects by allocating call site, with their stacks; and
 * the track printer `addr` uses. */
#include "../cmd.h"
#include "slab_sites.h"
#include <stdio.h>
#include <string.h>

#define NSTACKS 3 /* callers whose stacks are printed */

static const struct mm_col site_cols[] = {
	{ "count", "COUNT", MM_COL_U64 },
	{ "bytes", "BYTES", MM_COL_SIZE },
	{ "stacks", "STACKS", MM_COL_U64 },
	{ "age_min", "AGE-MIN", MM_COL_FLOAT },
	{ "age_avg", "AGE-AVG", MM_COL_FLOAT },
	{ "age_max", "AGE-MAX", MM_COL_FLOAT },
	{ "pids", "PIDS", MM_COL_STR },
	{ "cpus", "CPUS", MM_COL_STR },
	{ "caller_addr", "CALLER", MM_COL_HEX },
	{ "caller", "SYMBOL", MM_COL_STR },
};

/* "0-1,3" for a CPU bit mask. */
static const char *cpu_list(uint64_t m, char *b, size_t len)
{
	size_t at = 0;

	b[0] = '\0';
	for (int i = 0; i < 64 && at < len; i++) {
		int j = i;
		if (!(m & (1ull << i)))
			continue;
		while (j + 1 < 64 && (m & (1ull << (j + 1))))
			j++;
		at += (size_t)snprintf(b + at, len - at, "%s%d", at ? "," : "", i);
		if (j > i && at < len)
			at += (size_t)snprintf(b + at, len - at, "-%d", j);
		i = j;
	}
	return b;
}

static void age_cell(struct mm_out *o, const struct mm_tracking *tr, uint64_t naged, double jiffies)
{
	if (!naged || !tr->hz)
		mm_out_cell_null(o);
	else
		mm_out_cell_float(o, jiffies / tr->hz);
}

static void frames_print(struct mm_kernel *k, struct mm_out *o, const uint32_t *f, int n)
{
	static const struct mm_col cols[] = { { "addr", "ADDR", MM_COL_HEX }, { "symbol", "SYMBOL", MM_COL_STR } };
	char sym[128];

	if (mm_out_fmt(o) == MM_FMT_JSON) {
		mm_out_table(o, "frames", cols, 2);
		for (int i = 0; i < n; i++) {
			mm_out_cell_hex(o, f[i]);
			mm_out_cell_str(o, mm_symbol_name(k, f[i], sym, sizeof(sym)));
			mm_out_row_end(o);
		}
		mm_out_table_end(o);
		return;
	}
	for (int i = 0; i < n; i++)
		mm_out_raw(o, "      %08x  %s\n", f[i], mm_symbol_name(k, f[i], sym, sizeof(sym)));
}

void mm_sites_print(struct mm_kernel *k, struct mm_out *o, struct mm_tracking *tr,
		    const struct mm_slab_cache *c, const struct mm_sites *s, long limit, int nstacks)
{
	char sym[128], b[64];

	mm_out_table(o, "sites", site_cols, sizeof(site_cols) / sizeof(site_cols[0]));
	for (size_t i = 0; i < s->ncallers && (limit < 0 || (long)i < limit); i++) {
		const struct mm_site_caller *sc = &s->caller[i];
		mm_out_cell_u64(o, sc->count);
		mm_out_cell_size(o, sc->count * c->object_size);
		mm_out_cell_u64(o, sc->nstacks);
		age_cell(o, tr, sc->naged, sc->age_min);
		age_cell(o, tr, sc->naged, sc->naged ? (double)sc->age_sum / (double)sc->naged : 0);
		age_cell(o, tr, sc->naged, sc->age_max);
		if (sc->pid_min == sc->pid_max)
			snprintf(b, sizeof(b), "%d", sc->pid_min);
		else
			snprintf(b, sizeof(b), "%d-%d", sc->pid_min, sc->pid_max);
		mm_out_cell_str(o, b);
		mm_out_cell_str(o, cpu_list(sc->cpus, b, sizeof(b)));
		mm_out_cell_hex(o, sc->caller);
		mm_out_cell_str(o, mm_symbol_name(k, sc->caller, sym, sizeof(sym)));
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	if (nstacks <= 0)
		return;
	mm_out_list(o, "stacks");
	for (size_t i = 0; i < s->ncallers && (long)i < nstacks; i++) {
		const struct mm_site_caller *sc = &s->caller[i];
		for (size_t j = sc->first; j < sc->first + sc->nstacks && j < sc->first + 3; j++) {
			const struct mm_site *e = &s->site[j];
			uint32_t frames[MM_TRACK_MAX_FRAMES];
			struct mm_err err = { 0 };
			int n = e->handle ? mm_depot_fetch(k, &tr->depot, e->handle, frames, MM_TRACK_MAX_FRAMES, &err)
					  : 0;
			char title[200];

			if (!e->handle) /* an inline-stack kernel (<= 5.16): stacks are no key */
				continue;
			mm_symbol_name(k, sc->caller, sym, sizeof(sym));
			snprintf(title, sizeof(title), "%s: %llu object%s from stack %08x", sym,
				 (unsigned long long)e->count, e->count == 1 ? "" : "s", e->handle);
			mm_out_item(o, title);
			mm_out_hex(o, "caller_addr", NULL, sc->caller);
			mm_out_str(o, "caller", NULL, sym);
			mm_out_u64(o, "count", NULL, e->count);
			mm_out_hex(o, "handle", NULL, e->handle);
			if (n > 0)
				frames_print(k, o, frames, n);
			else if (e->handle)
				mm_out_error(o, "stack", &err);
			mm_out_end(o);
		}
		if (sc->nstacks > 3)
			mm_out_note(o, "%s: %zu more stacks", mm_symbol_name(k, sc->caller, sym, sizeof(sym)),
				    sc->nstacks - 3);
	}
	mm_out_end(o);
}

void mm_track_print(struct mm_kernel *k, struct mm_out *o, const struct mm_tracking *tr,
		    const struct mm_track *t)
{
	char sym[128];

	if (!t->addr) {
		mm_out_null(o, "caller", "caller", "none recorded");
		return;
	}
	mm_out_hex(o, "caller_addr", NULL, t->addr);
	mm_out_str(o, "caller", "caller", mm_symbol_name(k, t->addr, sym, sizeof(sym)));
	mm_out_i64(o, "cpu", "cpu", t->cpu);
	mm_out_i64(o, "pid", "pid", t->pid);
	mm_out_u64(o, "when", "when (jiffies)", t->when);
	if (t->has_age) {
		mm_out_u64(o, "age_jiffies", "age (jiffies)", t->age);
		if (tr->hz)
			mm_out_float(o, "age", "before panic (s)", (double)t->age / tr->hz);
		else
			mm_out_null(o, "age", "before panic (s)", "HZ unknown (no tick_nsec)");
	}
	if (t->handle)
		mm_out_hex(o, "handle", "stack depot handle", t->handle);
	if (t->nframes) {
		if (mm_out_fmt(o) == MM_FMT_TEXT)
			mm_out_raw(o, "  stack:\n");
		frames_print(k, o, t->frames, t->nframes);
	} else
		mm_out_error(o, "stack", &t->stack_err);
}

int mm_slab_sites_cmd(struct mm_kernel *k, struct mm_out *o, const struct mm_slab_layout *lay,
		      const char *name, long limit)
{
	struct mm_slab_cache c;
	struct mm_tracking tr;
	struct mm_sites s;
	struct mm_err err = { 0 };
	char hint[256];
	int rc;

	if (mm_slab_find_cache(k, lay, name, &c, &err)) {
		mm_out_error(o, "slab", &err);
		return 1;
	}
	mm_out_section(o, "allocation_sites", "ALLOCATION SITES");
	mm_out_str(o, "name", "cache", c.name);
	mm_out_hex(o, "cache", "kmem_cache", c.addr);
	mm_out_u64(o, "object_size", "object size", c.object_size);
	if (mm_tracking_open(k, &tr, &err)) {
		mm_out_bool(o, "tracked", "user tracking", 0);
		mm_out_end(o);
		mm_out_error(o, "slab --sites", &err);
		return 1;
	}
	mm_out_bool(o, "tracked", "user tracking", mm_slab_tracked(&tr, &c));
	if (!mm_slab_tracked(&tr, &c)) {
		mm_out_end(o);
		mm_err_set(&err, MM_EABSENT, "%s", mm_tracking_hint(&c, hint, sizeof(hint)));
		mm_out_error(o, "slab --sites", &err);
		return 1;
	}
	mm_out_u64(o, "track_offset", "tracks at object +", mm_track_offset(&c));
	rc = mm_slab_sites(k, &tr, &c, &s, &err);
	if (s.n && s.caller[0].caller) { /* settles the depot's handle packing before it is named */
		uint32_t f[MM_TRACK_MAX_FRAMES];
		mm_depot_fetch(k, &tr.depot, s.site[s.caller[0].first].handle, f, MM_TRACK_MAX_FRAMES, NULL);
	}
	mm_out_u64(o, "objects", "live objects", s.objects);
	mm_out_u64(o, "untracked", "with no alloc track", s.untracked);
	mm_out_u64(o, "unread", "in slabs not walked", s.unread);
	mm_out_u64(o, "callers", "callers", s.ncallers);
	mm_out_u64(o, "stacks", "caller+stack sites", s.n);
	if (tr.has_jiffies)
		mm_out_u64(o, "jiffies", "jiffies at panic", tr.jiffies);
	if (tr.hz)
		mm_out_u64(o, "hz", "HZ", tr.hz);
	if (tr.depot.layout >= 0)
		mm_out_str(o, "stack_depot", "stack depot", mm_depot_layout_name(&tr.depot));
	mm_out_end(o);
	if (rc)
		mm_out_error(o, c.name, &err);
	if (s.first_problem.code) {
		struct mm_err e = s.first_problem;
		mm_err_wrap(&e, "%ld slab%s not walked; first", s.nproblems, s.nproblems == 1 ? "" : "s");
		mm_out_error(o, c.name, &e);
	}
	mm_sites_print(k, o, &tr, &c, &s, limit, NSTACKS);
	mm_out_note(o, "COUNT: live objects allocated there (as the kernel's alloc_traces counts them); "
		       "BYTES: COUNT x object size; AGE: seconds before the panic");
	mm_sites_free(&s);
	return 0;
}
