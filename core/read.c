#include "read.h"
#include <string.h>

static const char *space_name(enum mm_space s)
{
	return s == MM_PHYSADDR ? "physaddr" : "kvaddr";
}

/* Kernel-virtual read for targets that only read physical memory: page by page, since
 * consecutive virtual pages need not be physically contiguous outside lowmem. */
static int read_translated(struct mm_kernel *k, uint64_t va, uint8_t *buf, size_t len,
			   struct mm_err *err)
{
	while (len) {
		uint32_t page = k->page_size ? k->page_size : 4096;
		size_t chunk = page - (va & (page - 1));
		phys_t pa;
		int rc;

		if (chunk > len)
			chunk = len;
		if (va > 0xffffffffULL)
			return mm_err_set(err, MM_EINVAL, "kvaddr %llx beyond 32 bits",
					  (unsigned long long)va);
		if (mm_is_lowmem(k, va))
			pa = mm_lowmem_pa(k, (kva_t)va);
		else if (k->translate) {
			rc = k->translate(k, (kva_t)va, &pa, err);
			if (rc)
				return rc;
		} else
			return mm_err_set(err, MM_EUNMAPPED,
					  "kvaddr %llx is outside lowmem and no page-table walker is set",
					  (unsigned long long)va);
		rc = k->t->ops->read(k->t->ctx, pa, MM_PHYSADDR, buf, chunk);
		if (rc == MM_EEXCLUDED)
			return mm_err_set(err, MM_EEXCLUDED, "kvaddr %llx (physaddr %llx): page excluded from the dump",
					  (unsigned long long)va, (unsigned long long)pa);
		if (rc)
			return mm_err_set(err, MM_EREAD, "cannot read %zu bytes at kvaddr %llx (physaddr %llx)",
					  chunk, (unsigned long long)va, (unsigned long long)pa);
		va += chunk;
		buf += chunk;
		len -= chunk;
	}
	return MM_OK;
}

int mm_read(struct mm_kernel *k, uint64_t addr, enum mm_space space, void *buf, size_t len,
	    struct mm_err *err)
{
	int rc;

	if (space == MM_KVADDR && !k->t->reads_kvaddr)
		return read_translated(k, addr, buf, len, err);
	rc = k->t->ops->read(k->t->ctx, addr, space, buf, len);
	if (rc == MM_EEXCLUDED)
		return mm_err_set(err, MM_EEXCLUDED, "%s %llx: page excluded from the dump",
				  space_name(space), (unsigned long long)addr);
	if (rc)
		return mm_err_set(err, MM_EREAD, "cannot read %zu bytes at %s %llx", len,
				  space_name(space), (unsigned long long)addr);
	return MM_OK;
}

int mm_read_uint(struct mm_kernel *k, kva_t va, long size, uint64_t *v, struct mm_err *err)
{
	uint8_t b[8];
	int rc;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return mm_err_set(err, MM_EINVAL, "cannot read an integer of %ld bytes", size);
	rc = mm_read(k, va, MM_KVADDR, b, size, err);
	if (rc)
		return rc;
	*v = mm_get(b, sizeof(b), 0, size);
	return MM_OK;
}

int mm_read_u32(struct mm_kernel *k, kva_t va, uint32_t *v, struct mm_err *err)
{
	uint64_t x;
	int rc = mm_read_uint(k, va, 4, &x, err);
	if (!rc)
		*v = (uint32_t)x;
	return rc;
}

int mm_read_u64(struct mm_kernel *k, kva_t va, uint64_t *v, struct mm_err *err)
{
	return mm_read_uint(k, va, 8, v, err);
}

int mm_read_sym_u32(struct mm_kernel *k, const char *sym, uint32_t *v, struct mm_err *err)
{
	uint64_t addr;
	int rc = mm_symbol(k, sym, &addr, err);
	if (rc)
		return rc;
	rc = mm_read_u32(k, (kva_t)addr, v, err);
	if (rc)
		mm_err_wrap(err, "reading %s", sym);
	return rc;
}
