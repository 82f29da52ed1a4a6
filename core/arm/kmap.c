/* pkmap and fixmap slots. */
#include "kmap.h"
#include "../page_alloc/memmap.h"
#include "pgtable.h"
#include "../list.h"
#include "../read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KM_TYPE_NR 16 /* kmap types per CPU up to 3.15 (arch/arm/include/asm/kmap_types.h) */
#define PAGE_ADDRESS_HTABLE_SIZE 128
#define PAGE_ADDRESS_MAX_CHAIN 4096

/* ---- fixmap ---- */

/* An enumerator of enum fixed_addresses (listed once, where the target can), or dflt. */
static long enum_or(struct mm_kernel *k, const char *name, long dflt)
{
	long v;
	return mm_enum_of(k, "fixed_addresses", name, &v) == 0 ? v : dflt;
}

/* <= 5.10: kmap_atomic pushes the per-CPU __kmap_atomic_idx; slots below it are in use. */
static int depths_atomic(struct mm_kernel *k, struct mm_fixmap_scheme *s)
{
	uint64_t var;
	uint32_t v;

	if (mm_symbol(k, "__kmap_atomic_idx", &var, NULL))
		return 0;
	for (int c = 0; c < k->nr_cpus && c < MM_MAX_CPUS; c++)
		if (mm_read_u32(k, (kva_t)var + k->per_cpu_offset[c], &v, NULL) == 0)
			s->depth[c] = (int)v;
	s->depth_from = "__kmap_atomic_idx";
	return 1;
}

/* 5.11+: kmap_local pushes current->kmap_ctrl.idx; a context switch unmaps the outgoing task's
 * slots and maps the incoming one's, so a CPU's slots in use are those of the task it runs. */
static int depths_local(struct mm_kernel *k, struct mm_fixmap_scheme *s)
{
	const struct mm_offsets *o = &k->off;
	uint64_t rq;
	uint32_t task, v;

	if (o->task_struct_kmap_ctrl < 0 || o->kmap_ctrl_idx < 0)
		return 0;
	if (o->rq_curr < 0 || mm_symbol(k, "runqueues", &rq, NULL)) {
		snprintf(s->depth_why, sizeof(s->depth_why), "runqueues or rq.curr not in the debug info");
		return 1;
	}
	for (int c = 0; c < k->nr_cpus && c < MM_MAX_CPUS; c++)
		if (mm_read_u32(k, (kva_t)rq + k->per_cpu_offset[c] + (kva_t)o->rq_curr, &task, NULL) == 0 &&
		    mm_is_lowmem(k, task) &&
		    mm_read_u32(k, task + (kva_t)(o->task_struct_kmap_ctrl + o->kmap_ctrl_idx), &v, NULL) == 0)
			s->depth[c] = (int)v;
	s->depth_from = "kmap_ctrl.idx of rq->curr";
	return 1;
}

static void kmap_depths(struct mm_kernel *k, struct mm_fixmap_scheme *s)
{
	for (int c = 0; c < MM_MAX_CPUS; c++)
		s->depth[c] = -1;
	if (!depths_local(k, s) && !depths_atomic(k, s))
		snprintf(s->depth_why, sizeof(s->depth_why),
			 "neither task_struct.kmap_ctrl nor __kmap_atomic_idx in the debug info");
	for (int c = 0; c < MM_MAX_CPUS; c++)
		if (s->depth[c] < 0 || s->depth[c] > s->per_cpu)
			s->depth[c] = -1; /* unread, or a depth no CPU can have */
}

void mm_fixmap_scheme(struct mm_kernel *k, struct mm_fixmap_scheme *s)
{
	long nslots, ncpu;

	memset(s, 0, sizeof(*s));
	s->kmap_begin = enum_or(k, "FIX_KMAP_BEGIN", -1);
	s->have_enum = s->kmap_begin >= 0;
	s->earlycon = enum_or(k, "FIX_EARLYCON_MEM_BASE", -1);
	s->text_poke0 = enum_or(k, "FIX_TEXT_POKE0", -1);
	s->text_poke1 = enum_or(k, "FIX_TEXT_POKE1", -1);
	s->btmap_end = enum_or(k, "FIX_BTMAP_END", -1);
	s->btmap_begin = enum_or(k, "FIX_BTMAP_BEGIN", -1);
	ncpu = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, "__per_cpu_offset") : -1;
	s->nr_cpus = ncpu > 0 ? ncpu : k->nr_cpus;
	if (!s->have_enum) { /* <= 3.15: idx = type + KM_TYPE_NR * cpu from FIXADDR_START */
		s->kmap_begin = 0;
		s->kmap_end = (long)((k->fixaddr_end - k->fixaddr_start) >> k->page_shift) - 1;
		s->per_cpu = KM_TYPE_NR;
		kmap_depths(k, s);
		return;
	}
	s->kmap_end = enum_or(k, "FIX_KMAP_END", s->kmap_begin + KM_TYPE_NR * s->nr_cpus - 1);
	nslots = s->kmap_end - s->kmap_begin + 1;
	/* The enum was sized KM_TYPE_NR (KM_MAX_IDX from 5.11) * NR_CPUS. */
	s->per_cpu = s->nr_cpus > 0 && nslots % s->nr_cpus == 0 ? nslots / s->nr_cpus : KM_TYPE_NR;
	kmap_depths(k, s);
}

