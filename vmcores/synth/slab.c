/* Synthetic slab caches in the layouts of their generation:
 *   SLUB 4.19  slab fields in struct page, kmem_cache_cpu.page, no cpu_partial_slabs
 *   SLUB 6.1+  struct slab (5.17+), kmem_cache_cpu.slab, reciprocal_size and cpu_partial_slabs
 *   SLAB 3.4   kmem_cache{buffer_size, nodelists, array[NR_CPUS]}, kmem_list3, its own struct
 *              slab followed by a kmem_bufctl_t array
 *   SLAB 4.19  (SYNTH_SLAB_USE_SLAB) cpu_cache, node[], s_mem/active/freelist in struct page and a
 *              freelist_idx_t (unsigned char) index array on the slab
 * Offsets differ between them the way the real kernels' do. */
#include "synth_slab.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096u
#define NR_CPUS_SLAB 8 /* the synthetic kernel's NR_CPUS */
#define AC_LIMIT 16
#define BUFCTL_END 0xffffffffu

static unsigned g_flags; /* of the last synth_slab_declare: one synth per test */

static int is_slub(struct synth *s) { return synth_prof(s)->slub && !(g_flags & SYNTH_SLAB_USE_SLAB); }
static int gen(struct synth *s) { return synth_prof(s)->gen; }
static const char *desc_type(struct synth *s) { return synth_size(s, "slab") > 0 && synth_off(s, "slab", "slab_cache") >= 0 ? "slab" : "page"; }

static void list_add_head(struct synth *s, uint32_t head, uint32_t entry)
{
	uint32_t next = synth_r32(s, head);
	synth_w32(s, entry, next);
	synth_w32(s, entry + 4, head);
	synth_w32(s, next + 4, entry);
	synth_w32(s, head, entry);
}

static void declare_slub(struct synth *s, unsigned flags)
{
	int hardened = flags & SYNTH_SLAB_HARDENED, g = gen(s);
	struct synth_field node[] = { { "list_lock", 4, 0 }, { "nr_partial", 4, 0 }, { "partial", 8, 0 },
				      { flags & SYNTH_SLAB_DEBUG ? "nr_slabs" : NULL, 4, 0 },
				      { "total_objects", 4, 0 }, { "full", 8, 0 }, { NULL, 0, 0 } };

	synth_struct(s, "kmem_cache_node", node);
	if (g >= 517) {
		synth_struct(s, "kmem_cache_cpu", (struct synth_field[]){
			{ "freelist", 4, 0 }, { "tid", 4, 0 }, { "slab", 4, 0 }, { "partial", 4, 0 }, { NULL, 0, 0 } });
		synth_struct(s, "kmem_cache", (struct synth_field[]){
			{ "cpu_slab", 4, 0 }, { "flags", 4, 0 }, { "min_partial", 4, 0 }, { "size", 4, 0 },
			{ "object_size", 4, 0 }, { "reciprocal_size", 8, 4 }, { "offset", 4, 0 },
			{ "cpu_partial", 4, 0 }, { "cpu_partial_slabs", 4, 0 }, { "oo", 4, 0 }, { "min", 4, 0 },
			{ "allocflags", 4, 0 }, { "refcount", 4, 0 }, { "ctor", 4, 0 }, { "inuse", 4, 0 }, { "align", 4, 0 },
			{ "red_left_pad", 4, 0 }, { "name", 4, 0 }, { "list", 8, 4 }, { "kobj", 36, 0 },
			{ hardened ? "random" : "random_seq", 4, 0 }, { "random_seq", 4, 0 }, { "useroffset", 4, 0 },
			{ "usersize", 4, 0 }, { "node", 4, 0 }, { NULL, 0, 0 } });
		/* struct slab overlays struct page; the cpu-partial link shares slab_list. */
		synth_struct(s, "slab", (struct synth_field[]){
			{ "__page_flags", 4, 0 }, { "slab_list", 8, 4 }, { "slab_cache", 4, 0 }, { "freelist", 4, 0 },
			{ "counters", 4, 0 }, { "__unused", 4, 0 }, { "__page_refcount", 4, 0 }, { "memcg_data", 4, 0 },
			{ NULL, 0, 0 } });
		synth_member(s, "slab", "next", 4, 4);
		synth_member(s, "slab", "slabs", 8, 4);
	} else {
		synth_struct(s, "kmem_cache_cpu", (struct synth_field[]){
			{ "freelist", 4, 0 }, { "tid", 4, 0 }, { "page", 4, 0 }, { "partial", 4, 0 }, { NULL, 0, 0 } });
		synth_struct(s, "kmem_cache", (struct synth_field[]){
			{ "cpu_slab", 4, 0 }, { "flags", 4, 0 }, { "min_partial", 4, 0 }, { "size", 4, 0 },
			{ "object_size", 4, 0 }, { "offset", 4, 0 }, { "cpu_partial", 4, 0 }, { "oo", 4, 0 }, { "max", 4, 0 },
			{ "min", 4, 0 }, { "allocflags", 4, 0 }, { "refcount", 4, 0 }, { "ctor", 4, 0 }, { "inuse", 4, 0 },
			{ "align", 4, 0 }, { "red_left_pad", 4, 0 }, { "name", 4, 0 }, { "list", 8, 4 }, { "kobj", 36, 0 },
			{ hardened ? "random" : "useroffset", 4, 0 }, { "useroffset", 4, 0 }, { "usersize", 4, 0 },
			{ "node", 4, 0 }, { NULL, 0, 0 } });
		synth_member(s, "page", "next", 4, 4);
		synth_member(s, "page", "pages", 8, 2);
		synth_member(s, "page", "slab_cache", 12, 4);
		synth_member(s, "page", "freelist", 16, 4);
		synth_member(s, "page", "counters", 20, 4);
	}
	/* synth_struct declared every listed name; drop the placeholders the layout does not have. */
	if (!hardened)
		synth_member_del(s, "kmem_cache", "random");
}

