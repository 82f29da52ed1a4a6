/* SLAB (3.4 .. 6.7): per-node full/partial/free slab lists, the free objects of each slab and
 * the array caches that hold objects free but cached (allocated as far as the slab knows).
 *   <= 3.12  struct slab {list, colouroff, s_mem, inuse, free, nodeid} followed by a
 *            kmem_bufctl_t chain: free = first free index, bufctl[i] = next, BUFCTL_END ends
 *   3.13+    struct page (struct slab from 5.17) {s_mem, active, freelist}: freelist points to
 *            an index array; freelist[active .. num-1] are the free objects; a full slab's
 *            freelist is NULL under OBJFREELIST_SLAB (4.6+: the array sat in a free object) */
#include "slab_int.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUFCTL_END 0xffffffffu
#define NODE_READ 128

struct slab_walk {
	struct mm_kernel *k;
	struct mm_slab_cache *c;
	unsigned flags;
	mm_slab_fn fn;
	void *ctx;
	struct mm_slab_stats *st;
	struct mm_err *err;
	int rc;
	enum mm_slab_list list;
	int node;
	uint8_t *idx;          /* the slab's index or bufctl array */
	size_t idxcap;
	kva_t probe;           /* lookup: object index to test, as an address */
	int probe_free;
};

#define list_error(w, code, ...) mm_slab_list_error(&(w)->rc, (w)->st, (w)->err, code, __VA_ARGS__)

static int read_array(struct slab_walk *w, kva_t at, size_t len)
{
	if (len > w->idxcap) {
		uint8_t *nb = realloc(w->idx, len);
		if (!nb)
			return MM_ENOMEM;
		w->idx = nb;
		w->idxcap = len;
	}
	return mm_read(w->k, at, MM_KVADDR, w->idx, len, NULL);
}

/* The free indexes of one slab, validated: each below num, none twice, as many as the slab's
 * in-use count leaves. */
static void walk_free(struct slab_walk *w, kva_t desc, struct mm_slab *sl, uint32_t first_free)
{
	const struct mm_slab_layout *lay = w->c->lay;
	uint32_t num = w->c->objects, n = 0, probe_idx = UINT32_MAX;
	struct mm_addrset seen = { 0 };

	if (w->probe)
		probe_idx = (w->probe - sl->s_mem) / w->c->size;
	if (lay->bufctl) {
		size_t len = (size_t)num * (size_t)lay->bufctl_size;
		uint32_t i = first_free;
		if (read_array(w, desc + (kva_t)lay->desc_size, len)) {
			mm_slab_problem(sl, MM_EREAD, "bufctl array of slab %x unreadable", desc);
			return;
		}
		while (i != BUFCTL_END) {
			if (i >= num) {
				mm_slab_problem(sl, MM_ECORRUPT, "corrupt bufctl chain of slab %x (%s): index %u of %u objects",
						desc, w->c->name, i, num);
				goto out;
			}
			if (mm_addrset_add(&seen, i) == 0) {
				mm_slab_problem(sl, MM_ECORRUPT, "corrupt bufctl chain of slab %x (%s): index %u twice (cycle)",
						desc, w->c->name, i);
				goto out;
			}
			if (i == probe_idx)
				w->probe_free = 1;
			n++;
			i = (uint32_t)mm_get(w->idx, len, (long)i * lay->bufctl_size, lay->bufctl_size);
			if (lay->bufctl_size == 2 && i == 0xffff)
				i = BUFCTL_END;
		}
	} else if (sl->inuse == num) {
		/* A full slab has no free index to read; with OBJFREELIST_SLAB (4.6-6.7) the index
		 * array lived in a free object, so the last allocation (slab_get_obj via
		 * fixup_objfreelist_debug / alloc_block) left page->freelist NULL. */
	} else {
		size_t len = (size_t)num * (size_t)lay->idx_size;
		if (!sl->freelist || read_array(w, sl->freelist, len)) {
			mm_slab_problem(sl, MM_EREAD, "freelist index array %x of slab %x unreadable",
					sl->freelist, desc);
			return;
		}
		for (uint32_t j = sl->inuse; j < num; j++) {
			uint32_t i = (uint32_t)mm_get(w->idx, len, (long)j * lay->idx_size, lay->idx_size);
			if (i >= num) {
				mm_slab_problem(sl, MM_ECORRUPT, "corrupt freelist of slab %x (%s): entry %u is index %u of %u objects",
						desc, w->c->name, j, i, num);
				goto out;
			}
			if (mm_addrset_add(&seen, i) == 0) {
				mm_slab_problem(sl, MM_ECORRUPT, "corrupt freelist of slab %x (%s): index %u twice",
						desc, w->c->name, i);
				goto out;
			}
			if (i == probe_idx)
				w->probe_free = 1;
			n++;
		}
	}
	sl->nfree = n;
	sl->walked = 1;
	if (n != num - sl->inuse)
		mm_slab_problem(sl, MM_ECORRUPT, "slab %x (%s): %u free objects listed, in-use count says %u of %u",
				desc, w->c->name, n, sl->inuse, num);
out:
	mm_addrset_free(&seen);
}

