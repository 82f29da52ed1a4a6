/* Slab caches: the layout probe, kmem_cache decoding, the cache list, and what both allocators'
 * walkers share (slab memory in bulk, accounting, pfn <-> struct page). */
#include "slab_int.h"
#include "../page_alloc/memmap.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mm_freeptr_name(enum mm_freeptr f)
{
	static const char *const n[] = { "hardened (formula not yet seen)", "plain",
					 "hardened: ptr ^ random ^ addr",
					 "hardened: ptr ^ random ^ swab(addr)" };
	return n[f];
}

const char *mm_slab_list_name(enum mm_slab_list l)
{
	static const char *const n[] = { "partial", "full", "free", "cpu", "cpu-partial" };
	return n[l];
}

const char *mm_obj_state_name(enum mm_obj_state s)
{
	static const char *const n[] = { "allocated", "free", "free (cpu freelist)",
					 "free (cached in array cache)", "padding", "unknown" };
	return n[s];
}

double mm_slab_frag_pct(const struct mm_slab_stats *st)
{
	return st->partial_objects ? 100.0 * (double)st->partial_free / (double)st->partial_objects : 0;
}

/* ---- pfn <-> struct page, through the model's memory map (FLATMEM or SPARSEMEM) ---- */

static const struct mm_memmap *memmap_or_err(struct mm_kernel *k, struct mm_err *err)
{
	const struct mm_memmap *m = mm_memmap(k);
	if (!m)
		mm_err_set(err, MM_EUNSUPPORTED, "the memory map could not be resolved");
	return m;
}

int mm_slab_pfn_to_page(struct mm_kernel *k, uint64_t pfn, kva_t *page, struct mm_err *err)
{
	const struct mm_memmap *m = memmap_or_err(k, err);
	return m ? mm_pfn_to_page(k, m, pfn, page, err) : MM_EUNSUPPORTED;
}

int mm_slab_page_to_pfn(struct mm_kernel *k, kva_t page, uint64_t *pfn, struct mm_err *err)
{
	const struct mm_memmap *m = memmap_or_err(k, err);
	return m ? mm_page_to_pfn(k, m, page, pfn, err) : MM_EUNSUPPORTED;
}

/* Slabs are always lowmem: the descriptor's pfn maps linearly. */
int mm_slab_desc_base(struct mm_kernel *k, kva_t desc, kva_t *base, struct mm_err *err)
{
	uint64_t pfn;
	phys_t pa;
	int rc = mm_slab_page_to_pfn(k, desc, &pfn, err);

	if (rc)
		return rc;
	pa = (phys_t)pfn << k->page_shift;
	if (!mm_pa_in_lowmem(k, pa))
		return mm_err_set(err, MM_ECORRUPT, "slab descriptor %x: pfn %llx is not lowmem", desc,
				  (unsigned long long)pfn);
	*base = mm_pa_to_lowmem(k, pa);
	return MM_OK;
}

/* ---- layout ---- */

/* A page flag's bit number (enum pageflags), -1 if absent. Each probe is a debug-info query
 * (slow under crash), so only the code that tests page flags asks, once per command. */
long mm_slab_pgbit(struct mm_kernel *k, const char *name)
{
	long v;
	return mm_enum_of(k, "pageflags", name, &v) ? -1 : v;
}

static long first(long a, long b)
{
	return a >= 0 ? a : b;
}

