/* The buddy free lists walked and checked against the zone's own counters: what
 * /proc/pagetypeinfo would have counted, and whether nr_free can be trusted. */
#include "page_alloc.h"
#include "../list.h"
#include "pagetype.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mm_buddy_sig(struct mm_kernel *k, struct mm_buddy_sig *s, struct mm_err *err)
{
	struct mm_pgtype_test pt;
	int rc;

	memset(s, 0, sizeof(*s));
	s->off = -1;
	if ((rc = mm_pgtype_test(k, MM_PGTY_BUDDY, &pt, err)))
		return rc;
	s->off = pt.off;
	s->mask = pt.mask;
	s->value = pt.value;
	snprintf(s->buf, sizeof(s->buf), "%s", pt.how);
	s->how = s->buf;
	if (s->off < 0)
		return mm_err_set(err, MM_EABSENT, "page._mapcount not in this kernel's debug info");
	return MM_OK;
}

long mm_page_buddy_link(const struct mm_kernel *k)
{
	return k->off.page_buddy_list >= 0 ? k->off.page_buddy_list : k->off.page_lru;
}

struct walk {
	const struct mm_memmap *m;
	const struct mm_zone *zone;
	const struct mm_zones *z;
	struct mm_freelists *f;
	struct mm_buddy_sig sig;
	int order, mt;
	mm_free_block_fn block; /* optional: told every entry that passed the checks */
	void *block_ctx;
};

