/* Synthetic slab caches (vmcores/synth/slab.c): kmem_cache, kmem_cache_cpu, kmem_cache_node,
 * slab descriptors and array caches in the layout of the profile's generation, and slabs with
 * exactly the free objects a test asks for. */
#ifndef SYNTH_SLAB_H
#define SYNTH_SLAB_H
#include "synth.h"

enum {
	SYNTH_SLAB_HARDENED = 1, /* SLUB: kmem_cache.random (CONFIG_SLAB_FREELIST_HARDENED) */
	SYNTH_SLAB_DEBUG = 2,    /* SLUB: SLUB_DEBUG node counters and full list */
	SYNTH_SLAB_USE_SLAB = 4, /* declare SLAB even on a SLUB profile (3.13+ freelist in page) */
};

/* Declares the allocator's structures for the profile and the empty cache list. */
void synth_slab_declare(struct synth *s, unsigned flags);

struct synth_cache {
	uint32_t addr;
	uint32_t size, object_size, objects, order, offset, red_left_pad;
	uint32_t random;
	int swab;                 /* hardened formula: 1 = swab(addr) (5.7+), 0 = addr (4.14-5.6) */
	uint32_t cpu_slab;        /* SLUB __percpu kmem_cache_cpu */
	uint32_t node;            /* kmem_cache_node (or kmem_list3) of node 0 */
	uint32_t cpu_array[8];    /* SLAB array_cache per CPU */
	uint32_t shared;          /* SLAB node shared array_cache, 0 if none */
	uint32_t mgmt;            /* SLAB: bytes before the first object (descriptor, index array) */
	unsigned flags;
};
/* A cache of object_size bytes in slots of size bytes, objects per slab of `order` pages
 * (objects 0: as many as fit), added at the head of slab_caches. */
void synth_slab_cache(struct synth *s, struct synth_cache *c, const char *name,
		      uint32_t object_size, uint32_t size, unsigned order, uint32_t objects);

enum synth_slab_where { SYNTH_PARTIAL, SYNTH_FULL, SYNTH_FREE_SLAB, SYNTH_CPU, SYNTH_CPU_PARTIAL };
struct synth_slab_spec {
	enum synth_slab_where where;
	int cpu;
	int nfree;
	const int *free;          /* object indexes on the slab's freelist, in list order */
	int ncpu_free;
	const int *cpu_free;      /* SLUB CPU slab: the CPU's lockless freelist */
	/* out */
	uint32_t desc, base;
};
/* Lays down one slab (page-aligned, its struct page filled) and links it where asked. */
void synth_slab_add(struct synth *s, struct synth_cache *c, struct synth_slab_spec *sp);
/* Address of object idx of a slab whose memory starts at base. */
uint32_t synth_slab_obj(const struct synth_cache *c, uint32_t base, int idx);
/* The stored form of a SLUB free pointer to next, kept at ptr_addr. */
uint32_t synth_slub_encode(const struct synth_cache *c, uint32_t next, uint32_t ptr_addr);
/* SLAB: puts object pointers in a CPU's array cache (cpu >= 0) or the node's shared one (-1). */
void synth_slab_array_push(struct synth *s, struct synth_cache *c, int cpu, uint32_t obj);

#endif