static void declare_slab(struct synth *s)
{
	int g = gen(s);

	if (g < 313) { /* 3.4 */
		synth_struct(s, "kmem_list3", (struct synth_field[]){
			{ "slabs_partial", 8, 4 }, { "slabs_full", 8, 4 }, { "slabs_free", 8, 4 },
			{ "free_objects", 4, 0 }, { "free_limit", 4, 0 }, { "colour_next", 4, 0 }, { "list_lock", 4, 0 },
			{ "shared", 4, 0 }, { "alien", 4, 0 }, { "next_reap", 4, 0 }, { "free_touched", 4, 0 }, { NULL, 0, 0 } });
		synth_struct(s, "array_cache", (struct synth_field[]){
			{ "avail", 4, 0 }, { "limit", 4, 0 }, { "batchcount", 4, 0 }, { "touched", 4, 0 },
			{ "lock", 4, 0 }, { "entry", 0, 4 }, { NULL, 0, 0 } });
		synth_struct(s, "kmem_cache", (struct synth_field[]){
			{ "batchcount", 4, 0 }, { "limit", 4, 0 }, { "shared", 4, 0 }, { "buffer_size", 4, 0 },
			{ "reciprocal_buffer_size", 4, 0 }, { "flags", 4, 0 }, { "num", 4, 0 }, { "gfporder", 4, 0 },
			{ "gfpflags", 4, 0 }, { "colour", 4, 0 }, { "colour_off", 4, 0 }, { "slabp_cache", 4, 0 },
			{ "slab_size", 4, 0 }, { "dflags", 4, 0 }, { "ctor", 4, 0 }, { "name", 4, 0 }, { "next", 8, 4 },
			{ "nodelists", 4, 0 }, { "array", 4 * NR_CPUS_SLAB, 0 }, { NULL, 0, 0 } });
		synth_struct(s, "slab", (struct synth_field[]){
			{ "list", 8, 4 }, { "colouroff", 4, 0 }, { "s_mem", 4, 0 }, { "inuse", 4, 0 }, { "free", 4, 0 },
			{ "nodeid", 2, 0 }, { NULL, 0, 0 } });
		synth_type(s, "kmem_bufctl_t", 4);
		return;
	}
	/* 3.19+ (here 4.19): node embedded, cpu_cache percpu, slab fields in struct page. */
	synth_struct(s, "kmem_cache_node", (struct synth_field[]){
		{ "list_lock", 4, 0 }, { "slabs_partial", 8, 4 }, { "slabs_full", 8, 4 }, { "slabs_free", 8, 4 },
		{ "total_slabs", 4, 0 }, { "free_slabs", 4, 0 }, { "free_objects", 4, 0 }, { "free_limit", 4, 0 },
		{ "colour_next", 4, 0 }, { "shared", 4, 0 }, { "alien", 4, 0 }, { "next_reap", 4, 0 },
		{ "free_touched", 4, 0 }, { NULL, 0, 0 } });
	synth_struct(s, "array_cache", (struct synth_field[]){
		{ "avail", 4, 0 }, { "limit", 4, 0 }, { "batchcount", 4, 0 }, { "touched", 4, 0 }, { "entry", 0, 4 },
		{ NULL, 0, 0 } });
	synth_struct(s, "kmem_cache", (struct synth_field[]){
		{ "cpu_cache", 4, 0 }, { "batchcount", 4, 0 }, { "limit", 4, 0 }, { "shared", 4, 0 }, { "size", 4, 0 },
		{ "reciprocal_buffer_size", 8, 4 }, { "flags", 4, 0 }, { "num", 4, 0 }, { "gfporder", 4, 0 },
		{ "allocflags", 4, 0 }, { "colour", 4, 0 }, { "colour_off", 4, 0 }, { "freelist_cache", 4, 0 },
		{ "freelist_size", 4, 0 }, { "ctor", 4, 0 }, { "name", 4, 0 }, { "list", 8, 4 }, { "refcount", 4, 0 },
		{ "object_size", 4, 0 }, { "align", 4, 0 }, { "node", 4, 0 }, { NULL, 0, 0 } });
	synth_type(s, "freelist_idx_t", 1);
	if (g >= 517) { /* 5.17-6.7 SLAB: its own struct slab, laid out unlike SLUB's */
		synth_struct(s, "slab", (struct synth_field[]){
			{ "__page_flags", 4, 0 }, { "slab_cache", 4, 0 }, { "slab_list", 8, 4 }, { "freelist", 4, 0 },
			{ "s_mem", 4, 0 }, { "active", 4, 0 }, { "__page_refcount", 4, 0 }, { "memcg_data", 4, 0 },
			{ NULL, 0, 0 } });
		return;
	}
	synth_member(s, "page", "slab_cache", 12, 4);
	synth_member(s, "page", "freelist", 16, 4);
	synth_member(s, "page", "s_mem", 20, 4);
	synth_member(s, "page", "active", 24, 4);
}

