/* SLUB user tracking (SLUB_DEBUG with slub_debug=U, or a cache created with SLAB_STORE_USER):
 * two struct track {addr, stack, cpu, pid, when} after every object — who allocated it, and
 * who last freed it — at the offset mm/slub.c's get_track() computes:
 *   object + get_info_end(s), get_info_end = inuse (+ the free pointer when it is stored after
 *   the object: offset >= inuse), the free track right after the alloc track.
 * The stack is inline (addrs[], <= 5.16) or a stack depot handle (5.17+). */
#ifndef MM_SLAB_TRACK_H
#define MM_SLAB_TRACK_H
#include "slab.h"
#include "../stackdepot.h"

#define MM_TRACK_MAX_FRAMES MM_DEPOT_MAX_FRAMES
enum mm_track_item { MM_TRACK_ALLOC, MM_TRACK_FREE };

struct mm_track {
	kva_t addr;               /* the caller (_RET_IP_ of the allocation or free); 0: never set */
	int cpu, pid;
	uint32_t when;            /* jiffies */
	uint32_t age;             /* jiffies before the panic (jiffies - when), if has_age */
	int has_age;
	uint32_t handle;          /* stack depot handle (5.17+), 0 none */
	int nframes;
	uint32_t frames[MM_TRACK_MAX_FRAMES];
	struct mm_err stack_err;  /* why there is no stack, when there is none */
};

/* What the kernel's tracking looks like, resolved once per command. */
struct mm_tracking {
	uint32_t store_user;      /* SLAB_STORE_USER in kmem_cache.flags */
	long size;                /* sizeof(struct track) */
	int inline_stack;         /* addrs[] in the track (<= 5.16) */
	int naddrs;
	int has_jiffies;
	uint32_t jiffies;         /* at the panic */
	unsigned hz;              /* from tick_nsec; 0 unknown */
	struct mm_depot depot;
};
/* MM_EABSENT (with the reason) when the kernel keeps no tracks at all (no SLUB_DEBUG). */
int mm_tracking_open(struct mm_kernel *k, struct mm_tracking *tr, struct mm_err *err);
/* 1 if the cache stores user tracks (SLUB, SLAB_STORE_USER). */
int mm_slab_tracked(const struct mm_tracking *tr, const struct mm_slab_cache *c);
/* "boot with slub_debug=U ..." for a cache without tracks. */
const char *mm_tracking_hint(const struct mm_slab_cache *c, char *buf, size_t len);
/* Offset of the alloc track from the object start. */
uint32_t mm_track_offset(const struct mm_slab_cache *c);
/* Decodes one track from its bytes; with_stack also fetches the stack (depot reads). */
void mm_track_decode(struct mm_kernel *k, struct mm_tracking *tr, const uint8_t *b, size_t len,
		     int with_stack, struct mm_track *t);
/* Reads track `item` of the object at obj of cache c (tracked). */
int mm_track_read(struct mm_kernel *k, struct mm_tracking *tr, const struct mm_slab_cache *c,
		  kva_t obj, enum mm_track_item item, struct mm_track *t, struct mm_err *err);
/* "1.2s" / "3m04s" for an age in jiffies, or the jiffies when HZ is unknown. */
const char *mm_track_age(const struct mm_tracking *tr, uint32_t age, char *buf, size_t len);

#endif
