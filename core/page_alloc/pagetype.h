/* Page types: what a struct page's page_type word (or _mapcount before 4.18) says the page is
 * (buddy, page table, slab on 6.10+, ...), in each generation's encoding. */
#ifndef MM_PAGETYPE_H
#define MM_PAGETYPE_H
#include "../kernel.h"

enum mm_pgtype {
	MM_PGTY_BUDDY,
	MM_PGTY_OFFLINE,
	MM_PGTY_TABLE,
	MM_PGTY_GUARD,
	MM_PGTY_HUGETLB,
	MM_PGTY_SLAB,       /* 6.10+: a page type; before, the PG_slab page flag */
	MM_PGTY_ZSMALLOC,
	MM_PGTY_UNACCEPTED,
	MM_PGTY_LARGE_KMALLOC,
	MM_PGTY_NTYPES
};
extern const char *const mm_pgtype_name[MM_PGTY_NTYPES];

/* The test for type t on this kernel: (word at off & mask) == value; how says it for reports. */
struct mm_pgtype_test {
	long off;           /* page.page_type, or page._mapcount (<= 4.17) */
	uint32_t mask, value;
	char how[64];
};
/* MM_OK, or MM_EABSENT when this kernel has no such type or its encoding cannot be told. */
int mm_pgtype_test(struct mm_kernel *k, enum mm_pgtype t, struct mm_pgtype_test *pt,
		   struct mm_err *err);
/* 1 if the struct page bytes carry type t, 0 if not, MM_EABSENT if the kernel cannot say. */
int mm_page_has_type(struct mm_kernel *k, const uint8_t *page, size_t len, enum mm_pgtype t);
/* PageSlab as a word test on struct page: PG_slab in flags up to 6.9, the slab page type from
 * 6.10. MM_OK, or MM_EABSENT when the kernel has neither. */
int mm_slab_page_test(struct mm_kernel *k, struct mm_pgtype_test *pt, struct mm_err *err);
/* PageSlab of a head page: PG_slab in flags up to 6.9, the slab page type from 6.10.
 * 1, 0, or MM_EABSENT when the kernel has neither (err says so). */
int mm_page_is_slab(struct mm_kernel *k, uint32_t flags, uint32_t page_type, struct mm_err *err);

#endif