static void slab_decode(struct slab_walk *w, kva_t desc, struct mm_slab *sl)
{
	struct mm_kernel *k = w->k;
	const struct mm_slab_cache *c = w->c;
	const struct mm_slab_layout *lay = c->lay;
	uint8_t d[256];
	size_t dn = (size_t)lay->desc_size < sizeof(d) ? (size_t)lay->desc_size : sizeof(d);
	struct mm_err e;
	uint32_t first_free = 0;

	mm_err_clear(&e);
	mm_slab_reset(sl);
	sl->desc = desc;
	sl->list = w->list;
	sl->node = w->node;
	sl->cpu = -1;
	sl->objects = c->objects;
	sl->order = c->order;
	if (mm_read(k, desc, MM_KVADDR, d, dn, &e)) {
		mm_slab_problem(sl, MM_EREAD, "slab descriptor %x unreadable", desc);
		sl->objects = 0;
		return;
	}
	sl->s_mem = mm_get32(d, dn, lay->d_s_mem);
	sl->inuse = mm_get32(d, dn, lay->d_active);
	if (lay->bufctl) {
		first_free = mm_get32(d, dn, lay->d_freelist);
		if (lay->bufctl_size == 2 && first_free == 0xffff)
			first_free = BUFCTL_END;
		sl->freelist = first_free == BUFCTL_END ? 0 : sl->s_mem + first_free * c->size;
		sl->base = sl->s_mem & ~(((kva_t)k->page_size << c->order) - 1);
	} else {
		sl->freelist = mm_get32(d, dn, lay->d_freelist);
		if (mm_slab_desc_base(k, desc, &sl->base, &e))
			mm_slab_problem(sl, e.code, "%s", e.msg);
	}
	if (sl->inuse > sl->objects) {
		mm_slab_problem(sl, MM_ECORRUPT, "slab %x (%s): %u of %u objects in use", desc, c->name,
				sl->inuse, sl->objects);
		sl->inuse = sl->objects;
		return;
	}
	if (sl->s_mem < sl->base || sl->s_mem - sl->base + (uint64_t)c->objects * c->size >
	    ((uint64_t)k->page_size << c->order))
		mm_slab_problem(sl, MM_ECORRUPT, "slab %x (%s): s_mem %x outside its pages at %x", desc,
				c->name, sl->s_mem, sl->base);
	if ((w->list == MM_SLAB_NODE_FULL && sl->inuse != sl->objects) ||
	    (w->list == MM_SLAB_NODE_FREE && sl->inuse))
		mm_slab_problem(sl, MM_ECORRUPT, "slab %x (%s) on the %s list has %u of %u in use", desc,
				c->name, mm_slab_list_name(w->list), sl->inuse, sl->objects);
	if ((w->flags & MM_SLAB_WALK) || w->probe)
		walk_free(w, desc, sl, first_free);
}