void synth_slab_declare(struct synth *s, unsigned flags)
{
	int g = gen(s);

	g_flags = flags;
	synth_enum_in(s, "pageflags", "PG_slab", g < 313 ? 7 : 9);
	synth_enum_in(s, "pageflags", "PG_head", g < 313 ? 14 : 16);
	if (is_slub(s))
		declare_slub(s, flags);
	else
		declare_slab(s);
	synth_list_init(s, synth_var(s, g < 308 && !is_slub(s) ? "cache_chain" : "slab_caches", 8));
	synth_w32(s, synth_var(s, "nr_node_ids", 4), 1);
}

static uint32_t new_string(struct synth *s, const char *str)
{
	uint32_t va = synth_alloc(s, (uint32_t)strlen(str) + 1, 1);
	synth_write(s, va, MM_KVADDR, str, strlen(str) + 1);
	return va;
}

static void slub_cache(struct synth *s, struct synth_cache *c)
{
	int ncpu = synth_prof(s)->nr_cpus;

	c->node = synth_alloc(s, (uint32_t)synth_size(s, "kmem_cache_node"), 8);
	synth_list_init(s, c->node + (uint32_t)synth_off(s, "kmem_cache_node", "partial"));
	if (synth_off(s, "kmem_cache_node", "full") >= 0)
		synth_list_init(s, c->node + (uint32_t)synth_off(s, "kmem_cache_node", "full"));
	c->cpu_slab = synth_percpu_alloc(s, (uint32_t)synth_size(s, "kmem_cache_cpu"));
	for (int cpu = 0; cpu < ncpu; cpu++) /* the per-CPU area is not zeroed by the builder */
		for (long o = 0; o < synth_size(s, "kmem_cache_cpu"); o += 4)
			synth_w32(s, synth_percpu_addr(s, c->cpu_slab, cpu) + (uint32_t)o, 0);
	synth_wm(s, c->addr, "kmem_cache", "cpu_slab", c->cpu_slab);
	synth_wm(s, c->addr, "kmem_cache", "offset", c->offset);
	synth_wm(s, c->addr, "kmem_cache", "oo", (c->order << 16) | c->objects);
	synth_wm(s, c->addr, "kmem_cache", "min", c->objects);
	synth_wm(s, c->addr, "kmem_cache", "inuse", c->object_size);
	synth_wm(s, c->addr, "kmem_cache", "red_left_pad", c->red_left_pad);
	synth_wm(s, c->addr, "kmem_cache", "cpu_partial", 30);
	synth_wm(s, c->addr, "kmem_cache", "node", c->node);
	if (synth_off(s, "kmem_cache", "random") >= 0)
		synth_wm(s, c->addr, "kmem_cache", "random", c->random);
}