long mm_fixmap_index(const struct mm_kernel *k, kva_t va)
{
	if (va < k->fixaddr_start || va >= k->fixaddr_end)
		return -1;
	va &= ~(k->page_size - 1);
	if (k->fixmap_grows_down)
		return va > k->fixaddr_top ? -1 : (long)((k->fixaddr_top - va) >> k->page_shift);
	return (long)((va - k->fixaddr_start) >> k->page_shift);
}

kva_t mm_fixmap_addr(const struct mm_kernel *k, long idx)
{
	if (k->fixmap_grows_down)
		return k->fixaddr_top - ((kva_t)idx << k->page_shift);
	return k->fixaddr_start + ((kva_t)idx << k->page_shift);
}

int mm_fixmap_slot(struct mm_kernel *k, const struct mm_fixmap_scheme *s, kva_t va,
		   struct mm_fixmap_slot *out)
{
	long idx = mm_fixmap_index(k, va);

	memset(out, 0, sizeof(*out));
	out->cpu = out->nest = out->stale = -1;
	if (idx < 0)
		return -1;
	out->idx = idx;
	out->va = mm_fixmap_addr(k, idx);
	if (idx >= s->kmap_begin && idx <= s->kmap_end && s->per_cpu > 0) {
		/* kmap_atomic: idx = type + KM_TYPE_NR * cpu; kmap_local: idx + KM_MAX_IDX * cpu. */
		out->what = "kmap";
		out->cpu = (int)((idx - s->kmap_begin) / s->per_cpu);
		out->nest = (int)((idx - s->kmap_begin) % s->per_cpu);
		if (out->cpu < MM_MAX_CPUS && s->depth[out->cpu] >= 0)
			out->stale = out->nest >= s->depth[out->cpu];
		if (out->stale == 1)
			out->what = "stale kmap";
		snprintf(out->name, sizeof(out->name), "%s cpu %d #%d", out->what, out->cpu, out->nest);
	} else if (idx == s->earlycon) {
		out->what = "earlycon";
		snprintf(out->name, sizeof(out->name), "earlycon");
	} else if (idx == s->text_poke0 || idx == s->text_poke1) {
		out->what = "text poke";
		snprintf(out->name, sizeof(out->name), "text poke %d", idx == s->text_poke1);
	} else if (s->btmap_end >= 0 && idx >= s->btmap_end && idx <= s->btmap_begin) {
		out->what = "early ioremap";
		snprintf(out->name, sizeof(out->name), "early ioremap #%ld", idx - s->btmap_end);
	} else {
		out->what = "fixmap";
		snprintf(out->name, sizeof(out->name), "fixmap %ld", idx);
	}
	return 0;
}

/* ---- pkmap ---- */

static void pkmap_error(struct mm_pkmap *p, const struct mm_err *err)
{
	if (p->nerrors < (int)(sizeof(p->errors) / sizeof(p->errors[0])))
		p->errors[p->nerrors++] = *err;
}

static int pkmap_leaf(struct mm_kernel *k, const struct mm_pt_leaf *l, void *ctx)
{
	struct mm_pkmap *p = ctx;

	for (uint64_t va = l->va; va < (uint64_t)l->va + l->size; va += k->page_size) {
		unsigned nr = (unsigned)((va - k->pkmap_base) >> k->page_shift);
		struct mm_pkmap_slot *s;
		if (nr >= p->n)
			break;
		s = &p->slot[nr];
		s->mapped = 1;
		s->pa = l->pa + (va - l->va);
		s->pfn = s->pa >> k->page_shift;
		s->page = mm_page_of(k, s->pfn);
	}
	return 0;
}

static void pkmap_bad(struct mm_kernel *k, const struct mm_err *err, void *ctx)
{
	pkmap_error(ctx, err);
}

