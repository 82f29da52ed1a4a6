/* Page types by generation (include/linux/page-flags.h):
 *   <= 4.17   _mapcount == PAGE_BUDDY_MAPCOUNT_VALUE (-128): buddy only
 *   4.18-6.9  page_type, bits cleared under PAGE_TYPE_BASE 0xf0000000 (#defines, no debug info):
 *             buddy 0x80, offline (balloon < 5.0) 0x100, then with PG_kmemcg 0x200 (<= 5.10:
 *             page.mem_cgroup) table 0x400, guard 0x800; without it (5.11+: page.memcg_data)
 *             table 0x200, guard 0x400
 *   6.10-6.11 enum pagetype: PAGE_TYPE_BASE 0x80000000 and one cleared bit per type (PG_buddy
 *             0x40000000 ... PG_slab 0x02000000); PG_slab left enum pageflags
 *   6.12+     enum pagetype: the top byte is the type, PGTY_buddy 0xf0 ... PGTY_slab 0xf5
 * VMCOREINFO's PAGE_<TYPE>_MAPCOUNT_VALUE (~flag) is preferred where it is given. */
#include "pagetype.h"
#include "../read.h"
#include <stdio.h>
#include <string.h>

#define PAGE_TYPE_BASE_4_18 0xf0000000u
#define PAGE_BUDDY_MAPCOUNT_3_4 (-128)

const char *const mm_pgtype_name[MM_PGTY_NTYPES] = {
	"buddy", "offline", "table", "guard", "hugetlb", "slab", "zsmalloc", "unaccepted",
	"large_kmalloc",
};

/* VMCOREINFO names of the types it exports (~flag on 4.18-6.11). */
static const char *const vmcoreinfo_name[MM_PGTY_NTYPES] = {
	[MM_PGTY_BUDDY] = "PAGE_BUDDY_MAPCOUNT_VALUE",
	[MM_PGTY_OFFLINE] = "PAGE_OFFLINE_MAPCOUNT_VALUE",
	[MM_PGTY_HUGETLB] = "PAGE_HUGETLB_MAPCOUNT_VALUE",
	[MM_PGTY_SLAB] = "PAGE_SLAB_MAPCOUNT_VALUE",
	[MM_PGTY_UNACCEPTED] = "PAGE_UNACCEPTED_MAPCOUNT_VALUE",
};

/* 4.18-6.9: the bit of a type, by whether PG_kmemcg still took 0x200 (it left with the
 * memcg_data rework in 5.11). 0: no such type in this generation, or unknown. */
static uint32_t bit_4_18(struct mm_kernel *k, enum mm_pgtype t)
{
	int64_t v;
	long e;
	int kmemcg;

	if (vmcoreinfo_name[t] && mm_config_number(k, vmcoreinfo_name[t], &v) == 0)
		return ~(uint32_t)v;
	switch (t) {
	case MM_PGTY_BUDDY:
		return 0x80;
	case MM_PGTY_OFFLINE:
		return 0x100;
	case MM_PGTY_TABLE:
	case MM_PGTY_GUARD:
		if (mm_has_member(k, "page", "memcg_data") || mm_enum(k, "MEMCG_DATA_KMEM", &e) == 0)
			kmemcg = 0;
		else if (mm_has_member(k, "page", "mem_cgroup"))
			kmemcg = 1;
		else
			return 0; /* !CONFIG_MEMCG: nothing in the debug info tells */
		return (t == MM_PGTY_TABLE ? 0x200u : 0x400u) << kmemcg;
	default:
		return 0;
	}
}

int mm_pgtype_test(struct mm_kernel *k, enum mm_pgtype t, struct mm_pgtype_test *pt,
		   struct mm_err *err)
{
	const char *name = mm_pgtype_name[t];
	char en[40];
	int64_t v;
	long base, flag;
	uint32_t bit;

