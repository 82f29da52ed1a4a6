/* `mmview addr` in lowmem: the slab object holding the address, allocated or free and on
 * which freelist. */
#include "identify.h"
#include "../slab/slab.h"
#include <stdio.h>

/* SLUB user tracking: who allocated the object and who last freed it, or how to get that. */
static void slab_tracks(struct mm_kernel *k, struct mm_ident *id, const struct mm_slab_obj *ob)
{
	struct mm_err err = { 0 };

	if (ob->cache.lay->gen != MM_SLAB_SLUB || mm_tracking_open(k, &id->tracking, &err))
		return;
	if (!mm_slab_tracked(&id->tracking, &ob->cache)) {
		id->tracked = -1;
		mm_tracking_hint(&ob->cache, id->track_hint, sizeof(id->track_hint));
		return;
	}
	for (int i = MM_TRACK_ALLOC; i <= MM_TRACK_FREE; i++)
		if (mm_track_read(k, &id->tracking, &ob->cache, ob->obj, (enum mm_track_item)i,
				  &id->track[i], &err)) {
			mm_id_error(id, &err, "slab track");
			return;
		}
	id->tracked = 1;
}

void mm_identify_slab(struct mm_kernel *k, struct mm_ident *id)
{
	struct mm_slab_layout lay;
	struct mm_slab_obj ob;
	struct mm_err err = { 0 };
	struct mm_owner *o;
	char where[48] = "";
	int rc;

	if (k->slab_gen != MM_SLAB_SLUB && k->slab_gen != MM_SLAB_SLAB)
		return;
	if (mm_slab_layout(k, &lay, &err)) {
		mm_id_error(id, &err, "slab");
		return;
	}
	rc = mm_slab_lookup(k, &lay, (kva_t)id->addr, &ob, &err);
	if (rc < 0) {
		mm_id_error(id, &err, "slab");
		return;
	}
	if (rc == 0)
		return;
	if (ob.state == MM_OBJ_PADDING) {
		o = mm_id_owner(id, "slab padding", MM_SURE);
		if (o)
			snprintf(o->what, sizeof(o->what), "in a slab of cache %s at %x, but in no object "
				 "(tail padding, red zone or descriptor)", ob.cache.name, ob.slab.base);
		return;
	}
	o = mm_id_owner(id, "slab object", ob.state == MM_OBJ_UNKNOWN ? MM_LIKELY : MM_SURE);
	if (!o)
		return;
	if (ob.cpu >= 0)
		snprintf(where, sizeof(where), " of cpu %d", ob.cpu);
	else if (ob.node >= 0)
		snprintf(where, sizeof(where), " shared by node %d", ob.node);
	o->start = ob.obj;
	o->end = (uint64_t)ob.obj + ob.cache.object_size;
	o->offset = ob.offset;
	snprintf(o->what, sizeof(o->what), "%s object %u of cache %s: %x+%#x (object size %u, slab %x): %s%s",
		 ob.state == MM_OBJ_ALLOCATED ? "allocated" : ob.state == MM_OBJ_UNKNOWN ? "unvalidated" : "free",
		 ob.index, ob.cache.name, ob.obj, ob.offset, ob.cache.object_size, ob.slab.base,
		 mm_obj_state_name(ob.state), where);
	slab_tracks(k, id, &ob);
	if (ob.state == MM_OBJ_UNKNOWN) { /* why the freelist could not say */
		mm_err_set(&err, ob.slab.problem ? ob.slab.problem : MM_ECORRUPT, "%s", ob.slab.why);
		mm_id_error(id, &err, "slab freelist");
	}
}