static void slab_cache(struct synth *s, struct synth_cache *c)
{
	int ncpu = synth_prof(s)->nr_cpus, old = gen(s) < 313;
	const char *nt = old ? "kmem_list3" : "kmem_cache_node";
	uint32_t acsize = (uint32_t)synth_size(s, "array_cache") + 4 * AC_LIMIT;

	c->node = synth_alloc(s, (uint32_t)synth_size(s, nt), 8);
	synth_list_init(s, c->node + (uint32_t)synth_off(s, nt, "slabs_partial"));
	synth_list_init(s, c->node + (uint32_t)synth_off(s, nt, "slabs_full"));
	synth_list_init(s, c->node + (uint32_t)synth_off(s, nt, "slabs_free"));
	c->shared = synth_alloc(s, acsize, 4);
	synth_wm(s, c->shared, "array_cache", "limit", AC_LIMIT);
	synth_wm(s, c->node, nt, "shared", c->shared);
	synth_wm(s, c->addr, "kmem_cache", "num", c->objects);
	synth_wm(s, c->addr, "kmem_cache", "gfporder", c->order);
	synth_wm(s, c->addr, "kmem_cache", "limit", AC_LIMIT);
	synth_wm(s, c->addr, "kmem_cache", "batchcount", AC_LIMIT / 2);
	synth_wm(s, c->addr, "kmem_cache", "shared", 8);
	if (old) {
		uint32_t nodes = synth_alloc(s, 4, 4);
		synth_w32(s, nodes, c->node);
		synth_wm(s, c->addr, "kmem_cache", "nodelists", nodes);
		for (int cpu = 0; cpu < ncpu; cpu++) {
			c->cpu_array[cpu] = synth_alloc(s, acsize, 4);
			synth_wm(s, c->cpu_array[cpu], "array_cache", "limit", AC_LIMIT);
			synth_w32(s, c->addr + (uint32_t)synth_off(s, "kmem_cache", "array") + 4 * (uint32_t)cpu,
				  c->cpu_array[cpu]);
		}
		return;
	}
	synth_wm(s, c->addr, "kmem_cache", "node", c->node);
	c->cpu_slab = synth_percpu_alloc(s, acsize);
	synth_wm(s, c->addr, "kmem_cache", "cpu_cache", c->cpu_slab);
	for (int cpu = 0; cpu < ncpu; cpu++) {
		c->cpu_array[cpu] = synth_percpu_addr(s, c->cpu_slab, cpu);
		for (uint32_t o = 0; o < acsize; o += 4)
			synth_w32(s, c->cpu_array[cpu] + o, 0);
		synth_wm(s, c->cpu_array[cpu], "array_cache", "limit", AC_LIMIT);
	}
}