	memset(pt, 0, sizeof(*pt));
	pt->off = k->off.page_page_type;
	pt->mask = 0xffffffffu;
	switch (k->buddy_test) {
	case MM_BUDDY_MAPCOUNT:
		if (t != MM_PGTY_BUDDY)
			break;
		pt->off = k->off.page__mapcount;
		pt->value = (uint32_t)(mm_config_number(k, "PAGE_BUDDY_MAPCOUNT_VALUE", &v) ? PAGE_BUDDY_MAPCOUNT_3_4 : v);
		snprintf(pt->how, sizeof(pt->how), "_mapcount == %d", (int32_t)pt->value);
		return MM_OK;
	case MM_BUDDY_PAGE_TYPE:
		if (!(bit = bit_4_18(k, t)))
			break;
		pt->mask = PAGE_TYPE_BASE_4_18 | bit;
		pt->value = PAGE_TYPE_BASE_4_18;
		snprintf(pt->how, sizeof(pt->how), "page_type & %08x == %08x", pt->mask, pt->value);
		return MM_OK;
	case MM_BUDDY_PAGE_TYPE_BASE:
		snprintf(en, sizeof(en), "PG_%s", name);
		if (mm_enum_of(k, "pagetype", "PAGE_TYPE_BASE", &base) || mm_enum_of(k, "pagetype", en, &flag))
			break;
		pt->mask = (uint32_t)base | (uint32_t)flag;
		pt->value = (uint32_t)base;
		snprintf(pt->how, sizeof(pt->how), "page_type & %08x == %08x", pt->mask, pt->value);
		return MM_OK;
	case MM_BUDDY_PGTY:
		snprintf(en, sizeof(en), "PGTY_%s", name);
		if (mm_enum_of(k, "pagetype", en, &flag) || flag < 0 || flag > 0xff)
			break;
		pt->mask = 0xff000000u;
		pt->value = (uint32_t)flag << 24;
		snprintf(pt->how, sizeof(pt->how), "page_type >> 24 == %02lx", flag);
		return MM_OK;
	default:
		return mm_err_set(err, MM_EABSENT, "no page type test: page._mapcount/page_type not in the debug info");
	}
	return mm_err_set(err, MM_EABSENT, "no %s page type in this kernel's encoding", name);
}

int mm_page_has_type(struct mm_kernel *k, const uint8_t *page, size_t len, enum mm_pgtype t)
{
	struct mm_pgtype_test pt;

	if (mm_pgtype_test(k, t, &pt, NULL) || pt.off < 0 || (size_t)pt.off + 4 > len)
		return MM_EABSENT;
	return (mm_get32(page, len, pt.off) & pt.mask) == pt.value;
}

int mm_slab_page_test(struct mm_kernel *k, struct mm_pgtype_test *pt, struct mm_err *err)
{
	long bit;

	/* range-checked: a target that cannot list enum pageflags answers by name, and 6.10's
	 * PG_slab is enum pagetype's 0x02000000 */
	if (mm_enum_of(k, "pageflags", "PG_slab", &bit) == 0 && bit >= 0 && bit < 32) {
		memset(pt, 0, sizeof(*pt));
		pt->off = k->off.page_flags;
		pt->mask = pt->value = 1u << bit;
		snprintf(pt->how, sizeof(pt->how), "flags bit %ld (PG_slab)", bit);
		return pt->off >= 0 ? MM_OK : mm_err_set(err, MM_EABSENT, "page.flags not in this kernel's debug info");
	}
	if (mm_pgtype_test(k, MM_PGTY_SLAB, pt, NULL) == 0)
		return MM_OK;
	return mm_err_set(err, MM_EABSENT,
			  "PageSlab unknown: neither a PG_slab page flag nor a slab page type in the debug info");
}

int mm_page_is_slab(struct mm_kernel *k, uint32_t flags, uint32_t page_type, struct mm_err *err)
{
	struct mm_pgtype_test pt;
	int rc = mm_slab_page_test(k, &pt, err);

	if (rc)
		return rc;
	return ((pt.off == k->off.page_flags ? flags : page_type) & pt.mask) == pt.value;
}
