/* SLAB (3.4 .. 6.7): placeholder until the SLAB walker lands. */
#include "slab_int.h"

int mm_slab_slab_walk(struct mm_kernel *k, struct mm_slab_cache *c, unsigned flags, mm_slab_fn fn,
		      void *ctx, struct mm_slab_stats *st, struct mm_err *err)
{
	return mm_err_set(err, MM_EUNSUPPORTED, "SLAB walker not built yet");
}

int mm_slab_slab_locate(struct mm_kernel *k, struct mm_slab_cache *c, kva_t desc, kva_t addr,
			struct mm_slab_obj *o, struct mm_err *err)
{
	return mm_err_set(err, MM_EUNSUPPORTED, "SLAB object lookup not built yet");
}