void synth_slab_cache(struct synth *s, struct synth_cache *c, const char *name,
		      uint32_t object_size, uint32_t size, unsigned order, uint32_t objects)
{
	int slub = is_slub(s);

	memset(c, 0, sizeof(*c));
	c->size = size;
	c->object_size = object_size;
	c->order = order;
	c->objects = objects ? objects : (PAGE << order) / size;
	if (!slub) { /* SLAB keeps its management on the slab: the descriptor and/or index array */
		uint32_t bytes = PAGE << order, desc = gen(s) < 313 ? (uint32_t)synth_size(s, "slab") : 0;
		uint32_t per = gen(s) < 313 ? 4 : (uint32_t)synth_size(s, "freelist_idx_t");
		if (!objects)
			c->objects = (bytes - desc) / (size + per);
		c->mgmt = (desc + c->objects * per + 7) & ~7u;
		while (c->mgmt + c->objects * size > bytes) {
			c->objects--;
			c->mgmt = (desc + c->objects * per + 7) & ~7u;
		}
	}
	c->offset = slub ? (size / 2) & ~3u : 0; /* 5.7+ keeps the free pointer mid-object */
	c->swab = gen(s) >= 507;
	c->flags = g_flags;
	c->addr = synth_alloc(s, (uint32_t)synth_size(s, "kmem_cache"), 64);
	c->random = 0x5eed0000u ^ c->addr;
	synth_wm(s, c->addr, "kmem_cache", "name", new_string(s, name));
	synth_wm(s, c->addr, "kmem_cache", slub || gen(s) >= 308 ? "size" : "buffer_size", size);
	if (synth_off(s, "kmem_cache", "object_size") >= 0)
		synth_wm(s, c->addr, "kmem_cache", "object_size", object_size);
	if (slub)
		slub_cache(s, c);
	else
		slab_cache(s, c);
	list_add_head(s, synth_symval(s, synth_symval(s, "slab_caches") ? "slab_caches" : "cache_chain"),
		      c->addr + (uint32_t)synth_off(s, "kmem_cache", synth_off(s, "kmem_cache", "list") >= 0 ? "list" : "next"));
}

uint32_t synth_slab_obj(const struct synth_cache *c, uint32_t base, int idx)
{
	return base + c->mgmt + c->red_left_pad + (uint32_t)idx * c->size;
}

