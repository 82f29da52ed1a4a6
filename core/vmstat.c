#include "vmstat.h"
#include "read.h"
#include "page_alloc/page_alloc.h"
#include <string.h>

int mm_vmstat_global(struct mm_kernel *k, enum mm_stat_home home, const char *item, int64_t *pages,
		     struct mm_err *err)
{
	const char *array = home == MM_STAT_NODE && mm_has_symbol(k, "vm_node_stat") ? "vm_node_stat"
			    : mm_has_symbol(k, "vm_zone_stat") ? "vm_zone_stat" : "vm_stat";
	uint64_t base;
	uint32_t v;
	long idx, len;
	int rc;

	if (mm_enum(k, item, &idx))
		return mm_err_set(err, MM_EABSENT, "counter %s not in this kernel", item);
	rc = mm_symbol(k, array, &base, err);
	if (rc)
		return rc;
	len = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, array) : -1;
	if (idx < 0 || (len > 0 && idx >= len))
		return mm_err_set(err, MM_EABSENT, "counter %s (index %ld) is not in %s", item, idx, array);
	/* atomic_long_t: one 32-bit word on ARM */
	rc = mm_read_u32(k, (kva_t)base + 4 * (kva_t)idx, &v, err);
	if (rc)
		return mm_err_wrap(err, "%s[%s]", array, item);
	*pages = (int32_t)v < 0 ? 0 : (int32_t)v; /* per-cpu drift can leave a global slightly negative */
	return MM_OK;
}

/* A counter variable, never a function of that name. */
static int counter_var(struct mm_kernel *k, const char *name, uint32_t *v)
{
	uint64_t a;

	if (mm_symbol(k, name, &a, NULL) || (k->etext > k->text && a >= k->text && a < k->etext))
		return MM_EABSENT;
	return mm_read_u32(k, (kva_t)a, v, NULL);
}

/* is_highmem(zone): ZONE_HIGHMEM, or ZONE_MOVABLE when movable_zone is ZONE_HIGHMEM. */
static int zone_is_highmem(struct mm_kernel *k, const struct mm_zone *zn)
{
	long high, movable;
	uint32_t mz;

	if (mm_enum(k, "ZONE_HIGHMEM", &high))
		return !strcmp(zn->name, "HighMem");
	if (zn->idx == high)
		return 1;
	return mm_enum(k, "ZONE_MOVABLE", &movable) == 0 && zn->idx == movable &&
	       mm_read_sym_u32(k, "movable_zone", &mz, NULL) == 0 && mz == (uint32_t)high;
}

/* 6.x kernels that dropped _totalhigh_pages compute it (__totalhigh_pages, mm/highmem.c):
 * the managed pages of the populated highmem zones. */
static int totalhigh_from_zones(struct mm_kernel *k, uint64_t *pages, struct mm_err *err)
{
	struct mm_zones z;
	int rc = mm_zones_read(k, &z, err);

	if (rc)
		return mm_err_wrap(err, "summed from the highmem zones");
	*pages = 0;
	for (int i = 0; i < z.nr_zones; i++) {
		const struct mm_zone *zn = &z.zone[i];
		if (!zone_is_highmem(k, zn))
			continue;
		if (zn->managed < 0)
			return mm_err_set(err, MM_EABSENT, "highmem zone %s has no managed_pages", zn->name);
		*pages += (uint64_t)zn->managed;
	}
	return MM_OK;
}

int mm_total_pages(struct mm_kernel *k, int high, uint64_t *pages, struct mm_err *err)
{
	static const char *const names[2][2] = { { "_totalram_pages", "totalram_pages" },
						 { "_totalhigh_pages", "totalhigh_pages" } };
	uint32_t v;

	for (int i = 0; i < 2; i++) /* atomic_long_t (5.0+) or unsigned long */
		if (counter_var(k, names[high][i], &v) == 0) {
			*pages = v;
			return MM_OK;
		}
	if (high && !k->has_highmem) {
		*pages = 0;
		return MM_OK;
	}
	if (high && mm_has_symbol(k, "__totalhigh_pages"))
		return totalhigh_from_zones(k, pages, err);
	if (high)
		return mm_err_set(err, MM_EABSENT,
				  "no _totalhigh_pages or totalhigh_pages variable, and no __totalhigh_pages "
				  "to sum it from the zones");
	return mm_err_set(err, MM_EABSENT, "neither _totalram_pages nor totalram_pages found");
}