int mm_slab_layout(struct mm_kernel *k, struct mm_slab_layout *lay, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;

	memset(lay, 0, sizeof(*lay));
	lay->gen = k->slab_gen;
	if (lay->gen == MM_SLAB_SLOB)
		return mm_err_set(err, MM_EUNSUPPORTED, "SLOB keeps no per-cache slabs to walk");
	if (lay->gen == MM_SLAB_UNKNOWN)
		return mm_err_set(err, MM_EABSENT,
				  "slab allocator unknown: kmem_cache has neither cpu_slab (SLUB) nor node lists (SLAB)");
	/* SLUB_TINY (6.2+) has no cpu_slab, so the model may have taken it for SLAB: its node
	 * has SLUB's partial list and none of SLAB's three. */
	if (lay->gen == MM_SLAB_SLAB && o->kmem_cache_node_partial >= 0 &&
	    o->kmem_cache_node_slabs_partial < 0 && o->kmem_list3_slabs_partial < 0)
		lay->gen = MM_SLAB_SLUB;
	lay->cache_size = o->kmem_cache_sizeof;
	if (lay->cache_size <= 0)
		return mm_err_set(err, MM_EABSENT, "sizeof(kmem_cache) not in this kernel's debug info");
	lay->cpu_slab = first(o->kmem_cache_cpu_slab_off, o->kmem_cache_cpu_page);
	lay->pg_flags = o->page_flags;
	lay->bufctl = lay->gen == MM_SLAB_SLAB && o->slab_free >= 0 && o->slab_list >= 0;

	if (lay->bufctl) { /* SLAB <= 3.12: struct slab of its own */
		lay->desc_size = o->slab_size;
		lay->d_list = o->slab_list;
		lay->d_s_mem = o->slab_s_mem;
		lay->d_active = o->slab_inuse;
		lay->d_freelist = o->slab_free;
		lay->d_cache = lay->d_counters = lay->d_next = -1;
		lay->bufctl_size = o->kmem_bufctl_t_size;
		if (lay->bufctl_size <= 0)
			lay->bufctl_size = 4;
	} else if (k->slab_struct) { /* 5.17+: struct slab overlays struct page */
		lay->desc_size = o->slab_size;
		lay->d_cache = o->slab_slab_cache;
		lay->d_list = o->slab_slab_list;
		lay->d_freelist = o->slab_freelist;
		lay->d_counters = o->slab_counters;
		lay->d_next = o->slab_next;
		lay->d_s_mem = o->slab_s_mem;
		lay->d_active = o->slab_active;
	} else {
		lay->desc_size = o->page_size;
		lay->d_cache = first(o->page_slab_cache, o->page_slab);
		lay->d_list = first(o->page_slab_list, o->page_lru);
		lay->d_freelist = o->page_freelist;
		lay->d_counters = o->page_counters;
		lay->d_next = o->page_next;
		lay->d_s_mem = o->page_s_mem;
		lay->d_active = o->page_active;
	}
	if (lay->gen == MM_SLAB_SLAB && !lay->bufctl) {
		lay->idx_size = o->freelist_idx_t_size;
		if (lay->idx_size <= 0)
			lay->idx_size = 4; /* 3.13-3.14: unsigned int indexes */
	}
	/* SLAB per-node lists: kmem_list3 up to 3.8, kmem_cache_node after. */
	if (o->kmem_cache_node_slabs_partial >= 0) {
		lay->node_partial = o->kmem_cache_node_slabs_partial;
		lay->node_full = o->kmem_cache_node_slabs_full;
		lay->node_free = o->kmem_cache_node_slabs_free;
		lay->node_free_objects = o->kmem_cache_node_free_objects;
		lay->node_shared = o->kmem_cache_node_shared;
	} else {
		lay->node_partial = o->kmem_list3_slabs_partial;
		lay->node_full = o->kmem_list3_slabs_full;
		lay->node_free = o->kmem_list3_slabs_free;
		lay->node_free_objects = o->kmem_list3_free_objects;
		lay->node_shared = o->kmem_list3_shared;
	}
	if (lay->desc_size <= 0)
		return mm_err_set(err, MM_EABSENT, "sizeof(%s) not in this kernel's debug info",
				  k->slab_struct || lay->bufctl ? "slab" : "page");
	if (lay->d_list < 0 || lay->d_freelist < 0)
		return mm_err_set(err, MM_EABSENT, "slab descriptor list/freelist members not in this kernel's debug info");
	if (lay->gen == MM_SLAB_SLUB && (lay->d_counters < 0 || lay->d_cache < 0))
		return mm_err_set(err, MM_EABSENT,
				  "SLUB slab counters or slab_cache not in this kernel's debug info");
	if (lay->gen == MM_SLAB_SLUB && o->kmem_cache_cpu_slab >= 0 && lay->cpu_slab < 0)
		return mm_err_set(err, MM_EABSENT, "kmem_cache_cpu.slab (or .page) not in this kernel's debug info");
	return MM_OK;
}

/* ---- kmem_cache ---- */

/* A C string of at most len-1 bytes, page by page so that a name near the end of a mapped
 * page is read whole when the next page is mapped, and up to the page end when it is not. */