static void issue(struct mm_freelists *f, int order, int mt, kva_t entry, int code, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void issue(struct mm_freelists *f, int order, int mt, kva_t entry, int code, const char *fmt, ...)
{
	struct mm_buddy_issue *is;
	va_list ap;

	if (f->nissues >= MM_MAX_ISSUES) {
		f->issues_dropped++;
		return;
	}
	is = &f->issue[f->nissues++];
	is->order = order;
	is->mt = mt;
	is->entry = entry;
	is->code = code;
	va_start(ap, fmt);
	vsnprintf(is->msg, sizeof(is->msg), fmt, ap);
	va_end(ap);
}

/* What is wrong with a free-list entry, said once per finding (the walk's slow path). */
static void report_entry(struct mm_kernel *k, struct walk *w, kva_t page, const uint8_t *bytes,
			 int have_pfn, uint64_t pfn)
{
	const struct mm_zone *zn = w->zone;
	size_t psize = (size_t)w->m->page_size;
	const char *mt = w->z->mt_name[w->mt];
	uint32_t order = mm_get32(bytes, psize, k->off.page_private);

	if (!have_pfn) {
		issue(w->f, w->order, w->mt, page, MM_ECORRUPT,
		      "order %d %s: entry %x is not a struct page in the memory map", w->order, mt, page);
		return;
	}
	if (pfn < zn->start_pfn || pfn >= zn->start_pfn + zn->spanned)
		issue(w->f, w->order, w->mt, page, MM_ECORRUPT,
		      "order %d %s: entry %x (pfn %llx) outside zone %s [%llx, %llx)", w->order, mt, page,
		      (unsigned long long)pfn, zn->name, (unsigned long long)zn->start_pfn,
		      (unsigned long long)(zn->start_pfn + zn->spanned));
	if (!mm_buddy_match(&w->sig, bytes, psize))
		issue(w->f, w->order, w->mt, page, MM_ECORRUPT,
		      "order %d %s: entry %x (pfn %llx) is not a buddy page (%s is %08x; want %s)",
		      w->order, mt, page, (unsigned long long)pfn,
		      k->buddy_test == MM_BUDDY_MAPCOUNT ? "_mapcount" : "page_type",
		      mm_get32(bytes, psize, w->sig.off), w->sig.how);
	if (order != (uint32_t)w->order)
		issue(w->f, w->order, w->mt, page, MM_ECORRUPT,
		      "order %d %s: entry %x (pfn %llx) has order %u in page->private", w->order, mt, page,
		      (unsigned long long)pfn, order);
	else if (pfn & ((1ULL << w->order) - 1))
		issue(w->f, w->order, w->mt, page, MM_ECORRUPT,
		      "order %d %s: entry %x (pfn %llx) is not aligned to its order", w->order, mt, page,
		      (unsigned long long)pfn);
}

/* Every entry: a struct page of the zone, marked buddy, of this order, aligned to it. The
 * checks run once for all (one per free block: 157,000 on a 3 GiB machine); only an entry
 * that fails one goes through report_entry. */
static int check_entry(struct mm_kernel *k, kva_t page, const uint8_t *bytes, void *ctx)
{
	struct walk *w = ctx;
	const struct mm_zone *zn = w->zone;
	size_t psize = (size_t)w->m->page_size;
	uint64_t pfn = 0;
	int have_pfn;

	w->f->blocks[w->order][w->mt]++;
	if (!bytes) {
		issue(w->f, w->order, w->mt, page, MM_EREAD, "order %d %s: struct page %x unreadable",
		      w->order, w->z->mt_name[w->mt], page);
		return 0;
	}
	have_pfn = mm_page_to_pfn(k, w->m, page, &pfn, NULL) == MM_OK;
	if (!have_pfn || pfn < zn->start_pfn || pfn - zn->start_pfn >= zn->spanned ||
	    !mm_buddy_match(&w->sig, bytes, psize) ||
	    mm_get32(bytes, psize, k->off.page_private) != (uint32_t)w->order ||
	    (pfn & ((1ULL << w->order) - 1))) {
		report_entry(k, w, page, bytes, have_pfn, pfn);
		return 0;
	}
	if (w->block)
		w->block(pfn, w->order, w->mt, w->block_ctx);
	return 0;
}

int mm_freelists_walk(struct mm_kernel *k, const struct mm_memmap *m, const struct mm_zones *z,
		      const struct mm_zone *zone, struct mm_freelists *f, struct mm_err *err)
{
	return mm_freelists_blocks(k, m, z, zone, f, NULL, NULL, err);
}

int mm_freelists_blocks(struct mm_kernel *k, const struct mm_memmap *m, const struct mm_zones *z,
			const struct mm_zone *zone, struct mm_freelists *f, mm_free_block_fn fn,
			void *ctx, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	struct walk *w;
	long link = mm_page_buddy_link(k);
	int rc;

	memset(f, 0, sizeof(*f));
	if (link < 0)
		return mm_err_set(err, MM_EABSENT, "page.lru/page.buddy_list not in this kernel's debug info");
	if ((rc = MM_NEED(k, err, page, private)))
		return rc;
	if (m->page_size > MM_LIST_MAX_ENTRY || m->page_size < link + MM_LIST_LINK)
		return mm_err_set(err, MM_EUNSUPPORTED, "struct page of %ld bytes", m->page_size);
	w = calloc(1, sizeof(*w));
	if (!w)
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	if ((rc = mm_buddy_sig(k, &w->sig, err))) {
		free(w);
		return rc;
	}
	w->m = m;
	w->z = z;
	w->zone = zone;
	w->f = f;
	w->block = fn;
	w->block_ctx = ctx;
	for (int ord = 0; ord < z->norders; ord++) {
		uint64_t sum = 0;
		int complete = 1;

		for (int mt = 0; mt < z->nmt; mt++) {
			kva_t head = zone->addr + (kva_t)(o->zone_free_area + ord * o->free_area_size +
							  o->free_area_free_list + mt * o->list_head_size);
			struct mm_err e = { 0 };
			long n;

			w->order = ord;
			w->mt = mt;
			n = mm_list_walk_bytes(k, head, link, (size_t)m->page_size, (long)(zone->spanned >> ord) + 1,
					       check_entry, w, &e);
			f->complete[ord][mt] = n >= 0;
			if (n < 0) {
				complete = 0;
				issue(f, ord, mt, 0, (int)n, "order %d %s: free list at %x: %s", ord,
				      z->mt_name[mt], head, e.msg);
			}
			sum += f->blocks[ord][mt];
		}
		if (complete && sum != zone->nr_free[ord])
			issue(f, ord, -1, 0, MM_ECORRUPT,
			      "order %d: nr_free says %llu blocks but the free lists hold %llu", ord,
			      (unsigned long long)zone->nr_free[ord], (unsigned long long)sum);
	}
	free(w);
	return f->nissues + f->issues_dropped;
}
