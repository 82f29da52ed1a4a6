/* SLUB: per-node partial (and SLUB_DEBUG full) lists, per-CPU slabs, freelists and partial
 * lists, and free pointer decoding (plain, or hardened with either formula).
 *
 * Counters word {inuse:16, objects:15, frozen:1}: the debug info gives members but not bit
 * positions through the target, so the kernel's fixed little-endian layout is used. */
#include "slab_int.h"
#include "../page_alloc/pagetype.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t swab32(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

static kva_t decode_ptr(const struct mm_slab_cache *c, enum mm_freeptr mode, uint32_t raw,
			kva_t ptr_addr)
{
	switch (mode) {
	case MM_FREEPTR_XOR: return raw ^ (uint32_t)c->random ^ ptr_addr;
	case MM_FREEPTR_SWAB: return raw ^ (uint32_t)c->random ^ swab32(ptr_addr);
	default: return raw;
	}
}

/* One chain under one formula. Objects already in prior (the other chain of a CPU slab) count
 * as duplicates; new ones go to out. Returns 0, or MM_ECORRUPT with why. */
static int walk_chain(const struct mm_slab_cache *c, const uint8_t *mem, size_t len, kva_t base,
		      uint32_t objects, kva_t head, enum mm_freeptr mode,
		      const struct mm_addrset *prior, struct mm_addrset *out, uint32_t *n, char *why,
		      size_t whylen)
{
	kva_t p = head, from = 0;

	*n = 0;
	while (p) {
		uint64_t rel = (uint64_t)p - base;
		const char *via = from ? "next pointer of" : "freelist head";

		if (p < base || rel >= len) {
			snprintf(why, whylen, "%s %x: %x outside the slab [%x-%llx)", via, from, p, base,
				 (unsigned long long)base + len);
			return MM_ECORRUPT;
		}
		if (rel < c->red_left_pad || (rel - c->red_left_pad) % c->size ||
		    (rel - c->red_left_pad) / c->size >= objects) {
			snprintf(why, whylen, "%s %x: %x not on an object boundary (size %u, %u objects)",
				 via, from, p, c->size, objects);
			return MM_ECORRUPT;
		}
		if (mm_addrset_has(prior, p) || mm_addrset_has(out, p)) {
			snprintf(why, whylen, "%s %x: object %x already on a freelist (cycle)", via, from, p);
			return MM_ECORRUPT;
		}
		if (mm_addrset_add(out, p) < 0) {
			snprintf(why, whylen, "out of memory");
			return MM_ENOMEM;
		}
		(*n)++;
		if (rel + c->offset + 4 > len) {
			snprintf(why, whylen, "free pointer of %x at offset %u beyond the slab", p, c->offset);
			return MM_ECORRUPT;
		}
		from = p;
		p = decode_ptr(c, mode, mm_get32(mem, len, (long)(rel + c->offset)), p + c->offset);
	}
	return MM_OK;
}

/* Tries the formulas in order of likelihood; the cache keeps the first that validates. When
 * none does, the error of the one that went furthest is reported. */
int mm_slub_chain(struct mm_slab_cache *c, const uint8_t *mem, size_t len, kva_t base,
		  uint32_t objects, kva_t head, struct slub_free *f, char *why, size_t whylen)
{
	enum mm_freeptr modes[2];
	int nmodes = 0, rc = MM_OK, best_n = -1;

	if (!head)
		return MM_OK;
	if (c->freeptr == MM_FREEPTR_PLAIN)
		modes[nmodes++] = MM_FREEPTR_PLAIN;
	else {
		modes[nmodes++] = c->freeptr == MM_FREEPTR_XOR ? MM_FREEPTR_XOR : MM_FREEPTR_SWAB;
		modes[nmodes++] = c->freeptr == MM_FREEPTR_XOR ? MM_FREEPTR_SWAB : MM_FREEPTR_XOR;
	}
	for (int i = 0; i < nmodes; i++) {
		struct mm_addrset out = { 0 };
		char w[200];
		uint32_t n;
		int r = walk_chain(c, mem, len, base, objects, head, modes[i], &f->seen, &out, &n, w,
				   sizeof(w));
		if (!r) {
			for (size_t j = 0; j < out.cap; j++)
				if (out.slot[j] != UINT64_MAX)
					mm_addrset_add(&f->seen, out.slot[j]);
			mm_addrset_free(&out);
			f->n += n;
			c->freeptr = modes[i];
			return MM_OK;
		}
		mm_addrset_free(&out);
		if ((int)n > best_n) {
			best_n = (int)n;
			rc = r;
			snprintf(why, whylen, "%s", w);
		}
	}
	return rc;
}