static int htable_entry(struct mm_kernel *k, kva_t pam, void *ctx)
{
	struct mm_pkmap *p = ctx;
	uint8_t buf[16];
	long len = (k->off.page_address_map_page > k->off.page_address_map_virtual
			    ? k->off.page_address_map_page : k->off.page_address_map_virtual) + 4;
	struct mm_err err;
	kva_t page, virt;
	unsigned nr;

	if (len > (long)sizeof(buf) || mm_read(k, pam, MM_KVADDR, buf, (size_t)len, &err))
		return MM_EREAD;
	page = mm_get32(buf, sizeof(buf), k->off.page_address_map_page);
	virt = mm_get32(buf, sizeof(buf), k->off.page_address_map_virtual);
	p->htable_entries++;
	nr = (unsigned)((virt - k->pkmap_base) >> k->page_shift);
	if (virt < k->pkmap_base || nr >= p->n || (virt & (k->page_size - 1)))
		p->htable_stray++;
	else
		p->slot[nr].htable_page = page;
	return 0;
}

/* page_address_htable: the pages kmap() mapped, hashed by struct page. */
static void read_htable(struct mm_kernel *k, struct mm_pkmap *p)
{
	struct mm_err err = { 0 };
	uint64_t base;
	long n, step;

	if (mm_symbol(k, "page_address_htable", &base, NULL))
		return; /* WANT_PAGE_VIRTUAL kernels keep page->virtual instead */
	if (MM_NEED(k, &err, page_address_slot, lh) || MM_NEED(k, &err, page_address_map, list) ||
	    MM_NEED(k, &err, page_address_map, page) || MM_NEED(k, &err, page_address_map, virtual) ||
	    mm_need(&err, k->off.page_address_slot_size, "sizeof(page_address_slot)")) {
		mm_err_wrap(&err, "page_address_htable");
		pkmap_error(p, &err);
		return;
	}
	n = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, "page_address_htable") : -1;
	if (n <= 0 || n > 4096)
		n = PAGE_ADDRESS_HTABLE_SIZE;
	step = k->off.page_address_slot_size;
	p->have_htable = 1;
	for (long i = 0; i < n; i++) {
		kva_t head = (kva_t)base + (kva_t)(i * step) + (kva_t)k->off.page_address_slot_lh;
		if (mm_list_walk(k, head, k->off.page_address_map_list, PAGE_ADDRESS_MAX_CHAIN,
				 htable_entry, p, &err) < 0) {
			mm_err_wrap(&err, "page_address_htable[%ld]", i);
			pkmap_error(p, &err);
		}
	}
}

int mm_pkmap_read(struct mm_kernel *k, struct mm_pkmap *p, struct mm_err *err)
{
	uint64_t counts;
	int32_t *cnt;
	int rc;

	memset(p, 0, sizeof(*p));
	if (!k->has_highmem)
		return mm_err_set(err, MM_EABSENT, "no pkmap: kernel built without HIGHMEM");
	if (k->last_pkmap == 0 || k->last_pkmap > 4096)
		return mm_err_set(err, MM_ECORRUPT, "LAST_PKMAP %u is absurd", k->last_pkmap);
	p->n = k->last_pkmap;
	p->slot = calloc(p->n, sizeof(*p->slot));
	cnt = calloc(p->n, sizeof(*cnt));
	if (!p->slot || !cnt) {
		free(cnt);
		mm_pkmap_free(p);
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	}
	for (unsigned i = 0; i < p->n; i++) {
		p->slot[i].nr = i;
		p->slot[i].va = k->pkmap_base + (i << k->page_shift);
		p->slot[i].count = -1;
	}
	rc = mm_symbol(k, "pkmap_count", &counts, err);
	if (!rc)
		rc = mm_read(k, counts, MM_KVADDR, cnt, 4 * (size_t)p->n, err);
	if (rc) {
		mm_err_wrap(err, "pkmap_count");
		pkmap_error(p, err);
	} else
		for (unsigned i = 0; i < p->n; i++)
			p->slot[i].count = cnt[i];
	free(cnt);
	rc = mm_pt_scan(k, k->pkmap_base, (uint64_t)k->pkmap_base + ((uint64_t)p->n << k->page_shift),
			pkmap_leaf, pkmap_bad, p, err);
	if (rc) {
		mm_err_wrap(err, "pkmap page table");
		pkmap_error(p, err);
	}
	read_htable(k, p);
	mm_err_clear(err);
	return MM_OK;
}

void mm_pkmap_free(struct mm_pkmap *p)
{
	free(p->slot);
	p->slot = NULL;
}