static void read_name(struct mm_kernel *k, kva_t p, char *name, size_t len)
{
	size_t got = 0;

	memset(name, 0, len);
	while (p && got < len - 1 && !memchr(name, 0, got)) {
		size_t n = len - 1 - got, to_page = k->page_size - ((p + got) & (k->page_size - 1));
		if (n > to_page)
			n = to_page;
		if (mm_read(k, p + (kva_t)got, MM_KVADDR, name + got, n, NULL))
			break;
		got += n;
	}
	if (!got)
		snprintf(name, len, "(name at %x unreadable)", p);
	for (size_t i = 0; name[i]; i++)
		if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7e)
			name[i] = '?';
}

static uint32_t get_u32(const uint8_t *b, size_t len, long off)
{
	return mm_get32(b, len, off);
}

static void decode_slub(struct mm_kernel *k, const uint8_t *b, size_t n, struct mm_slab_cache *c)
{
	const struct mm_offsets *o = &k->off;
	uint32_t oo = get_u32(b, n, o->kmem_cache_oo), min = get_u32(b, n, o->kmem_cache_min);

	c->objects = oo & 0xffff; /* OO_SHIFT 16 since 2.6.26 */
	c->order = oo >> 16;
	c->min_objects = min & 0xffff;
	c->min_order = min >> 16;
	c->offset = get_u32(b, n, o->kmem_cache_offset);
	c->red_left_pad = get_u32(b, n, o->kmem_cache_red_left_pad);
	c->inuse = get_u32(b, n, o->kmem_cache_inuse);
	c->cpu_slab = get_u32(b, n, o->kmem_cache_cpu_slab);
	if (k->freeptr_hardened) {
		c->random = mm_get(b, n, o->kmem_cache_random, o->kmem_cache_random_msize);
		c->freeptr = MM_FREEPTR_UNKNOWN;
	} else
		c->freeptr = MM_FREEPTR_PLAIN;
}

static void decode_slab(struct mm_kernel *k, const uint8_t *b, size_t n, struct mm_slab_cache *c)
{
	const struct mm_offsets *o = &k->off;

	c->objects = get_u32(b, n, o->kmem_cache_num);
	c->order = get_u32(b, n, o->kmem_cache_gfporder);
	c->min_objects = c->objects;
	c->min_order = c->order;
	c->limit = get_u32(b, n, o->kmem_cache_limit);
	c->batchcount = get_u32(b, n, o->kmem_cache_batchcount);
	c->shared = get_u32(b, n, o->kmem_cache_shared);
	c->freeptr = MM_FREEPTR_PLAIN;
	if (o->kmem_cache_cpu_cache >= 0)
		c->cpu_cache = get_u32(b, n, o->kmem_cache_cpu_cache);
	else if (o->kmem_cache_array >= 0)
		for (int cpu = 0; cpu < k->nr_cpus; cpu++)
			c->array[cpu] = get_u32(b, n, o->kmem_cache_array + 4 * cpu);
}

/* The per-node pointers: an embedded array (SLUB; SLAB 3.19+) or a pointer to one (SLAB
 * <= 3.18, nodelists then node). */
static int read_nodes(struct mm_kernel *k, const uint8_t *b, size_t n, struct mm_slab_cache *c,
		      struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	long off = first(o->kmem_cache_node, o->kmem_cache_nodelists);
	long msize = o->kmem_cache_node >= 0 ? o->kmem_cache_node_msize : 4;
	int embedded = c->lay->gen == MM_SLAB_SLUB || o->kmem_cache_cpu_cache >= 0;
	uint32_t nr_node_ids = 1;
	int nn = msize > 0 ? (int)(msize / 4) : 1;

	if (off < 0)
		return mm_err_set(err, MM_EABSENT, "kmem_cache.node not in this kernel's debug info");
	if (!embedded)
		nn = MM_SLAB_MAX_NODES;
	/* ARM has no NUMA: a count past the array is corruption, and node 0 is what exists. */
	if (mm_read_sym_u32(k, "nr_node_ids", &nr_node_ids, NULL) == 0) {
		if (nr_node_ids == 0 || nr_node_ids > MM_SLAB_MAX_NODES) {
			mm_note(k, "nr_node_ids %u implausible (1..%d): node 0 only", nr_node_ids,
				MM_SLAB_MAX_NODES);
			nr_node_ids = 1;
		}
		if (nr_node_ids < (uint32_t)nn)
			nn = (int)nr_node_ids;
	}
	if (nn > MM_SLAB_MAX_NODES)
		nn = MM_SLAB_MAX_NODES;
	c->nnodes = nn;
	if (embedded) {
		for (int i = 0; i < nn; i++)
			c->node[i] = get_u32(b, n, off + 4 * i);
		return MM_OK;
	}
	{
		kva_t arr = get_u32(b, n, off);
		if (!arr || mm_read(k, arr, MM_KVADDR, c->node, 4 * (size_t)nn, err))
			return mm_err_wrap(err, "cache %s: node list array %x", c->name, arr);
	}
	return MM_OK;
}