/* ---- the walk ---- */

struct slub_walk {
	struct mm_kernel *k;
	struct mm_slab_cache *c;
	unsigned flags;
	mm_slab_fn fn;
	void *ctx;
	struct mm_slab_stats *st;
	struct mm_err *err;
	int rc;                 /* first list-level error */
	struct slab_mem mem;
	uint8_t desc[256];
	enum mm_slab_list list;
	int node, cpu;
	kva_t cpu_freelist;
	uint64_t si_free;       /* node-partial free by counters, as /proc/slabinfo */
	kva_t probe;            /* lookup: the object asked about, 0 when walking */
	enum mm_obj_state probe_state;
	struct mm_addrset listed; /* MM_SLAB_SCAN: slabs found on lists */
	uint64_t nscanned;
	struct slub_free free;  /* the free objects of the slab being visited */
};

int mm_slab_obj_is_free(const struct mm_slab *sl, kva_t obj)
{
	return sl->free_set && mm_addrset_has(sl->free_set, obj);
}

#define list_error(w, code, ...) mm_slab_list_error(&(w)->rc, (w)->st, (w)->err, code, __VA_ARGS__)

static unsigned slab_order(const struct mm_slab_cache *c, uint32_t objects)
{
	if (objects != c->objects && objects == c->min_objects)
		return c->min_order;
	return c->order;
}

/* Decodes a descriptor (its bytes given by a list walk, or NULL: read here) and, when asked
 * (or for a CPU slab, whose counters say nothing), walks its freelists in the slab memory read
 * at once. */
static void slub_slab(struct slub_walk *w, kva_t desc, const uint8_t *given, struct mm_slab *sl)
{
	struct mm_kernel *k = w->k;
	struct mm_slab_cache *c = w->c;
	const struct mm_slab_layout *lay = c->lay;
	size_t dn = (size_t)lay->desc_size < sizeof(w->desc) ? (size_t)lay->desc_size : sizeof(w->desc);
	struct mm_err e;
	const uint8_t *d;
	uint32_t counters;
	kva_t owner;

	mm_err_clear(&e);
	mm_slab_reset(sl);
	sl->desc = desc;
	sl->list = w->list;
	sl->node = w->node;
	sl->cpu = w->list == MM_SLAB_CPU || w->list == MM_SLAB_CPU_PARTIAL ? w->cpu : -1;
	if (!given && mm_read(k, desc, MM_KVADDR, w->desc, dn, &e)) {
		mm_slab_problem(sl, MM_EREAD, "slab descriptor %x unreadable", desc);
		return;
	}
	d = given ? given : w->desc;
	sl->freelist = mm_get32(d, dn, lay->d_freelist);
	counters = mm_get32(d, dn, lay->d_counters);
	sl->inuse = counters & 0xffff;
	sl->objects = (counters >> 16) & 0x7fff;
	sl->frozen = counters >> 31;
	sl->order = slab_order(c, sl->objects);
	if (w->list == MM_SLAB_NODE_FULL && sl->inuse != sl->objects)
		mm_slab_problem(sl, MM_ECORRUPT, "slab %x (%s) is on no partial list but %u of %u objects are free",
				desc, c->name, sl->objects - sl->inuse, sl->objects);
	owner = mm_get32(d, dn, lay->d_cache);
	if (owner != c->addr)
		mm_slab_problem(sl, MM_ECORRUPT, "slab %x belongs to kmem_cache %x, not %x (%s)", desc,
				owner, c->addr, c->name);
	if (!sl->objects || (uint64_t)sl->objects * c->size > ((uint64_t)k->page_size << sl->order) ||
	    sl->inuse > sl->objects) {
		mm_slab_problem(sl, MM_ECORRUPT, "slab %x: counters say %u of %u objects in use", desc,
				sl->inuse, sl->objects);
		if (sl->inuse > sl->objects || (uint64_t)sl->objects * c->size > ((uint64_t)k->page_size << sl->order))
			sl->objects = sl->inuse = 0;
	}
	if (mm_slab_desc_base(k, desc, &sl->base, &e)) {
		/* Counting needs no base: only a walk suffers from a memory model not handled. */
		if (e.code != MM_EUNSUPPORTED || (w->flags & MM_SLAB_WALK) || w->list == MM_SLAB_CPU)
			mm_slab_problem(sl, e.code, "%s", e.msg);
		return;
	}
	sl->s_mem = sl->base + c->red_left_pad;
	if (!(w->flags & MM_SLAB_WALK) && w->list != MM_SLAB_CPU)
		return;
	if (mm_slab_mem_read(k, &w->mem, sl->base, sl->order, &e)) {
		mm_slab_problem(sl, MM_EREAD, "slab memory at %x (order %u) unreadable", sl->base,
				sl->order);
		return;
	}
	{
		struct slub_free *f = &w->free;
		char why[200];
		int rc = MM_OK;

		mm_addrset_free(&f->seen);
		f->n = 0;
		if (w->list == MM_SLAB_CPU) {
			rc = mm_slub_chain(c, w->mem.buf, w->mem.len, sl->base, sl->objects, w->cpu_freelist,
					   f, why, sizeof(why));
			sl->nfree_cpu = f->n;
			if (!rc && w->probe && mm_addrset_has(&f->seen, w->probe))
				w->probe_state = MM_OBJ_FREE_CPU;
			if (rc)
				mm_slab_problem(sl, rc, "corrupt cpu %d freelist of slab %x (%s): %s", w->cpu,
						desc, c->name, why);
		}
		if (!rc) {
			uint32_t before = f->n;
			rc = mm_slub_chain(c, w->mem.buf, w->mem.len, sl->base, sl->objects, sl->freelist,
					   f, why, sizeof(why));
			sl->nfree = f->n - before;
			if (!rc && w->probe && w->probe_state == MM_OBJ_ALLOCATED &&
			    mm_addrset_has(&f->seen, w->probe))
				w->probe_state = MM_OBJ_FREE;
			if (rc)
				mm_slab_problem(sl, rc, "corrupt freelist of slab %x (%s): %s", desc, c->name, why);
		}
		if (!rc) {
			sl->walked = 1;
			sl->mem = w->mem.buf;
			sl->mem_len = w->mem.len;
			sl->free_set = &f->seen;
			if (w->list != MM_SLAB_CPU && sl->nfree != sl->objects - sl->inuse)
				mm_slab_problem(sl, MM_ECORRUPT,
						"slab %x (%s): freelist holds %u free objects, counters say %u of %u in use",
						desc, c->name, sl->nfree, sl->inuse, sl->objects);
		}
	}
}