static int visit(struct mm_kernel *k, kva_t desc, void *ctx)
{
	struct slab_walk *w = ctx;
	struct mm_slab sl;

	slab_decode(w, desc, &sl);
	mm_slab_account(w->c, &sl, sl.inuse, w->st, k->page_size);
	if (w->fn)
		return w->fn(k, w->c, &sl, w->ctx);
	return 0;
}

/* Objects in an array cache: the count, and for a lookup whether obj is among them (bit 0 of
 * an entry marks pfmemalloc objects, 3.6+). */
static long array_cache(struct slab_walk *w, kva_t ac, kva_t obj, int *found)
{
	const struct mm_offsets *o = &w->k->off;
	uint32_t avail, limit;
	uint8_t b[16];

	if (!ac || o->array_cache_avail < 0 || o->array_cache_entry < 0)
		return 0;
	if (mm_read(w->k, ac, MM_KVADDR, b, sizeof(b), NULL))
		return MM_EREAD;
	avail = mm_get32(b, sizeof(b), o->array_cache_avail);
	limit = mm_get32(b, sizeof(b), o->array_cache_limit);
	if (avail > limit || avail > 65536)
		return MM_ECORRUPT;
	if (obj && avail) {
		if (read_array(w, ac + (kva_t)o->array_cache_entry, 4 * (size_t)avail))
			return MM_EREAD;
		for (uint32_t i = 0; i < avail; i++)
			if ((mm_get32(w->idx, 4 * (size_t)avail, 4 * (long)i) & ~1u) == obj)
				*found = 1;
	}
	return avail;
}

static kva_t cpu_array(struct mm_kernel *k, const struct mm_slab_cache *c, int cpu)
{
	return c->cpu_cache ? c->cpu_cache + k->per_cpu_offset[cpu] : c->array[cpu];
}

int mm_slab_slab_walk(struct mm_kernel *k, struct mm_slab_cache *c, unsigned flags, mm_slab_fn fn,
		      void *ctx, struct mm_slab_stats *st, struct mm_err *err)
{
	const struct mm_slab_layout *lay = c->lay;
	struct slab_walk w = { .k = k, .c = c, .flags = flags, .fn = fn, .ctx = ctx, .st = st, .err = err };
	static const enum mm_slab_list lists[] = { MM_SLAB_NODE_FULL, MM_SLAB_NODE_PARTIAL, MM_SLAB_NODE_FREE };
	uint64_t free_objects = 0, cached = 0;
	uint8_t b[NODE_READ];

	if (lay->node_partial < 0 || lay->node_full < 0 || lay->node_free < 0)
		return mm_err_set(err, MM_EABSENT, "kmem_cache_node.slabs_partial/full/free not in this kernel's debug info");
	st->walked = !!(flags & MM_SLAB_WALK);
	for (int n = 0; n < c->nnodes; n++) {
		long offs[] = { lay->node_full, lay->node_partial, lay->node_free };
		if (!c->node[n])
			continue;
		if (mm_read(k, c->node[n], MM_KVADDR, b, sizeof(b), NULL)) {
			list_error(&w, MM_EREAD, "cache %s: node %d lists at %x unreadable", c->name, n, c->node[n]);
			continue;
		}
		free_objects += mm_get32(b, sizeof(b), lay->node_free_objects);
		w.node = n;
		for (int i = 0; i < 3; i++) {
			struct mm_err e = { 0 };
			long r;
			w.list = lists[i];
			r = mm_list_walk(k, c->node[n] + (kva_t)offs[i], lay->d_list, SLAB_MAX_SLABS, visit, &w, &e);
			if (r < 0)
				list_error(&w, (int)r, "cache %s: node %d %s list: %s", c->name, n,
					   mm_slab_list_name(lists[i]), e.msg);
		}
		if (lay->node_shared >= 0) {
			int dummy = 0;
			long a = array_cache(&w, mm_get32(b, sizeof(b), lay->node_shared), 0, &dummy);
			if (a < 0)
				list_error(&w, (int)a, "cache %s: node %d shared array cache unreadable or corrupt", c->name, n);
			else {
				cached += (uint64_t)a;
				st->si_shared_avail += (uint64_t)a;
			}
		}
	}
	for (int cpu = 0; cpu < k->nr_cpus; cpu++) {
		int dummy = 0;
		long a = array_cache(&w, cpu_array(k, c, cpu), 0, &dummy);
		if (a < 0)
			list_error(&w, (int)a, "cache %s: cpu %d array cache unreadable or corrupt", c->name, cpu);
		else
			cached += (uint64_t)a;
	}
	/* Cached objects are allocated as far as their slab knows, free for everyone else. */
	if (cached > st->inuse)
		cached = st->inuse;
	st->inuse -= cached;
	st->free_cpu = cached;
	st->waste_pad -= cached * (c->size - c->object_size);
	st->waste_free += cached * c->size;
	st->si_num_objs = st->objects;
	st->si_active_objs = st->objects - (free_objects < st->objects ? free_objects : st->objects);
	st->si_slabs = st->slabs;
	st->si_active_slabs = st->slabs - st->slabs_free;
	free(w.idx);
	return w.rc;
}

