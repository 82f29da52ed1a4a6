/* The stack depot (lib/stackdepot.c, 4.6+): deduplicated stack traces kept in pools, each named
 * by a 32-bit handle. SLUB's user tracking (5.17+), page_owner and KASAN store handles.
 *
 * A handle packs a pool index and an offset (in 16-byte units) into bitfields whose widths
 * changed across generations; the debug info gives members, not bit positions, so each known
 * packing is tried and the one whose record carries the very handle back is kept:
 *   4.6 - 5.16   stack_slabs[], {slabindex:21, offset:10, valid:1}
 *   5.17 - 6.2   stack_slabs[], {slabindex:16, offset:10, valid:1, extra:5}
 *   6.3 - 6.7    stack_pools[], {pool_index:16, offset:10, valid:1, extra:5}
 *   6.8+         stack_pools[], {pool_index_plus_1:17, offset:10, extra:5}
 * A record: stack_record {..., u32 size; union handle_parts handle; ... unsigned long entries[]}. */
#ifndef MM_STACKDEPOT_H
#define MM_STACKDEPOT_H
#include "kernel.h"

#define MM_DEPOT_MAX_FRAMES 64 /* CONFIG_STACKDEPOT_MAX_FRAMES default; more is corrupt */

struct mm_depot {
	int opened;               /* 1 resolved, -1 absent (err kept) */
	struct mm_err absent;
	kva_t slabs;              /* stack_slabs / stack_pools: the array of pool addresses */
	long nslabs;              /* its length, or 0 when the target cannot say */
	int pools;                /* 1: stack_pools, 0: stack_slabs */
	int layout;               /* the packing that validated, -1 none yet */
};

/* Resolves the depot's symbols and record layout (once; later calls return the first answer). */
int mm_depot_open(struct mm_kernel *k, struct mm_depot *d, struct mm_err *err);
/* The frames of the stack named by handle: their number (0..max), or < 0 with err. */
int mm_depot_fetch(struct mm_kernel *k, struct mm_depot *d, uint32_t handle, uint32_t *frames,
		   int max, struct mm_err *err);
/* Name of the packing in use ("stack_slabs, 16-bit index" ...), "" before one validated. */
const char *mm_depot_layout_name(const struct mm_depot *d);

#endif
