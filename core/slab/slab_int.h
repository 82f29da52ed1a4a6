/* Shared between the slab files (core/slab*.c) only. */
#ifndef MM_SLAB_INT_H
#define MM_SLAB_INT_H
#include "slab.h"
#include "../read.h"
#include "../list.h"

/* Upper bounds on what a sane kernel has: beyond them the data is corrupt. */
#define SLAB_MAX_CACHES 20000
#define SLAB_MAX_SLABS (1L << 22)
/* The largest order a slab may have: the buddy allocator's own (MAX_ORDER - 1 from the size of
 * zone.free_area: 11 with ARM's default, 12 where FORCE_MAX_ZONEORDER raises it and SLAB's
 * kmalloc-8M needs order 11), never above 14 (a 64 MiB slab read whole). */
#define SLAB_ORDER_CAP 14
static inline unsigned slab_max_order(const struct mm_kernel *k)
{
	const struct mm_offsets *o = &k->off;
	long n = o->zone_free_area_msize > 0 && o->free_area_size > 0
			 ? o->zone_free_area_msize / o->free_area_size : 11;
	return n < 1 ? 0 : n - 1 > SLAB_ORDER_CAP ? SLAB_ORDER_CAP : (unsigned)(n - 1);
}

int mm_slub_walk(struct mm_kernel *k, struct mm_slab_cache *c, unsigned flags, mm_slab_fn fn,
		 void *ctx, struct mm_slab_stats *st, struct mm_err *err);
int mm_slab_slab_walk(struct mm_kernel *k, struct mm_slab_cache *c, unsigned flags, mm_slab_fn fn,
		      void *ctx, struct mm_slab_stats *st, struct mm_err *err);

/* SLUB: the slab at desc (found from an address), its list, and the state of object obj. */
int mm_slub_locate(struct mm_kernel *k, struct mm_slab_cache *c, kva_t desc, kva_t obj,
		   struct mm_slab *sl, enum mm_obj_state *state, struct mm_err *err);
int mm_slab_slab_locate(struct mm_kernel *k, struct mm_slab_cache *c, kva_t desc, kva_t addr,
			struct mm_slab_obj *o, struct mm_err *err);

/* SLUB: decodes a slab's freelist(s) out of its memory read in bulk. */
struct slub_free {
	struct mm_addrset seen;   /* free objects of this slab, for duplicates and cycles */
	uint32_t n;
};
/* Walks one chain, choosing the free pointer formula (c->freeptr is updated when it validates). */
int mm_slub_chain(struct mm_slab_cache *c, const uint8_t *mem, size_t len, kva_t base,
		  uint32_t objects, kva_t head, struct slub_free *f, char *why, size_t whylen);

/* A slab's memory, read at once. */
struct slab_mem {
	uint8_t *buf;
	size_t cap, len;
};
int mm_slab_mem_read(struct mm_kernel *k, struct slab_mem *m, kva_t base, unsigned order,
		     struct mm_err *err);
void mm_slab_mem_free(struct slab_mem *m);

/* Descriptor (struct slab / struct page) to its slab's first byte (lowmem). */
int mm_slab_desc_base(struct mm_kernel *k, kva_t desc, kva_t *base, struct mm_err *err);
/* Accounts one slab into the totals. */
void mm_slab_account(const struct mm_slab_cache *c, const struct mm_slab *sl, uint32_t inuse,
		     struct mm_slab_stats *st, uint32_t page_size);
long mm_slab_pgbit(struct mm_kernel *k, const char *name);

/* A list that cannot be walked: counted, and the first one kept in err and *rc. */
void mm_slab_list_error(int *rc, struct mm_slab_stats *st, struct mm_err *err, int code,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A problem in one slab: recorded in it (first one wins). */
void mm_slab_problem(struct mm_slab *sl, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
