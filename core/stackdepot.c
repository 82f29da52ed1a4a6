/* The stack depot: handle -> pool and offset -> stack_record -> entries, with the handle
 * packing probed per generation (see stackdepot.h) and every record checked against the
 * handle that named it. */
#include "stackdepot.h"
#include "read.h"
#include <string.h>

#define DEPOT_ALIGN_SHIFT 4 /* STACK_ALLOC_ALIGN / DEPOT_STACK_ALIGN: records on 16 bytes */

struct depot_packing {
	const char *name;
	int pools;                /* which array symbol it goes with */
	unsigned index_bits, offset_bits;
	int valid_bit;            /* -1: none (6.8+ index_plus_1 makes 0 invalid instead) */
	int index_plus_one;
};

static const struct depot_packing packings[] = {
	{ "stack_pools, pool_index_plus_1:17 offset:10 extra:5 (6.8+)", 1, 17, 10, -1, 1 },
	{ "stack_pools, pool_index:16 offset:10 valid:1 extra:5 (6.3-6.7)", 1, 16, 10, 26, 0 },
	{ "stack_slabs, slabindex:16 offset:10 valid:1 extra:5 (5.17-6.2)", 0, 16, 10, 26, 0 },
	{ "stack_slabs, slabindex:21 offset:10 valid:1 (4.6-5.16)", 0, 21, 10, 31, 0 },
};
#define NPACKINGS ((int)(sizeof(packings) / sizeof(packings[0])))

const char *mm_depot_layout_name(const struct mm_depot *d)
{
	return d->layout >= 0 && d->layout < NPACKINGS ? packings[d->layout].name : "";
}

int mm_depot_open(struct mm_kernel *k, struct mm_depot *d, struct mm_err *err)
{
	static const char *const syms[] = { "stack_pools", "stack_slabs" };
	uint64_t v;

	if (d->opened > 0)
		return MM_OK;
	if (d->opened < 0) {
		if (err)
			*err = d->absent;
		return d->absent.code;
	}
	memset(d, 0, sizeof(*d));
	d->layout = -1;
	for (int i = 0; i < 2; i++) {
		if (mm_symbol(k, syms[i], &v, NULL))
			continue;
		d->slabs = (kva_t)v;
		d->pools = i == 0;
		d->nslabs = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, syms[i]) : -1;
		if (d->nslabs < 0 || d->nslabs > (1L << 21))
			d->nslabs = 0;
		break;
	}
	if (!d->slabs)
		mm_err_set(&d->absent, MM_EABSENT, "no stack depot in this kernel (neither stack_pools nor stack_slabs)");
	else if (k->off.stack_record_entries < 0 || k->off.stack_record_handle < 0 ||
		 k->off.stack_record_nentries < 0)
		mm_err_set(&d->absent, MM_EABSENT,
			   "stack_record.size/handle/entries not in this kernel's debug info");
	if (d->absent.code) {
		d->opened = -1;
		if (err)
			*err = d->absent;
		return d->absent.code;
	}
	d->opened = 1;
	return MM_OK;
}

static uint32_t bits(uint32_t v, unsigned shift, unsigned n)
{
	return n >= 32 ? v >> shift : (v >> shift) & ((1u << n) - 1);
}

/* The record a packing says the handle names, and whether its own handle field agrees. */
static int try_packing(struct mm_kernel *k, const struct mm_depot *d, const struct depot_packing *p,
		       uint32_t handle, kva_t *rec, uint32_t *nentries, struct mm_err *err)
{
	uint32_t index = bits(handle, 0, p->index_bits);
	uint32_t offset = bits(handle, p->index_bits, p->offset_bits);
	unsigned used = p->index_bits + p->offset_bits + (p->valid_bit >= 0 ? 1 : 0);
	uint32_t mask = used >= 32 ? ~0u : (1u << used) - 1, pool, stored;
	const struct mm_offsets *o = &k->off;

	if (p->valid_bit >= 0 && !(handle & (1u << p->valid_bit)))
		return mm_err_set(err, MM_ECORRUPT, "handle %08x: valid bit %d clear", handle, p->valid_bit);
	if (p->index_plus_one) {
		if (!index)
			return mm_err_set(err, MM_ECORRUPT, "handle %08x: pool index 0 (none)", handle);
		index--;
	}
	if (d->nslabs && index >= (uint32_t)d->nslabs)
		return mm_err_set(err, MM_ECORRUPT, "handle %08x: pool %u beyond %s[%ld]", handle, index,
				  d->pools ? "stack_pools" : "stack_slabs", d->nslabs);
	if (mm_read_u32(k, d->slabs + 4 * index, &pool, err))
		return mm_err_wrap(err, "%s[%u]", d->pools ? "stack_pools" : "stack_slabs", index);
	if (!pool)
		return mm_err_set(err, MM_ECORRUPT, "handle %08x: pool %u not allocated", handle, index);
	*rec = pool + (offset << DEPOT_ALIGN_SHIFT);
	if (mm_read_u32(k, *rec + (kva_t)o->stack_record_handle, &stored, err) ||
	    mm_read_u32(k, *rec + (kva_t)o->stack_record_nentries, nentries, err))
		return mm_err_wrap(err, "stack record %x of handle %08x", *rec, handle);
	if ((stored & mask) != (handle & mask))
		return mm_err_set(err, MM_ECORRUPT, "stack record %x carries handle %08x, not %08x", *rec,
				  stored, handle);
	return MM_OK;
}

int mm_depot_fetch(struct mm_kernel *k, struct mm_depot *d, uint32_t handle, uint32_t *frames,
		   int max, struct mm_err *err)
{
	struct mm_err first = { 0 };
	uint8_t b[4 * MM_DEPOT_MAX_FRAMES];
	uint32_t n = 0;
	kva_t rec = 0;
	int rc = MM_ECORRUPT;

	if (mm_depot_open(k, d, err))
		return d->absent.code;
	if (!handle)
		return mm_err_set(err, MM_EABSENT, "no stack recorded (handle 0)");
	if (d->layout >= 0)
		rc = try_packing(k, d, &packings[d->layout], handle, &rec, &n, &first);
	else
		for (int i = 0; i < NPACKINGS; i++) {
			struct mm_err e = { 0 };
			if (packings[i].pools != d->pools)
				continue;
			rc = try_packing(k, d, &packings[i], handle, &rec, &n, &e);
			if (!rc) {
				d->layout = i;
				break;
			}
			if (!first.code)
				first = e;
		}
	if (rc) {
		if (err)
			*err = first;
		return rc;
	}
	if (!n || n > MM_DEPOT_MAX_FRAMES)
		return mm_err_set(err, MM_ECORRUPT, "stack record %x of handle %08x: %u entries", rec,
				  handle, n);
	if ((int)n > max)
		n = max > 0 ? (uint32_t)max : 0;
	if (mm_read(k, rec + (kva_t)k->off.stack_record_entries, MM_KVADDR, b, 4 * (size_t)n, err))
		return mm_err_wrap(err, "entries of stack record %x", rec);
	for (uint32_t i = 0; i < n; i++)
		frames[i] = mm_get32(b, sizeof(b), 4 * (long)i);
	return (int)n;
}
