/* Address -> slab object: the struct page of the address, its compound head, the PG_slab test,
 * the cache it names, then the object index and whether it is free (and on which freelist). */
#include "slab_int.h"
#include "../page_alloc/pagetype.h"
#include <string.h>

/* The head page of a compound page: compound_head bit 0 (4.6+), else PG_tail + first_page. */
static int head_page(struct mm_kernel *k, const struct mm_slab_layout *lay, kva_t page,
		     uint8_t *buf, size_t n, kva_t *head, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	uint32_t flags, ch;

	*head = page;
	if (mm_read(k, page, MM_KVADDR, buf, n, err))
		return mm_err_wrap(err, "struct page %x", page);
	flags = mm_get32(buf, n, lay->pg_flags);
	if (o->page_compound_head >= 0) {
		ch = mm_get32(buf, n, o->page_compound_head);
		if (!(ch & 1))
			return MM_OK;
		*head = ch - 1;
	} else if (o->page_first_page >= 0) {
		long tail = mm_slab_pgbit(k, "PG_tail");
		if (tail < 0 || !(flags & (1u << tail)))
			return MM_OK;
		*head = mm_get32(buf, n, o->page_first_page);
	} else
		return MM_OK;
	if (mm_read(k, *head, MM_KVADDR, buf, n, err))
		return mm_err_wrap(err, "compound head %x of struct page %x", *head, page);
	return MM_OK;
}

/* The object an address falls in, for slots of c->size starting at first (SLUB: the slab base,
 * objects after red_left_pad; SLAB: s_mem). */
static void place(const struct mm_slab_cache *c, kva_t first, uint32_t lead, uint32_t objects,
		  kva_t addr, struct mm_slab_obj *o)
{
	uint32_t rel = addr - first;

	o->index = rel / c->size;
	o->obj = first + o->index * c->size + lead;
	o->offset = addr >= o->obj ? addr - o->obj : 0;
	if (addr < first || o->index >= objects || addr < o->obj)
		o->state = MM_OBJ_PADDING;
}

int mm_slab_lookup(struct mm_kernel *k, const struct mm_slab_layout *lay, kva_t addr,
		   struct mm_slab_obj *o, struct mm_err *err)
{
	uint8_t buf[256];
	size_t n = k->page_struct_size > 0 && (size_t)k->page_struct_size < sizeof(buf)
		? (size_t)k->page_struct_size : sizeof(buf);
	kva_t page, head, cache;
	uint64_t pfn;
	uint32_t pt;
	int rc;

	memset(o, 0, sizeof(*o));
	o->cpu = -1;
	o->node = -1;
	if (!mm_is_lowmem(k, addr))
		return 0; /* slabs are lowmem */
	pfn = mm_lowmem_pa(k, addr) >> k->page_shift;
	rc = mm_slab_pfn_to_page(k, pfn, &page, err);
	if (rc == MM_EINVAL)
		return 0;
	if (rc)
		return rc;
	if (lay->bufctl) { /* SLAB <= 3.12: every page's lru holds {cache, slab} */
		if (mm_read(k, page, MM_KVADDR, buf, n, err))
			return mm_err_wrap(err, "struct page %x", page);
		head = page;
	} else if ((rc = head_page(k, lay, page, buf, n, &head, err)))
		return rc;
	/* PageSlab by the page flag (<= 6.9) or the page type (6.10+); a kernel that says
	 * neither cannot have its pages taken for slabs */
	pt = k->off.page_page_type >= 0 ? mm_get32(buf, n, k->off.page_page_type) : 0;
	rc = mm_page_is_slab(k, mm_get32(buf, n, lay->pg_flags), pt, err);
	if (rc <= 0)
		return rc;
	if (lay->bufctl) {
		cache = mm_get32(buf, n, k->off.page_lru);
		head = mm_get32(buf, n, k->off.page_lru + 4); /* page_set_slab: lru.prev */
	}
	else {
		/* struct slab overlays struct page: its members are read at the page address. */
		uint8_t d[256];
		size_t dn = (size_t)lay->desc_size < sizeof(d) ? (size_t)lay->desc_size : sizeof(d);
		if (mm_read(k, head, MM_KVADDR, d, dn, err))
			return mm_err_wrap(err, "slab descriptor %x", head);
		cache = mm_get32(d, dn, lay->d_cache);
	}
	rc = mm_slab_cache_read(k, lay, cache, &o->cache, err);
	if (rc)
		return mm_err_wrap(err, "%x is in a slab page (struct page %x) whose cache %x is unusable",
				   addr, head, cache);
	if (lay->gen != MM_SLAB_SLUB) {
		rc = mm_slab_slab_locate(k, &o->cache, head, addr, o, err);
		return rc ? rc : 1;
	}
	{
		kva_t base;
		rc = mm_slab_desc_base(k, head, &base, err);
		if (rc)
			return rc;
		place(&o->cache, base, o->cache.red_left_pad, o->cache.objects, addr, o);
		if (o->state == MM_OBJ_PADDING) {
			enum mm_obj_state ignore;
			mm_slub_locate(k, &o->cache, head, 0, &o->slab, &ignore, err);
			if (o->index >= o->slab.objects)
				o->index = o->slab.objects;
			return 1;
		}
		mm_slub_locate(k, &o->cache, head, o->obj, &o->slab, &o->state, err);
		if (o->index >= o->slab.objects && o->slab.objects) { /* a fallback-order slab */
			o->state = MM_OBJ_PADDING;
		}
		o->cpu = o->state == MM_OBJ_FREE_CPU ? o->slab.cpu : -1;
	}
	return 1;
}