static uint32_t swab32(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

uint32_t synth_slub_encode(const struct synth_cache *c, uint32_t next, uint32_t ptr_addr)
{
	if (!(c->flags & SYNTH_SLAB_HARDENED))
		return next;
	return next ^ c->random ^ (c->swab ? swab32(ptr_addr) : ptr_addr);
}

/* Writes the chain and returns its head. */
static uint32_t slub_chain(struct synth *s, const struct synth_cache *c, uint32_t base, const int *idx,
			   int n)
{
	for (int i = 0; i < n; i++) {
		uint32_t obj = synth_slab_obj(c, base, idx[i]), fp = obj + c->offset;
		uint32_t next = i + 1 < n ? synth_slab_obj(c, base, idx[i + 1]) : 0;
		synth_w32(s, fp, synth_slub_encode(c, next, fp));
	}
	return n ? synth_slab_obj(c, base, idx[0]) : 0;
}

/* Fresh slab pages: PG_slab (and PG_head) on the head page, tails pointing at it. */
static uint32_t slab_pages(struct synth *s, const struct synth_cache *c, uint32_t *base)
{
	uint32_t bytes = PAGE << c->order, page;
	uint64_t pfn;
	long slab_bit, head_bit;
	long fl = 0;

	*base = synth_alloc(s, bytes, bytes);
	pfn = synth_va_to_pa(s, *base) / PAGE;
	page = synth_page(s, pfn);
	{
		struct mm_target *t = synth_target(s);
		/* 6.10+: a page type (6.10/6.11's PG_slab is enum pagetype's 0x02000000) */
		if (t->ops->enum_value(t->ctx, "PG_slab", &slab_bit) || slab_bit < 0 || slab_bit >= 32)
			synth_wm(s, page, "page", "page_type", synth_page_type_word(s, "slab"));
		else
			fl = 1L << slab_bit;
		t->ops->enum_value(t->ctx, "PG_head", &head_bit);
	}
	if (c->order)
		fl |= 1L << head_bit;
	synth_wm(s, page, "page", "flags", (uint64_t)fl);
	for (uint32_t i = 1; i < (1u << c->order); i++) {
		uint32_t tail = synth_page(s, pfn + i);
		if (synth_off(s, "page", "compound_head") >= 0)
			synth_wm(s, tail, "page", "compound_head", page | 1);
		else
			synth_wm(s, tail, "page", "lru", page); /* 3.4 SLAB: lru.next = cache, set below */
	}
	return page;
}

static void slub_add(struct synth *s, struct synth_cache *c, struct synth_slab_spec *sp)
{
	const char *dt = desc_type(s);
	uint32_t desc = slab_pages(s, c, &sp->base), inuse = c->objects - (uint32_t)sp->nfree, frozen = 0;
	uint32_t kcc = 0;
	long list_off = synth_off(s, dt, synth_off(s, dt, "slab_list") >= 0 ? "slab_list" : "lru");

	sp->desc = desc;
	synth_wm(s, desc, dt, "slab_cache", c->addr);
	synth_wm(s, desc, dt, "freelist", slub_chain(s, c, sp->base, sp->free, sp->nfree));
	if (sp->where == SYNTH_CPU || sp->where == SYNTH_CPU_PARTIAL)
		kcc = synth_percpu_addr(s, c->cpu_slab, sp->cpu);
	switch (sp->where) {
	case SYNTH_PARTIAL:
		synth_list_add_tail(s, c->node + (uint32_t)synth_off(s, "kmem_cache_node", "partial"),
				    desc + (uint32_t)list_off);
		synth_wm(s, c->node, "kmem_cache_node", "nr_partial",
			 synth_r32(s, c->node + (uint32_t)synth_off(s, "kmem_cache_node", "nr_partial")) + 1);
		break;
	case SYNTH_FULL:
	case SYNTH_FREE_SLAB:
		break;
	case SYNTH_CPU:
		inuse = c->objects;
		frozen = 1;
		synth_wm(s, kcc, "kmem_cache_cpu", synth_off(s, "kmem_cache_cpu", "slab") >= 0 ? "slab" : "page", desc);
		synth_wm(s, kcc, "kmem_cache_cpu", "freelist",
			 slub_chain(s, c, sp->base, sp->cpu_free, sp->ncpu_free));
		break;
	case SYNTH_CPU_PARTIAL:
		frozen = 1;
		synth_wm(s, desc, dt, "next", synth_r32(s, kcc + (uint32_t)synth_off(s, "kmem_cache_cpu", "partial")));
		synth_wm(s, kcc, "kmem_cache_cpu", "partial", desc);
		break;
	}
	synth_wm(s, desc, dt, "counters", inuse | (c->objects << 16) | (frozen << 31));
	if (synth_off(s, "kmem_cache_node", "nr_slabs") >= 0) {
		uint32_t n = c->node;
		synth_wm(s, n, "kmem_cache_node", "nr_slabs", synth_r32(s, n + (uint32_t)synth_off(s, "kmem_cache_node", "nr_slabs")) + 1);
		synth_wm(s, n, "kmem_cache_node", "total_objects",
			 synth_r32(s, n + (uint32_t)synth_off(s, "kmem_cache_node", "total_objects")) + c->objects);
	}
}

static void add32(struct synth *s, uint32_t base, const char *type, const char *member, uint32_t v)
{
	synth_wm(s, base, type, member, synth_r32(s, base + (uint32_t)synth_off(s, type, member)) + v);
}

static int in_list(const int *v, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static void slab_add(struct synth *s, struct synth_cache *c, struct synth_slab_spec *sp)
{
	int old = gen(s) < 313;
	const char *nt = old ? "kmem_list3" : "kmem_cache_node";
	const char *lname = sp->where == SYNTH_FULL ? "slabs_full"
		: sp->where == SYNTH_FREE_SLAB ? "slabs_free" : "slabs_partial";
	uint32_t page = slab_pages(s, c, &sp->base), inuse = c->objects - (uint32_t)sp->nfree, list_off;
	uint32_t s_mem = sp->base + c->mgmt;

	if (old) { /* struct slab on the slab, the bufctl chain after it; every page names both */
		uint32_t desc = sp->base, bufctl = desc + (uint32_t)synth_size(s, "slab");
		long slab_bit;
		struct mm_target *t = synth_target(s);
		t->ops->enum_value(t->ctx, "PG_slab", &slab_bit);
		sp->desc = desc;
		synth_wm(s, desc, "slab", "colouroff", c->mgmt);
		synth_wm(s, desc, "slab", "s_mem", s_mem);
		synth_wm(s, desc, "slab", "inuse", inuse);
		synth_wm(s, desc, "slab", "free", sp->nfree ? (uint32_t)sp->free[0] : BUFCTL_END);
		for (int i = 0; i < sp->nfree; i++)
			synth_w32(s, bufctl + 4 * (uint32_t)sp->free[i],
				  i + 1 < sp->nfree ? (uint32_t)sp->free[i + 1] : BUFCTL_END);
		for (uint32_t i = 0; i < (1u << c->order); i++) {
			uint32_t pg = page + i * (uint32_t)synth_size(s, "page");
			synth_wm(s, pg, "page", "flags", 1u << slab_bit);
			synth_w32(s, pg + (uint32_t)synth_off(s, "page", "lru"), c->addr);
			synth_w32(s, pg + (uint32_t)synth_off(s, "page", "lru") + 4, desc);
		}
		list_off = (uint32_t)synth_off(s, "slab", "list");
	} else { /* fields in struct page / slab, the index array at the start of the slab */
		const char *dt = desc_type(s);
		uint32_t j = 0;
		sp->desc = page;
		synth_wm(s, page, dt, "slab_cache", c->addr);
		synth_wm(s, page, dt, "s_mem", s_mem);
		synth_wm(s, page, dt, "active", inuse);
		synth_wm(s, page, dt, "freelist", sp->base);
		for (uint32_t i = 0; i < c->objects; i++)
			if (!in_list(sp->free, sp->nfree, (int)i))
				synth_w8(s, sp->base + j++, (uint8_t)i);
		for (int i = 0; i < sp->nfree; i++)
			synth_w8(s, sp->base + j++, (uint8_t)sp->free[i]);
		list_off = (uint32_t)synth_off(s, dt, !strcmp(dt, "slab") ? "slab_list" : "lru");
		add32(s, c->node, nt, "total_slabs", 1);
		if (sp->where == SYNTH_FREE_SLAB)
			add32(s, c->node, nt, "free_slabs", 1);
	}
	synth_list_add_tail(s, c->node + (uint32_t)synth_off(s, nt, lname), sp->desc + list_off);
	add32(s, c->node, nt, "free_objects", (uint32_t)sp->nfree);
}

void synth_slab_add(struct synth *s, struct synth_cache *c, struct synth_slab_spec *sp)
{
	if (is_slub(s))
		slub_add(s, c, sp);
	else
		slab_add(s, c, sp);
}

void synth_slab_array_push(struct synth *s, struct synth_cache *c, int cpu, uint32_t obj)
{
	uint32_t ac = cpu >= 0 ? c->cpu_array[cpu] : c->shared;
	uint32_t avail = synth_r32(s, ac + (uint32_t)synth_off(s, "array_cache", "avail"));

	synth_w32(s, ac + (uint32_t)synth_off(s, "array_cache", "entry") + 4 * avail, obj);
	synth_wm(s, ac, "array_cache", "avail", avail + 1);
}