int mm_slab_slab_locate(struct mm_kernel *k, struct mm_slab_cache *c, kva_t desc, kva_t addr,
			struct mm_slab_obj *o, struct mm_err *err)
{
	struct mm_slab_stats st = { 0 };
	struct slab_walk w = { .k = k, .c = c, .flags = MM_SLAB_WALK, .st = &st, .err = err, .node = 0 };
	uint32_t rel;

	w.list = MM_SLAB_NODE_PARTIAL;
	slab_decode(&w, desc, &o->slab); /* s_mem first, without a probe */
	if (o->slab.problem && !o->slab.s_mem) {
		free(w.idx);
		return mm_err_set(err, o->slab.problem, "%s", o->slab.why);
	}
	rel = addr - o->slab.s_mem;
	o->index = rel / c->size;
	o->obj = o->slab.s_mem + o->index * c->size;
	o->offset = addr - o->obj;
	if (addr < o->slab.s_mem || o->index >= c->objects) {
		o->state = MM_OBJ_PADDING;
		o->offset = 0;
		free(w.idx);
		return MM_OK;
	}
	w.probe = o->obj;
	slab_decode(&w, desc, &o->slab);
	o->slab.list = o->slab.inuse == 0 ? MM_SLAB_NODE_FREE
		: o->slab.inuse == o->slab.objects ? MM_SLAB_NODE_FULL : MM_SLAB_NODE_PARTIAL;
	if (!o->slab.walked)
		o->state = MM_OBJ_UNKNOWN;
	else if (w.probe_free)
		o->state = MM_OBJ_FREE;
	else {
		int found = 0;
		o->state = MM_OBJ_ALLOCATED;
		for (int cpu = 0; cpu < k->nr_cpus && !found; cpu++) {
			array_cache(&w, cpu_array(k, c, cpu), o->obj, &found);
			if (found)
				o->cpu = cpu;
		}
		for (int n = 0; n < c->nnodes && !found && c->lay->node_shared >= 0; n++) {
			uint32_t shared;
			if (c->node[n] && !mm_read_u32(k, c->node[n] + (kva_t)c->lay->node_shared, &shared, NULL))
				array_cache(&w, shared, o->obj, &found);
			if (found)
				o->node = n;
		}
		if (found)
			o->state = MM_OBJ_FREE_CACHED;
	}
	free(w.idx);
	return MM_OK;
}
