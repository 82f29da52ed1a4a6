/* Slab caches, SLUB and SLAB, 3.4 .. 6.7: the cache list, every slab a cache can reach, counts,
 * waste and fragmentation, freelist validation, and which object an address is.
 *
 * SLUB slabs are described by struct page up to 5.16 and by struct slab from 5.17
 * (k->slab_struct); SLAB slabs by their own struct slab up to 3.12, by struct page 3.13-5.16 and
 * by struct slab 5.17-6.7. Walkers never print: problems found in one slab are recorded in that
 * slab (struct mm_slab.problem) and counted, and the walk goes on. */
#ifndef MM_SLAB_H
#define MM_SLAB_H
#include "../kernel.h"
#include <stddef.h>
#include <string.h>

#define MM_SLAB_MAX_NODES 8
#define MM_SLAB_NAME 48
struct mm_addrset;

/* How a SLUB free pointer is stored (CONFIG_SLAB_FREELIST_HARDENED and its two formulas). */
enum mm_freeptr {
	MM_FREEPTR_UNKNOWN, /* hardened, no freelist validated yet */
	MM_FREEPTR_PLAIN,   /* not hardened */
	MM_FREEPTR_XOR,     /* 4.14-5.6: ptr ^ random ^ addr */
	MM_FREEPTR_SWAB,    /* 5.7+:     ptr ^ random ^ swab(addr) */
};
const char *mm_freeptr_name(enum mm_freeptr f);

/* Offsets resolved once per command: the descriptor (struct slab or struct page) and the few
 * facts the offsets table cannot list (see core/offsets/slab.def). */
struct mm_slab_layout {
	enum mm_slab_gen gen;
	long cache_size;          /* sizeof(struct kmem_cache) */
	long cpu_slab;            /* kmem_cache_cpu.slab (5.17+) or .page */
	long desc_size;           /* struct slab or struct page */
	long d_cache, d_list, d_freelist, d_counters, d_next, d_s_mem, d_active;
	int bufctl;               /* SLAB <= 3.12: struct slab + kmem_bufctl_t array */
	long bufctl_size;         /* kmem_bufctl_t */
	long idx_size;            /* SLAB 3.13+: freelist_idx_t (1, 2; 4 before 3.15) */
	long node_partial, node_full, node_free, node_free_objects, node_shared; /* SLAB per node */
	long pg_flags;            /* page flag bits (PG_slab, ...) are probed where needed */
};
int mm_slab_layout(struct mm_kernel *k, struct mm_slab_layout *lay, struct mm_err *err);

/* One cache, decoded from its struct kmem_cache. */
struct mm_slab_cache {
	kva_t addr;
	char name[MM_SLAB_NAME];
	uint32_t size;            /* slot: object + metadata + padding (SLUB s->size) */
	uint32_t object_size;
	uint32_t objects;         /* per slab at the preferred order */
	unsigned order;
	uint32_t min_objects;     /* SLUB: the fallback order (s->min) */
	unsigned min_order;
	uint32_t offset;          /* SLUB: free pointer offset inside an object */
	uint32_t inuse;           /* SLUB: object + its metadata words before the tracks */
	uint32_t red_left_pad;
	uint32_t flags, align;
	uint32_t limit, batchcount, shared; /* SLAB tunables */
	uint64_t random;
	enum mm_freeptr freeptr;  /* updated by the walker once a freelist validates */
	kva_t cpu_slab;           /* SLUB __percpu kmem_cache_cpu */
	kva_t cpu_cache;          /* SLAB 3.19+: __percpu array_cache */
	kva_t array[MM_MAX_CPUS]; /* SLAB <= 3.18: array_cache per CPU */
	int nnodes;
	kva_t node[MM_SLAB_MAX_NODES];
	const struct mm_slab_layout *lay;
};

/* Where a slab was found. */
enum mm_slab_list {
	MM_SLAB_NODE_PARTIAL,
	MM_SLAB_NODE_FULL,        /* SLUB: only with SLUB_DEBUG's full list; SLAB: slabs_full */
	MM_SLAB_NODE_FREE,        /* SLAB: slabs_free */
	MM_SLAB_CPU,              /* SLUB: a CPU's active slab */
	MM_SLAB_CPU_PARTIAL,      /* SLUB: on a CPU's partial list */
};
const char *mm_slab_list_name(enum mm_slab_list l);

struct mm_slab {
	kva_t desc;               /* struct slab / struct page */
	kva_t base;               /* first byte of the slab's memory */
	kva_t s_mem;              /* first object */
	uint32_t objects, inuse;  /* as the descriptor says */
	int frozen;
	kva_t freelist;
	unsigned order;
	enum mm_slab_list list;
	int node, cpu;            /* cpu: for CPU slabs, else -1 */
	/* Walked (flag MM_SLAB_WALK or CPU slabs): */
	int walked;
	uint32_t nfree;           /* on the slab's own freelist */
	uint32_t nfree_cpu;       /* SLUB: on the CPU freelist of a CPU slab */
	int problem;              /* MM_E* code of the first problem, 0 if consistent */
	/* SLUB, during a walk's callback for a walked slab only (else NULL): the slab's memory and
	 * its free objects (both freelists), for mm_slab_obj_is_free. */
	const uint8_t *mem;
	size_t mem_len;
	const struct mm_addrset *free_set;
	char why[200];            /* last: mm_slab_reset empties it by its first byte */
};
/* Zeroes sl but for why's unused bytes (a walk decodes one per slab: clearing 200 bytes of
 * message each time was a sixth of `mmview slab`). */
