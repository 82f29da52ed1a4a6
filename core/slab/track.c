/* SLUB user tracks: where they sit after an object, how they decode, and their stacks (inline
 * or from the stack depot). */
#include "track.h"
#include "../read.h"
#include <stdio.h>
#include <string.h>

#define SLAB_STORE_USER_0 0x00010000u /* slab_flags_t bit until the flag-bits enum (6.9+) */

int mm_tracking_open(struct mm_kernel *k, struct mm_tracking *tr, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	uint32_t tick_nsec;
	long bit;

	memset(tr, 0, sizeof(*tr));
	tr->depot.layout = -1;
	if (k->slab_gen != MM_SLAB_SLUB)
		return mm_err_set(err, MM_EUNSUPPORTED, "allocation sites need SLUB's user tracking (this kernel has no SLUB)");
	if (o->track_size <= 0 || o->track_addr < 0 || o->track_when < 0)
		return mm_err_set(err, MM_EABSENT,
				  "struct track not in this kernel's debug info: built without SLUB_DEBUG, no allocation sites");
	tr->size = o->track_size;
	tr->store_user = mm_enum(k, "_SLAB_STORE_USER", &bit) == 0 && bit >= 0 && bit < 32
		? 1u << bit : SLAB_STORE_USER_0;
	if (o->track_addrs >= 0 && o->track_addrs_msize > 0) {
		tr->inline_stack = 1;
		tr->naddrs = (int)(o->track_addrs_msize / 4);
		if (tr->naddrs > MM_TRACK_MAX_FRAMES)
			tr->naddrs = MM_TRACK_MAX_FRAMES;
	}
	tr->has_jiffies = mm_read_sym_u32(k, "jiffies", &tr->jiffies, NULL) == 0;
	if (mm_read_sym_u32(k, "tick_nsec", &tick_nsec, NULL) == 0 && tick_nsec) {
		unsigned hz = (unsigned)((1000000000u + tick_nsec / 2) / tick_nsec);
		tr->hz = hz >= 10 && hz <= 10000 ? hz : 0;
	}
	return MM_OK;
}

int mm_slab_tracked(const struct mm_tracking *tr, const struct mm_slab_cache *c)
{
	return tr->size > 0 && c->lay && c->lay->gen == MM_SLAB_SLUB && (c->flags & tr->store_user);
}

const char *mm_tracking_hint(const struct mm_slab_cache *c, char *buf, size_t len)
{
	snprintf(buf, len, "cache %s keeps no allocation tracks: boot with slub_debug=U (every cache) "
		 "or slub_debug=U,%s (this one) to record who allocates and frees its objects",
		 c->name, c->name);
	return buf;
}

uint32_t mm_track_offset(const struct mm_slab_cache *c)
{
	return c->offset >= c->inuse ? c->inuse + 4 : c->inuse;
}

static void stack_of(struct mm_kernel *k, struct mm_tracking *tr, const uint8_t *b, size_t len,
		     struct mm_track *t)
{
	const struct mm_offsets *o = &k->off;
	int n;

	if (tr->inline_stack) {
		for (n = 0; n < tr->naddrs; n++) {
			uint32_t a = mm_get32(b, len, o->track_addrs + 4 * n);
			if (!a)
				break;
			t->frames[n] = a;
		}
		t->nframes = n;
		if (!n)
			mm_err_set(&t->stack_err, MM_EABSENT, "no stack recorded");
		return;
	}
	if (o->track_handle < 0) {
		mm_err_set(&t->stack_err, MM_EABSENT, "the track keeps no stack (built without STACKDEPOT)");
		return;
	}
	n = mm_depot_fetch(k, &tr->depot, t->handle, t->frames, MM_TRACK_MAX_FRAMES, &t->stack_err);
	t->nframes = n > 0 ? n : 0;
}

void mm_track_decode(struct mm_kernel *k, struct mm_tracking *tr, const uint8_t *b, size_t len,
		     int with_stack, struct mm_track *t)
{
	const struct mm_offsets *o = &k->off;

	memset(t, 0, sizeof(*t));
	t->addr = mm_get32(b, len, o->track_addr);
	t->cpu = (int)mm_get32(b, len, o->track_cpu);
	t->pid = (int)mm_get32(b, len, o->track_pid);
	t->when = mm_get32(b, len, o->track_when);
	t->handle = mm_get32(b, len, o->track_handle);
	if (t->addr && tr->has_jiffies) {
		t->has_age = 1;
		t->age = tr->jiffies - t->when;
	}
	if (with_stack && t->addr)
		stack_of(k, tr, b, len, t);
}

int mm_track_read(struct mm_kernel *k, struct mm_tracking *tr, const struct mm_slab_cache *c,
		  kva_t obj, enum mm_track_item item, struct mm_track *t, struct mm_err *err)
{
	uint8_t b[512];
	size_t n = (size_t)tr->size;
	kva_t at = obj + mm_track_offset(c) + (kva_t)(item * tr->size);

	memset(t, 0, sizeof(*t));
	if (n > sizeof(b))
		return mm_err_set(err, MM_ECORRUPT, "sizeof(struct track) %zu is absurd", n);
	if ((uint64_t)mm_track_offset(c) + 2 * n > c->size)
		return mm_err_set(err, MM_ECORRUPT, "cache %s: tracks at +%u do not fit its %u-byte slots",
				  c->name, mm_track_offset(c), c->size);
	if (mm_read(k, at, MM_KVADDR, b, n, err))
		return mm_err_wrap(err, "%s track of object %x", item == MM_TRACK_ALLOC ? "alloc" : "free", obj);
	mm_track_decode(k, tr, b, n, 1, t);
	return MM_OK;
}

const char *mm_track_age(const struct mm_tracking *tr, uint32_t age, char *buf, size_t len)
{
	if (!tr->hz)
		snprintf(buf, len, "%u jiffies", age);
	else if (age / tr->hz < 60)
		snprintf(buf, len, "%u.%02us", age / tr->hz, (age % tr->hz) * 100 / tr->hz);
	else
		snprintf(buf, len, "%um%02us", age / tr->hz / 60, age / tr->hz % 60);
	return buf;
}