int mm_slab_cache_read(struct mm_kernel *k, const struct mm_slab_layout *lay, kva_t addr,
		       struct mm_slab_cache *c, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	size_t n = (size_t)lay->cache_size;
	uint8_t *b;
	int rc;

	memset(c, 0, sizeof(*c));
	c->addr = addr;
	c->lay = lay;
	if (n > 65536)
		return mm_err_set(err, MM_ECORRUPT, "sizeof(kmem_cache) %zu is absurd", n);
	b = malloc(n);
	if (!b)
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	rc = mm_read(k, addr, MM_KVADDR, b, n, err);
	if (rc) {
		free(b);
		return mm_err_wrap(err, "kmem_cache at %x", addr);
	}
	read_name(k, get_u32(b, n, o->kmem_cache_name), c->name, sizeof(c->name));
	c->size = get_u32(b, n, first(o->kmem_cache_size, o->kmem_cache_buffer_size));
	c->object_size = get_u32(b, n, first(o->kmem_cache_object_size,
					   first(o->kmem_cache_objsize, o->kmem_cache_obj_size)));
	if (!c->object_size)
		c->object_size = c->size;
	c->flags = get_u32(b, n, o->kmem_cache_flags);
	c->align = get_u32(b, n, o->kmem_cache_align);
	if (lay->gen == MM_SLAB_SLUB)
		decode_slub(k, b, n, c);
	else
		decode_slab(k, b, n, c);
	rc = read_nodes(k, b, n, c, err);
	free(b);
	if (rc)
		return rc;
	if (!c->size || c->size > (1u << 24) || c->order > slab_max_order(k) || !c->objects ||
	    (uint64_t)c->objects * c->size > ((uint64_t)k->page_size << c->order))
		return mm_err_set(err, MM_ECORRUPT,
				  "corrupt kmem_cache at %x (%s): size %u, %u objects of order %u", addr,
				  c->name, c->size, c->objects, c->order);
	return MM_OK;
}

struct each_cache {
	const struct mm_slab_layout *lay;
	mm_slab_cache_fn fn;
	void *ctx;
	struct mm_err *err;
	int bad;                /* first undecodable cache's error, the walk goes on */
};

static int each_cache(struct mm_kernel *k, kva_t entry, void *ctx)
{
	struct each_cache *e = ctx;
	struct mm_slab_cache c;
	struct mm_err err = { 0 };
	int rc = mm_slab_cache_read(k, e->lay, entry, &c, &err);

	if (rc == MM_ENOMEM)
		return mm_err_set(e->err, rc, "%s", err.msg);
	if (rc) {
		if (!e->bad)
			e->bad = mm_err_set(e->err, rc, "%s", err.msg);
		return 0;
	}
	return e->fn(k, &c, e->ctx);
}

long mm_slab_for_each_cache(struct mm_kernel *k, const struct mm_slab_layout *lay,
			    mm_slab_cache_fn fn, void *ctx, struct mm_err *err)
{
	struct each_cache e = { lay, fn, ctx, err, 0 };
	uint64_t head;
	long link = first(k->off.kmem_cache_list, k->off.kmem_cache_next), n;

	if (mm_symbol(k, "slab_caches", &head, NULL) && mm_symbol(k, "cache_chain", &head, NULL))
		return mm_err_set(err, MM_EABSENT, "symbol slab_caches (or cache_chain) not found");
	if (link < 0)
		return mm_err_set(err, MM_EABSENT, "kmem_cache.list not in this kernel's debug info");
	n = mm_list_walk(k, (kva_t)head, link, SLAB_MAX_CACHES, each_cache, &e, err);
	return n < 0 ? n : e.bad ? e.bad : n;
}

struct find_cache {
	const char *name;
	struct mm_slab_cache *out;
};

