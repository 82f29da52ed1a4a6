#include "vmstat.h"
#include "read.h"

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

int mm_total_pages(struct mm_kernel *k, int high, uint64_t *pages, struct mm_err *err)
{
	static const char *const names[2][2] = { { "_totalram_pages", "totalram_pages" },
						 { "_totalhigh_pages", "totalhigh_pages" } };
	uint32_t v;

	for (int i = 0; i < 2; i++)
		if (mm_read_sym_u32(k, names[high][i], &v, NULL) == 0) {
			*pages = v;
			return MM_OK;
		}
	if (high && !k->has_highmem) {
		*pages = 0;
		return MM_OK;
	}
	return mm_err_set(err, MM_EABSENT, "neither %s nor %s found", names[high][0], names[high][1]);
}
