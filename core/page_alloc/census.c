/* The census of struct pages: one bulk pass over each zone's memory map (mm_page_range), each
 * page classified from its own bytes; tails take their head's class, the pages inside a free
 * block its head's; a page a vmalloc area lists in vm_struct.pages is vmalloc's. */
#include "census.h"
#include "memmap.h"
#include "page.h"
#include "page_alloc.h"
#include "../list.h"
#include "../vmalloc/vmalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIGS 256 /* distinct states tracked before the table is cut to MM_CENSUS_SIGS */

const char *const mm_census_class_name[MM_CEN_NCLASSES] = {
	"free", "per-cpu lists", "page cache", "shmem", "anon", "slab", "page tables", "vmalloc",
	"movable_ops (zsmalloc, balloon)", "reserved", "kernel, no owner", "unreadable",
};

struct scan {
	struct mm_census *c;
	struct mm_page_kinds pk;
	size_t psize;
	int swapbacked_bit;
	struct mm_addrset vmalloc_pfns;
	uint64_t free_until;       /* pfns below this are inside the last free block */
	int head_cls;              /* class of the last head page: its tails share it */
	uint64_t run_start, run_end; /* the current run of kernel pages */
	struct mm_census_sig sigs[MAX_SIGS];
	int nsigs;
};

/* The pages of every vmalloc area with a page array (vmalloc, vmap'd stacks, module data). */
static int vmalloc_pages(struct mm_kernel *k, const struct mm_memmap *m, struct scan *s)
{
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	uint32_t *pages = NULL;
	int rc = mm_vmalloc_read(k, &v, &err);

	if (rc) {
		snprintf(s->c->vmalloc_err, sizeof(s->c->vmalloc_err), "%.150s", err.msg);
		mm_vmalloc_free(&v);
		return rc;
	}
	for (size_t i = 0; i < v.narea; i++) {
		const struct mm_vmalloc_area *a = &v.area[i];
		uint32_t n = a->nr_pages, *np;
		if (!a->pages || !n || a->state != MM_VA_LIVE)
			continue;
		if ((uint64_t)n * k->page_size > a->size) /* never more pages than the area spans */
			continue;
		if (!(np = realloc(pages, (size_t)n * 4))) {
			rc = MM_ENOMEM;
			break;
		}
		pages = np;
		if (mm_read(k, a->pages, MM_KVADDR, pages, (size_t)n * 4, NULL))
			continue;
		for (uint32_t j = 0; j < n; j++) {
			uint64_t pfn;
			if (pages[j] && mm_page_to_pfn(k, m, pages[j], &pfn, NULL) == MM_OK &&
			    mm_addrset_add(&s->vmalloc_pfns, pfn) < 0) {
				rc = MM_ENOMEM;
				break;
			}
		}
	}
	free(pages);
	mm_vmalloc_free(&v);
	if (rc)
		snprintf(s->c->vmalloc_err, sizeof(s->c->vmalloc_err), "out of memory");
	return rc;
}

static int class_of_kind(enum mm_page_kind kind)
{
	switch (kind) {
	case MM_PAGE_FREE: return MM_CEN_FREE;
	case MM_PAGE_PCP: return MM_CEN_PCP;
	case MM_PAGE_SLAB: return MM_CEN_SLAB;
	case MM_PAGE_PGTABLE: return MM_CEN_PGTABLE;
	case MM_PAGE_FILE: return MM_CEN_FILE;
	case MM_PAGE_ANON: return MM_CEN_ANON;
	case MM_PAGE_MOVABLE_OPS: return MM_CEN_MOVABLE;
	case MM_PAGE_RESERVED: return MM_CEN_RESERVED;
	default: return MM_CEN_KERNEL;
	}
}

static void keep_run(struct mm_census *c, uint64_t start, uint64_t end)
{
	int i;

	if (end <= start)
		return;
	c->total_runs++;
	/* the table holds the longest, longest first */
	for (i = c->nruns; i > 0 && c->run[i - 1].end - c->run[i - 1].start < end - start; i--)
		if (i < MM_CENSUS_RUNS)
			c->run[i] = c->run[i - 1];
	if (i < MM_CENSUS_RUNS) {
		c->run[i] = (struct mm_census_run){ start, end };
		if (c->nruns < MM_CENSUS_RUNS)
			c->nruns++;
	}
}

static void count_sig(struct scan *s, uint64_t pfn, uint32_t flags, int32_t ref, int compound)
{
	for (int i = 0; i < s->nsigs; i++) {
		struct mm_census_sig *g = &s->sigs[i];
		if (g->flags == flags && g->refcount == ref && g->compound == compound) {
			g->pages++;
			return;
		}
	}
	if (s->nsigs == MAX_SIGS) {
		s->c->sigs_dropped++;
		return;
	}
	s->sigs[s->nsigs++] = (struct mm_census_sig){ flags, ref, compound, 1, pfn };
}