static int find_cache(struct mm_kernel *k, struct mm_slab_cache *c, void *ctx)
{
	struct find_cache *f = ctx;
	if (strcmp(c->name, f->name))
		return 0;
	*f->out = *c;
	return 1;
}

int mm_slab_find_cache(struct mm_kernel *k, const struct mm_slab_layout *lay, const char *name,
		       struct mm_slab_cache *c, struct mm_err *err)
{
	struct find_cache f = { name, c };
	long rc;

	c->addr = 0;
	rc = mm_slab_for_each_cache(k, lay, find_cache, &f, err);
	if (c->addr)
		return MM_OK;
	if (rc < 0)
		return (int)rc;
	if (!c->addr)
		return mm_err_set(err, MM_EINVAL, "no slab cache named \"%s\"", name);
	return MM_OK;
}

/* ---- shared by the walkers ---- */

int mm_slab_mem_read(struct mm_kernel *k, struct slab_mem *m, kva_t base, unsigned order,
		     struct mm_err *err)
{
	size_t len = (size_t)k->page_size << order;

	if (order > slab_max_order(k))
		return mm_err_set(err, MM_ECORRUPT, "slab at %x: order %u", base, order);
	if (len > m->cap) {
		uint8_t *nb = realloc(m->buf, len);
		if (!nb)
			return mm_err_set(err, MM_ENOMEM, "out of memory");
		m->buf = nb;
		m->cap = len;
	}
	m->len = len;
	return mm_read(k, base, MM_KVADDR, m->buf, len, err);
}

void mm_slab_mem_free(struct slab_mem *m)
{
	free(m->buf);
	m->buf = NULL;
	m->cap = m->len = 0;
}

void mm_slab_problem(struct mm_slab *sl, int code, const char *fmt, ...)
{
	va_list ap;

	if (sl->problem)
		return;
	sl->problem = code;
	va_start(ap, fmt);
	vsnprintf(sl->why, sizeof(sl->why), fmt, ap);
	va_end(ap);
}

void mm_slab_list_error(int *rc, struct mm_slab_stats *st, struct mm_err *err, int code,
			const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	st->nproblems++;
	if (*rc)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	*rc = mm_err_set(err, code, "%s", msg);
}

void mm_slab_account(const struct mm_slab_cache *c, const struct mm_slab *sl, uint32_t inuse,
		     struct mm_slab_stats *st, uint32_t page_size)
{
	uint64_t bytes = (uint64_t)page_size << sl->order, slots = (uint64_t)sl->objects * c->size;
	uint32_t nfree = sl->objects - inuse;

	st->slabs++;
	st->objects += sl->objects;
	st->inuse += inuse;
	st->bytes += bytes;
	st->waste_tail += bytes > slots ? bytes - slots : 0;
	st->waste_pad += (uint64_t)(c->size - c->object_size) * inuse;
	st->waste_free += (uint64_t)c->size * nfree;
	switch (sl->list) {
	case MM_SLAB_NODE_PARTIAL:
		st->slabs_partial++;
		st->free_node += nfree;
		st->partial_objects += sl->objects;
		st->partial_free += nfree;
		break;
	case MM_SLAB_NODE_FULL: st->slabs_full++; break;
	case MM_SLAB_NODE_FREE: st->slabs_free++; st->free_node += nfree; break;
	case MM_SLAB_CPU: st->slabs_cpu++; st->free_cpu += nfree; break;
	case MM_SLAB_CPU_PARTIAL:
		st->slabs_cpu_partial++;
		st->free_cpu_partial += nfree;
		st->partial_objects += sl->objects;
		st->partial_free += nfree;
		break;
	}
	if (sl->problem)
		st->nproblems++;
}

int mm_slab_walk(struct mm_kernel *k, struct mm_slab_cache *c, unsigned flags, mm_slab_fn fn,
		 void *ctx, struct mm_slab_stats *st, struct mm_err *err)
{
	int rc;

	memset(st, 0, sizeof(*st));
	if (c->lay->gen == MM_SLAB_SLUB)
		rc = mm_slub_walk(k, c, flags, fn, ctx, st, err);
	else
		rc = mm_slab_slab_walk(k, c, flags, fn, ctx, st, err);
	st->waste = st->bytes > (uint64_t)st->inuse * c->object_size
		? st->bytes - (uint64_t)st->inuse * c->object_size : 0;
	return rc;
}