static inline void mm_slab_reset(struct mm_slab *sl)
{
	memset(sl, 0, offsetof(struct mm_slab, why));
	sl->why[0] = 0;
}
/* During a walk's callback: 1 if obj is on one of the slab's freelists (sl->free_set). */
int mm_slab_obj_is_free(const struct mm_slab *sl, kva_t obj);

/* Totals of one cache. "Free" is split by where the free objects sit. */
struct mm_slab_stats {
	uint64_t slabs, slabs_full, slabs_partial, slabs_free, slabs_cpu, slabs_cpu_partial;
	uint64_t objects, inuse;
	uint64_t free_node;        /* on node partial (and SLAB free) slabs */
	uint64_t free_cpu;         /* SLUB: CPU freelists + the CPU slab's own freelist; SLAB: array caches */
	uint64_t free_cpu_partial; /* SLUB: on CPU-partial slabs */
	uint64_t bytes;            /* memory held by the slabs */
	uint64_t waste;            /* bytes - inuse * object_size */
	uint64_t waste_tail;       /* tail padding of every slab */
	uint64_t waste_pad;        /* (size - object_size) per allocated object */
	uint64_t waste_free;       /* free slots */
	uint64_t partial_objects, partial_free; /* fragmentation: free share of partial slabs */
	int full_counted;          /* full slabs derived from node counters, not walked */
	int full_unknown;          /* SLUB without SLUB_DEBUG: full slabs cannot be counted */
	int walked;                /* every freelist walked (else counters for non-CPU slabs) */
	long nproblems;
	/* The kernel's /proc/slabinfo view (what it counts as active). */
	uint64_t si_active_objs, si_num_objs, si_active_slabs, si_slabs, si_shared_avail;
};
double mm_slab_frag_pct(const struct mm_slab_stats *st);

typedef int (*mm_slab_cache_fn)(struct mm_kernel *k, struct mm_slab_cache *c, void *ctx);
/* Every cache on slab_caches (cache_chain on SLAB <= 3.7), in list order (newest first, as
 * /proc/slabinfo). A cache whose kmem_cache cannot be decoded is skipped: the walk goes on and
 * then returns the first such error (in err). Otherwise the number of caches. */
long mm_slab_for_each_cache(struct mm_kernel *k, const struct mm_slab_layout *lay,
			    mm_slab_cache_fn fn, void *ctx, struct mm_err *err);
int mm_slab_cache_read(struct mm_kernel *k, const struct mm_slab_layout *lay, kva_t addr,
		       struct mm_slab_cache *c, struct mm_err *err);
/* The cache named name (first match), or MM_EINVAL naming it. */
int mm_slab_find_cache(struct mm_kernel *k, const struct mm_slab_layout *lay, const char *name,
		       struct mm_slab_cache *c, struct mm_err *err);

#define MM_SLAB_WALK 1 /* walk every freelist (validation); otherwise counters where they suffice */
#define MM_SLAB_SCAN 2 /* SLUB: find the slabs on no list (full ones) by scanning mem_map */
typedef int (*mm_slab_fn)(struct mm_kernel *k, const struct mm_slab_cache *c,
			  const struct mm_slab *sl, void *ctx);
/* Visits every slab the cache's lists reach (fn may be NULL) and fills st. Problems inside one
 * slab are recorded in it and counted in st->nproblems; a list that cannot be walked gives the
 * error (first one in err) but the rest is still counted. Returns 0 or the first error code. */
int mm_slab_walk(struct mm_kernel *k, struct mm_slab_cache *c, unsigned flags, mm_slab_fn fn,
		 void *ctx, struct mm_slab_stats *st, struct mm_err *err);

/* What an address inside a slab is. */
enum mm_obj_state {
	MM_OBJ_ALLOCATED,
	MM_OBJ_FREE,              /* on the slab's own freelist */
	MM_OBJ_FREE_CPU,          /* SLUB: on CPU `cpu`'s lockless freelist */
	MM_OBJ_FREE_CACHED,       /* SLAB: free but cached in an array cache (allocated to the slab) */
	MM_OBJ_PADDING,           /* not an object: slab tail, left red zone or descriptor */
	MM_OBJ_UNKNOWN,           /* the freelist could not be validated */
};
const char *mm_obj_state_name(enum mm_obj_state s);

struct mm_slab_obj {
	struct mm_slab_cache cache;
	struct mm_slab slab;
	uint32_t index;
	kva_t obj;                /* object start */
	uint32_t offset;          /* addr - obj */
	enum mm_obj_state state;
	int cpu;                  /* FREE_CPU / FREE_CACHED on a per-CPU array: the CPU, else -1 */
	int node;                 /* FREE_CACHED in a node's shared array cache: the node, else -1 */
};
/* 1 and *o when addr lies in a slab page, 0 when it does not (no error), < 0 an error: unreadable
 * struct page, a memory model not handled yet (MM_EUNSUPPORTED for SPARSEMEM), a corrupt slab. */
int mm_slab_lookup(struct mm_kernel *k, const struct mm_slab_layout *lay, kva_t addr,
		   struct mm_slab_obj *o, struct mm_err *err);

/* The struct page of a pfn and back: FLATMEM here; the one place to swap for SPARSEMEM. */
int mm_slab_pfn_to_page(struct mm_kernel *k, uint64_t pfn, kva_t *page, struct mm_err *err);
int mm_slab_page_to_pfn(struct mm_kernel *k, kva_t page, uint64_t *pfn, struct mm_err *err);

#endif
