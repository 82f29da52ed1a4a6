/* Pages a filtered dump left out (makedumpfile -d LEVEL): whether a page's own bytes are in the
 * dump, and which of makedumpfile's page classes explains their absence. */
#ifndef MM_DUMP_FILTER_H
#define MM_DUMP_FILTER_H
#include "../kernel.h"
#include "page.h"

/* makedumpfile's dump level bits (its -d): what each one drops. */
enum mm_dump_filter {
	MM_DUMP_ZERO = 1,       /* pages filled with zeros */
	MM_DUMP_CACHE = 2,      /* page cache without private data */
	MM_DUMP_CACHE_PRI = 4,  /* page cache with private data (buffers) */
	MM_DUMP_USER = 8,       /* user process data (anonymous) */
	MM_DUMP_FREE = 16,      /* free pages */
};

/* 1 when the dump holds the struct page but not the page itself (MM_EEXCLUDED), else 0. */
int mm_page_excluded(struct mm_kernel *k, uint64_t pfn);

/* "excluded from the dump (makedumpfile -d 16 drops free pages)": the class of `kind` that the
 * dump level drops, or pages of zeros when the level drops those and not the kind's class;
 * dump_level < 0 (not known): the kind's class. has_private: PG_private is set (a page cache
 * page with buffers is class 4, without them class 2). */
const char *mm_page_excluded_why(enum mm_page_kind kind, int has_private, long dump_level);

/* NULL when pfn's own bytes are in the dump; else why they are not, from its struct page
 * (`page` and `addr` print it as "contents"). */
const char *mm_page_contents_missing(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn);

/* The dump's makedumpfile level from the target ("DUMP_LEVEL"), or -1 when not filtered / unknown. */
long mm_dump_level(struct mm_kernel *k);

#endif
