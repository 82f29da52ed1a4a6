/* Live objects by allocating site: a hash of (caller, stack handle) filled from each walked
 * slab's memory, then grouped by caller, most objects first. */
#include "sites.h"
#include "../read.h"
#include <stdlib.h>
#include <string.h>

static size_t slot_of(kva_t caller, uint32_t handle, size_t cap)
{
	uint64_t h = ((uint64_t)caller * 0x9e3779b1u) ^ ((uint64_t)handle * 0x85ebca6bu);
	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static int grow(struct mm_sites *s)
{
	size_t cap = s->cap ? s->cap * 2 : 256;
	struct mm_site *v = calloc(cap, sizeof(*v));

	if (!v)
		return MM_ENOMEM;
	for (size_t i = 0; i < s->cap; i++) {
		size_t j;
		if (!s->site[i].count)
			continue;
		for (j = slot_of(s->site[i].caller, s->site[i].handle, cap); v[j].count; j = (j + 1) & (cap - 1))
			;
		v[j] = s->site[i];
	}
	free(s->site);
	s->site = v;
	s->cap = cap;
	return MM_OK;
}

static int add(struct mm_sites *s, const struct mm_track *t)
{
	struct mm_site *e;
	size_t j;

	if ((s->n + 1) * 2 > s->cap && grow(s))
		return MM_ENOMEM;
	for (j = slot_of(t->addr, t->handle, s->cap); s->site[j].count; j = (j + 1) & (s->cap - 1))
		if (s->site[j].caller == t->addr && s->site[j].handle == t->handle)
			break;
	e = &s->site[j];
	if (!e->count) {
		s->n++;
		e->caller = t->addr;
		e->handle = t->handle;
		e->pid_min = e->pid_max = t->pid;
		e->age_min = UINT32_MAX;
	}
	e->count++;
	if (t->pid < e->pid_min)
		e->pid_min = t->pid;
	if (t->pid > e->pid_max)
		e->pid_max = t->pid;
	if (t->cpu >= 0 && t->cpu < 64)
		e->cpus |= 1ull << t->cpu;
	if (t->has_age) {
		e->naged++;
		e->age_sum += t->age;
		if (t->age < e->age_min)
			e->age_min = t->age;
		if (t->age > e->age_max)
			e->age_max = t->age;
	}
	return MM_OK;
}

struct sites_walk {
	struct mm_tracking *tr;
	struct mm_sites *s;
	uint32_t track_off;
	int rc;
};

static int visit_slab(struct mm_kernel *k, const struct mm_slab_cache *c, const struct mm_slab *sl,
		      void *ctx)
{
	struct sites_walk *w = ctx;
	struct mm_sites *s = w->s;

	if (!sl->mem || !sl->free_set) {
		s->unread += sl->inuse;
		s->nproblems++;
		if (!s->first_problem.code)
			mm_err_set(&s->first_problem, sl->problem ? sl->problem : MM_EREAD,
				   "slab %x not walked: %.200s", sl->desc, sl->why);
		return 0;
	}
	for (uint32_t i = 0; i < sl->objects; i++) {
		kva_t obj = sl->s_mem + i * c->size;
		uint64_t rel = (uint64_t)(obj - sl->base) + w->track_off;
		struct mm_track t;

		if (mm_slab_obj_is_free(sl, obj))
			continue;
		if (rel + (uint64_t)w->tr->size > sl->mem_len)
			break;
		mm_track_decode(k, w->tr, sl->mem + rel, (size_t)w->tr->size, 0, &t);
		s->objects++;
		if (!t.addr) {
			s->untracked++;
			continue;
		}
		if (add(s, &t)) {
			w->rc = MM_ENOMEM;
			return MM_ENOMEM;
		}
	}
	return 0;
}

static int by_caller_then_count(const void *a, const void *b)
{
	const struct mm_site *x = a, *y = b;
	if (x->caller != y->caller)
		return x->caller < y->caller ? -1 : 1;
	return x->count > y->count ? -1 : x->count < y->count ? 1 : (x->handle > y->handle) - (x->handle < y->handle);
}

static int by_count(const void *a, const void *b)
{
	const struct mm_site_caller *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return (x->caller > y->caller) - (x->caller < y->caller);
}

/* Compacts the hash into an array sorted by caller, and builds the callers. */
static int group(struct mm_sites *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->cap; i++)
		if (s->site[i].count)
			s->site[n++] = s->site[i];
	s->n = n;
	if (!n)
		return MM_OK;
	qsort(s->site, n, sizeof(*s->site), by_caller_then_count);
	s->caller = calloc(n, sizeof(*s->caller));
	if (!s->caller)
		return MM_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct mm_site *e = &s->site[i];
		struct mm_site_caller *c = s->ncallers ? &s->caller[s->ncallers - 1] : NULL;
		if (!c || c->caller != e->caller) {
			c = &s->caller[s->ncallers++];
			c->caller = e->caller;
			c->first = i;
			c->pid_min = e->pid_min;
			c->pid_max = e->pid_max;
			c->age_min = UINT32_MAX;
		}
		c->nstacks++;
		c->count += e->count;
		c->age_sum += e->age_sum;
		c->naged += e->naged;
		if (e->naged && e->age_min < c->age_min)
			c->age_min = e->age_min;
		if (e->naged && e->age_max > c->age_max)
			c->age_max = e->age_max;
		if (e->pid_min < c->pid_min)
			c->pid_min = e->pid_min;
		if (e->pid_max > c->pid_max)
			c->pid_max = e->pid_max;
		c->cpus |= e->cpus;
	}
	qsort(s->caller, s->ncallers, sizeof(*s->caller), by_count);
	return MM_OK;
}

int mm_slab_sites(struct mm_kernel *k, struct mm_tracking *tr, struct mm_slab_cache *c,
		  struct mm_sites *s, struct mm_err *err)
{
	struct sites_walk w = { tr, s, mm_track_offset(c), 0 };
	int rc;

	memset(s, 0, sizeof(*s));
	if ((uint64_t)w.track_off + 2 * (uint64_t)tr->size > c->size)
		return mm_err_set(err, MM_ECORRUPT, "cache %s: tracks at +%u do not fit its %u-byte slots",
				  c->name, w.track_off, c->size);
	rc = mm_slab_walk(k, c, MM_SLAB_WALK, visit_slab, &w, &s->st, err);
	if (w.rc)
		return mm_err_set(err, w.rc, "out of memory counting the sites of %s", c->name);
	if (group(s))
		return mm_err_set(err, MM_ENOMEM, "out of memory counting the sites of %s", c->name);
	return rc;
}

void mm_sites_free(struct mm_sites *s)
{
	free(s->site);
	free(s->caller);
	s->site = NULL;
	s->caller = NULL;
	s->n = s->cap = s->ncallers = 0;
}