static int visit(struct slub_walk *w, kva_t desc, const uint8_t *bytes)
{
	struct mm_slab sl;
	uint32_t inuse;

	slub_slab(w, desc, bytes, &sl);
	if ((w->flags & MM_SLAB_SCAN) && mm_addrset_add(&w->listed, desc) < 0)
		return MM_ENOMEM;
	/* A CPU slab is frozen with inuse == objects: only its freelists tell what is free. */
	inuse = sl.list == MM_SLAB_CPU && sl.walked ? sl.objects - sl.nfree - sl.nfree_cpu : sl.inuse;
	mm_slab_account(w->c, &sl, inuse, w->st, w->k->page_size);
	if (sl.list == MM_SLAB_NODE_PARTIAL)
		w->si_free += sl.objects - sl.inuse;
	if (w->fn)
		return w->fn(w->k, w->c, &sl, w->ctx);
	return 0;
}

static int visit_list(struct mm_kernel *k, kva_t entry, void *ctx)
{
	return visit(ctx, entry, NULL);
}

/* node lists: each descriptor read once, by the walk */
static int visit_listed(struct mm_kernel *k, kva_t entry, const uint8_t *b, void *ctx)
{
	return visit(ctx, entry, b);
}

static void walk_cpus(struct slub_walk *w)
{
	struct mm_kernel *k = w->k;
	struct mm_slab_cache *c = w->c;
	const struct mm_offsets *o = &k->off;
	long n = o->kmem_cache_cpu_size > 0 ? o->kmem_cache_cpu_size : 16;
	uint8_t b[64];

	if (n > (long)sizeof(b))
		n = sizeof(b);
	if (!c->cpu_slab) /* SLUB_TINY: no per-CPU slabs */
		return;
	for (int cpu = 0; cpu < k->nr_cpus; cpu++) {
		kva_t kcc = c->cpu_slab + k->per_cpu_offset[cpu], slab, partial;
		struct mm_err e = { 0 };
		long r;

		if (mm_read(k, kcc, MM_KVADDR, b, (size_t)n, &e)) {
			list_error(w, e.code, "cache %s: kmem_cache_cpu of cpu %d at %x unreadable", c->name,
				   cpu, kcc);
			continue;
		}
		w->cpu = cpu;
		w->cpu_freelist = mm_get32(b, (size_t)n, o->kmem_cache_cpu_freelist);
		slab = mm_get32(b, (size_t)n, c->lay->cpu_slab);
		partial = mm_get32(b, (size_t)n, o->kmem_cache_cpu_partial);
		if (slab) {
			w->list = MM_SLAB_CPU;
			if (visit(w, slab, NULL) < 0)
				return;
		} else if (w->cpu_freelist)
			list_error(w, MM_ECORRUPT, "cache %s: cpu %d has freelist %x but no slab", c->name,
				   cpu, w->cpu_freelist);
		if (!partial || o->kmem_cache_cpu_partial < 0)
			continue;
		w->list = MM_SLAB_CPU_PARTIAL;
		r = mm_slist_walk(k, partial, c->lay->d_next, SLAB_MAX_SLABS, visit_list, w, &e);
		if (r < 0)
			list_error(w, (int)r, "cache %s: cpu %d partial list: %s", c->name, cpu, e.msg);
	}
}

