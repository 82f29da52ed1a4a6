/* Synthetic SLUB user tracking (vmcores/synth/track.c): struct track after the objects of a
 * SLAB_STORE_USER cache, and a stack depot whose handles pack pool and offset the way the
 * chosen generation does. */
#ifndef SYNTH_TRACK_H
#define SYNTH_TRACK_H
#include "synth_slab.h"

enum synth_depot {
	SYNTH_DEPOT_INLINE,    /* <= 5.16: track.addrs[16], no depot */
	SYNTH_DEPOT_SLABS_21,  /* 4.6 - 5.16 depot: stack_slabs, {slabindex:21, offset:10, valid:1} */
	SYNTH_DEPOT_SLABS_16,  /* 5.17 - 6.2: stack_slabs, {slabindex:16, offset:10, valid:1, extra:5} */
	SYNTH_DEPOT_POOLS_17,  /* 6.8+: stack_pools, {pool_index_plus_1:17, offset:10, extra:5} */
};

#define SYNTH_HZ 250
/* Declares struct track, the depot (stack_record, its pool array, one 16 KiB pool), jiffies
 * (= jiffies_now) and tick_nsec (HZ 250); flag_bits_enum: SLAB_STORE_USER from enum
 * _slab_flag_bits (_SLAB_STORE_USER = 7, 6.9+), else 0x10000. */
void synth_track_declare(struct synth *s, enum synth_depot depot, int flag_bits_enum,
			 uint32_t jiffies_now);
/* Stores a stack in the depot: its handle. */
uint32_t synth_depot_save(struct synth *s, const uint32_t *frames, int n);
/* Marks cache c SLAB_STORE_USER (its slots must hold object + two tracks). */
void synth_track_cache(struct synth *s, struct synth_cache *c);
long synth_track_size(struct synth *s);

struct synth_track {
	uint32_t addr;
	int cpu, pid;
	uint32_t when;
	const uint32_t *frames;   /* the stack: saved in the depot, or inline */
	int nframes;
	uint32_t handle;          /* out: the depot handle written (or forced when frames is NULL) */
};
/* Writes track item (0 alloc, 1 free) of object obj. */
void synth_track_set(struct synth *s, const struct synth_cache *c, uint32_t obj, int item,
		     struct synth_track *t);

#endif