static int scan_page(struct mm_kernel *k, uint64_t pfn, kva_t page, const uint8_t *buf, void *ctx)
{
	struct scan *s = ctx;
	struct mm_census *c = s->c;
	int tail, order, cls;
	enum mm_page_kind kind;

	(void)page;
	c->scanned++;
	if (pfn < s->free_until) {
		cls = MM_CEN_FREE;
		goto counted;
	}
	if (!buf) {
		cls = MM_CEN_UNREADABLE;
		goto counted;
	}
	kind = mm_page_kind_of(&s->pk, buf, s->psize, &tail, &order);
	cls = class_of_kind(kind);
	if (kind == MM_PAGE_FREE && order >= 0 && order < MM_MAX_ORDERS)
		s->free_until = pfn + (1ull << order);
	if (tail && s->head_cls >= 0)
		cls = s->head_cls;
	else if (!tail)
		s->head_cls = cls;
	if (cls == MM_CEN_FILE && s->swapbacked_bit >= 0 &&
	    (mm_get32(buf, s->psize, s->pk.flags_off) & (1u << s->swapbacked_bit)))
		cls = MM_CEN_SHMEM;
	if ((cls == MM_CEN_KERNEL || cls == MM_CEN_PCP) && mm_addrset_has(&s->vmalloc_pfns, pfn))
		cls = MM_CEN_VMALLOC;
	if (cls == MM_CEN_KERNEL) {
		int32_t ref = s->pk.refcount_off >= 0 ? (int32_t)mm_get32(buf, s->psize, s->pk.refcount_off) : -1;
		count_sig(s, pfn, mm_get32(buf, s->psize, s->pk.flags_off) & c->flags_mask, ref, tail);
	}
counted:
	c->pages[cls]++;
	if (cls == MM_CEN_KERNEL) {
		if (s->run_end != pfn) {
			keep_run(c, s->run_start, s->run_end);
			s->run_start = pfn;
		}
		s->run_end = pfn + 1;
	}
	return 0;
}

static int by_pages(const void *a, const void *b)
{
	const struct mm_census_sig *x = a, *y = b;
	return x->pages < y->pages ? 1 : x->pages > y->pages ? -1 : (x->first_pfn > y->first_pfn) - (x->first_pfn < y->first_pfn);
}

/* page->flags bits that say something of the page: the enum pageflags ones (the zone, node
 * and section numbers sit in the top bits). */
static uint32_t flags_mask(struct mm_kernel *k)
{
	long nr;

	if (mm_enum_of(k, "pageflags", "__NR_PAGEFLAGS", &nr) || nr <= 0 || nr > 32)
		nr = 24;
	return nr >= 32 ? 0xffffffffu : (1u << nr) - 1;
}

int mm_census_read(struct mm_kernel *k, struct mm_census *c, struct mm_err *err)
{
	const struct mm_memmap *m = mm_memmap(k);
	struct mm_zones z;
	struct scan *s;
	long bit;
	int rc;

	memset(c, 0, sizeof(*c));
	if (!m)
		return mm_err_set(err, MM_EABSENT, "no memory map: %s", k->nnotes ? k->notes[k->nnotes - 1] : "unknown");
	if ((rc = mm_zones_read(k, &z, err)))
		return rc;
	if (!(s = calloc(1, sizeof(*s))))
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	s->c = c;
	s->psize = (size_t)m->page_size;
	s->swapbacked_bit = mm_enum_of(k, "pageflags", "PG_swapbacked", &bit) == 0 && bit >= 0 && bit < 32 ? (int)bit : -1;
	c->flags_mask = flags_mask(k);
	if ((rc = mm_page_kinds_init(k, &s->pk))) {
		free(s);
		return mm_err_set(err, rc, "page.flags not in this kernel's debug info");
	}
	c->vmalloc_known = vmalloc_pages(k, m, s) == MM_OK;
	for (int i = 0; i < z.nr_zones && i < MM_MAX_ZONES && rc == MM_OK; i++) {
		const struct mm_zone *zn = &z.zone[i];
		/* only pfns the memory map has: a corrupt zone span does not make a long scan */
		uint64_t lo = zn->start_pfn > m->start_pfn ? zn->start_pfn : m->start_pfn;
		uint64_t hi = zn->start_pfn + zn->spanned < m->end_pfn ? zn->start_pfn + zn->spanned : m->end_pfn;
		if (!zn->spanned || lo >= hi)
			continue;
		s->head_cls = -1;
		s->free_until = 0;
		rc = mm_page_range(k, m, lo, hi, scan_page, s, err);
	}
	keep_run(c, s->run_start, s->run_end);
	qsort(s->sigs, (size_t)s->nsigs, sizeof(s->sigs[0]), by_pages);
	c->nsigs = s->nsigs < MM_CENSUS_SIGS ? s->nsigs : MM_CENSUS_SIGS;
	memcpy(c->sig, s->sigs, (size_t)c->nsigs * sizeof(c->sig[0]));
	for (int i = c->nsigs; i < s->nsigs; i++)
		c->sigs_dropped += s->sigs[i].pages;
	mm_addrset_free(&s->vmalloc_pfns);
	free(s);
	return rc;
}