/* Slabs of this cache on no list: every head page in lowmem's mem_map with PG_slab naming the
 * cache, read a chunk of struct pages at a time. They are full slabs (or leaked ones). */
static void scan_unlisted(struct slub_walk *w)
{
	struct mm_kernel *k = w->k;
	const struct mm_slab_layout *lay = w->c->lay;
	uint64_t first = k->pfn_offset, end = k->max_low_pfn ? k->max_low_pfn : k->max_pfn;
	size_t psz = (size_t)k->page_struct_size, chunk = 512;
	long ch = k->off.page_compound_head;
	struct mm_pgtype_test slab;
	struct mm_err e = { 0 };
	uint8_t *buf;

	if (k->mem_model != MM_FLATMEM) {
		list_error(w, MM_EUNSUPPORTED, "cache %s: scanning mem_map needs FLATMEM", w->c->name);
		return;
	}
	if (mm_slab_page_test(k, &slab, &e) || !psz || (size_t)slab.off + 4 > psz) {
		list_error(w, MM_EABSENT, "cache %s: cannot scan mem_map: %s", w->c->name,
			   e.msg[0] ? e.msg : "struct page size unknown");
		return;
	}
	buf = malloc(chunk * psz);
	if (!buf) {
		list_error(w, MM_ENOMEM, "out of memory");
		return;
	}
	for (uint64_t pfn = first; pfn < end; pfn += chunk) {
		size_t n = end - pfn < chunk ? (size_t)(end - pfn) : chunk;
		kva_t at = k->mem_map + (kva_t)((pfn - first) * psz);

		if (mm_read(k, at, MM_KVADDR, buf, n * psz, NULL)) {
			list_error(w, MM_EREAD, "cache %s: mem_map at %x unreadable (pfn %llx..)", w->c->name,
				   at, (unsigned long long)pfn);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			const uint8_t *p = buf + i * psz;
			kva_t desc = at + (kva_t)(i * psz);
			if ((mm_get32(p, psz, slab.off) & slab.mask) != slab.value ||
			    (ch >= 0 && (mm_get32(p, psz, ch) & 1)) ||
			    mm_get32(p, psz, lay->d_cache) != w->c->addr || mm_addrset_has(&w->listed, desc))
				continue;
			w->list = MM_SLAB_NODE_FULL;
			w->cpu = -1;
			w->nscanned++;
			if (visit(w, desc, NULL) < 0)
				goto out;
		}
	}
out:
	free(buf);
}

/* Full slabs sit on no list without SLUB_DEBUG's full list: the node counters (nr_slabs,
 * total_objects) less what the lists showed give them, split between the preferred and the
 * fallback order so that both counts come out exact. */
static void derive_full(struct slub_walk *w, uint64_t nr_slabs, uint64_t total_objects)
{
	struct mm_slab_cache *c = w->c;
	struct mm_slab_stats *st = w->st;
	uint64_t slabs, objs, nmin = 0, nmax;
	uint32_t page = w->k->page_size;

	if (nr_slabs < st->slabs || total_objects < st->objects) {
		list_error(w, MM_ECORRUPT,
			   "cache %s: node counters (%llu slabs, %llu objects) below what the lists hold (%llu, %llu)",
			   c->name, (unsigned long long)nr_slabs, (unsigned long long)total_objects,
			   (unsigned long long)st->slabs, (unsigned long long)st->objects);
		return;
	}
	slabs = nr_slabs - st->slabs;
	objs = total_objects - st->objects;
	if (!slabs)
		return;
	if (c->min_objects && c->min_objects < c->objects && objs < slabs * c->objects)
		nmin = (slabs * c->objects - objs) / (c->objects - c->min_objects);
	if (nmin > slabs)
		nmin = slabs;
	nmax = slabs - nmin;
	st->full_counted = 1;
	st->slabs += slabs;
	st->slabs_full += slabs;
	st->objects += objs;
	st->inuse += objs;
	st->bytes += nmax * ((uint64_t)page << c->order) + nmin * ((uint64_t)page << c->min_order);
	st->waste_tail += nmax * (((uint64_t)page << c->order) - (uint64_t)c->objects * c->size);
	if (nmin)
		st->waste_tail += nmin * (((uint64_t)page << c->min_order) - (uint64_t)c->min_objects * c->size);
	st->waste_pad += objs * (c->size - c->object_size);
}

int mm_slub_walk(struct mm_kernel *k, struct mm_slab_cache *c, unsigned flags, mm_slab_fn fn,
		 void *ctx, struct mm_slab_stats *st, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	struct slub_walk w = { .k = k, .c = c, .flags = flags, .fn = fn, .ctx = ctx, .st = st, .err = err };
	long nsize = o->kmem_cache_node_size > 0 ? o->kmem_cache_node_size : 32;
	uint64_t nr_slabs = 0, total_objects = 0;
	int counted = o->kmem_cache_node_nr_slabs >= 0 && o->kmem_cache_node_total_objects >= 0;
	uint8_t b[128];
	/* descriptors as slub_slab decodes them, read by the list walk (0: links alone) */
	size_t desc_len = (size_t)c->lay->desc_size < sizeof(w.desc) ? (size_t)c->lay->desc_size : sizeof(w.desc);

	if (c->lay->desc_size <= 0 || c->lay->d_list < 0 || (size_t)c->lay->d_list + MM_LIST_LINK > desc_len)
		desc_len = 0;
	if (nsize > (long)sizeof(b))
		nsize = sizeof(b);
	if (o->kmem_cache_node_partial < 0)
		return mm_err_set(err, MM_EABSENT, "kmem_cache_node.partial not in this kernel's debug info");
	st->walked = !!(flags & MM_SLAB_WALK);
	for (int n = 0; n < c->nnodes; n++) {
		struct mm_err e = { 0 };
		uint32_t nr_partial;
		long r;

		if (!c->node[n])
			continue;
		if (mm_read(k, c->node[n], MM_KVADDR, b, (size_t)nsize, &e)) {
			list_error(&w, e.code, "cache %s: kmem_cache_node %d at %x unreadable", c->name, n,
				   c->node[n]);
			continue;
		}
		nr_partial = mm_get32(b, (size_t)nsize, o->kmem_cache_node_nr_partial);
		nr_slabs += mm_get32(b, (size_t)nsize, o->kmem_cache_node_nr_slabs);
		total_objects += mm_get32(b, (size_t)nsize, o->kmem_cache_node_total_objects);
		w.node = n;
		w.cpu = -1;
		w.list = MM_SLAB_NODE_PARTIAL;
		r = mm_list_walk_bytes(k, c->node[n] + (kva_t)o->kmem_cache_node_partial, c->lay->d_list,
				       desc_len, SLAB_MAX_SLABS, visit_listed, &w, &e);
		if (r < 0)
			list_error(&w, (int)r, "cache %s: node %d partial list: %s", c->name, n, e.msg);
		else if (o->kmem_cache_node_nr_partial >= 0 && (uint32_t)r != nr_partial)
			list_error(&w, MM_ECORRUPT, "cache %s: node %d partial list holds %ld slabs, nr_partial says %u",
				   c->name, n, r, nr_partial);
		if (o->kmem_cache_node_full >= 0) {
			w.list = MM_SLAB_NODE_FULL;
			r = mm_list_walk_bytes(k, c->node[n] + (kva_t)o->kmem_cache_node_full, c->lay->d_list,
					       desc_len, SLAB_MAX_SLABS, visit_listed, &w, &e);
			if (r < 0)
				list_error(&w, (int)r, "cache %s: node %d full list: %s", c->name, n, e.msg);
		}
	}
	walk_cpus(&w);
	if (flags & MM_SLAB_SCAN) {
		uint64_t listed = st->slabs;
		scan_unlisted(&w);
		if (counted && nr_slabs != listed + w.nscanned)
			list_error(&w, MM_ECORRUPT,
				   "cache %s: %llu slabs on lists and %llu found in mem_map, node counters say %llu",
				   c->name, (unsigned long long)listed, (unsigned long long)w.nscanned,
				   (unsigned long long)nr_slabs);
	} else if (counted)
		derive_full(&w, nr_slabs, total_objects);
	else
		st->full_unknown = 1;
	mm_addrset_free(&w.listed);
	mm_addrset_free(&w.free.seen);
	st->si_num_objs = counted ? total_objects : st->objects;
	st->si_slabs = counted ? nr_slabs : st->slabs;
	st->si_active_slabs = st->si_slabs;
	st->si_active_objs = st->si_num_objs - (w.si_free < st->si_num_objs ? w.si_free : st->si_num_objs);
	mm_slab_mem_free(&w.mem);
	return w.rc;
}

/* ---- lookup: which list a slab is on, and whether one of its objects is free ---- */

struct on_list {
	kva_t desc;
	int found;
};

static int match_desc(struct mm_kernel *k, kva_t entry, void *ctx)
{
	struct on_list *l = ctx;
	if (entry != l->desc)
		return 0;
	l->found = 1;
	return 1;
}

/* A CPU slab, or on some CPU's partial list: which CPU (w->list, w->cpu, w->cpu_freelist). */
static void find_cpu(struct slub_walk *w, kva_t desc)
{
	struct mm_kernel *k = w->k;
	const struct mm_offsets *o = &k->off;
	long n = o->kmem_cache_cpu_size > 0 && o->kmem_cache_cpu_size <= 64 ? o->kmem_cache_cpu_size : 16;
	uint8_t b[64];

	for (int cpu = 0; w->c->cpu_slab && cpu < k->nr_cpus; cpu++) {
		kva_t kcc = w->c->cpu_slab + k->per_cpu_offset[cpu], partial;
		struct on_list l = { desc, 0 };

		if (mm_read(k, kcc, MM_KVADDR, b, (size_t)n, NULL))
			continue;
		if (mm_get32(b, (size_t)n, w->c->lay->cpu_slab) == desc) {
			w->list = MM_SLAB_CPU;
			w->cpu = cpu;
			w->cpu_freelist = mm_get32(b, (size_t)n, o->kmem_cache_cpu_freelist);
			return;
		}
		partial = mm_get32(b, (size_t)n, o->kmem_cache_cpu_partial);
		if (partial && o->kmem_cache_cpu_partial >= 0 &&
		    mm_slist_walk(k, partial, w->c->lay->d_next, SLAB_MAX_SLABS, match_desc, &l, NULL) >= 0 &&
		    l.found) {
			w->list = MM_SLAB_CPU_PARTIAL;
			w->cpu = cpu;
			return;
		}
	}
}

int mm_slub_locate(struct mm_kernel *k, struct mm_slab_cache *c, kva_t desc, kva_t obj,
		   struct mm_slab *sl, enum mm_obj_state *state, struct mm_err *err)
{
	struct slub_walk w = { .k = k, .c = c, .flags = MM_SLAB_WALK, .err = err, .cpu = -1 };

	w.list = MM_SLAB_NODE_PARTIAL;
	find_cpu(&w, desc);
	w.probe = obj;
	w.probe_state = MM_OBJ_ALLOCATED;
	slub_slab(&w, desc, NULL, sl);
	mm_slab_mem_free(&w.mem);
	mm_addrset_free(&w.free.seen);
	sl->mem = NULL;
	sl->free_set = NULL;
	if (w.list == MM_SLAB_NODE_PARTIAL && sl->inuse == sl->objects && !sl->problem)
		sl->list = MM_SLAB_NODE_FULL;
	*state = sl->walked ? w.probe_state : MM_OBJ_UNKNOWN;
	return MM_OK;
}
