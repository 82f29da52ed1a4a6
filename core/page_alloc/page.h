/* One struct page decoded, and what the page is: the classification `mmview page` prints and
 * `mmview addr` reuses. */
#ifndef MM_PAGE_H
#define MM_PAGE_H
#include "../kernel.h"
#include "memmap.h"
#include "page_alloc.h"

enum mm_page_kind {
	MM_PAGE_UNKNOWN,
	MM_PAGE_FREE,       /* in a buddy free block (head or inside) */
	MM_PAGE_PCP,        /* refcount 0, not buddy: on a per-cpu free list or being freed */
	MM_PAGE_SLAB,
	MM_PAGE_PGTABLE,
	MM_PAGE_FILE,       /* page cache: mapping without PAGE_MAPPING_ANON */
	MM_PAGE_ANON,
	MM_PAGE_MOVABLE_OPS, /* mapping & PAGE_MAPPING_MOVABLE (zsmalloc, balloon, ...) */
	MM_PAGE_RESERVED,
	MM_PAGE_KERNEL,     /* allocated, no owner in struct page: alloc_pages, vmalloc, ... */
};
const char *mm_page_kind_name(enum mm_page_kind kind);

struct mm_page_info {
	uint64_t pfn;
	kva_t page;
	uint32_t flags;
	int32_t refcount, mapcount;
	uint32_t page_type, private, index;
	const char *type_name;   /* the page type page_type carries ("buddy", "table", ...), or NULL */
	kva_t mapping;
	int zone_flags;          /* zone number in page->flags, -1 unknown */
	char flag_names[320];    /* "locked|uptodate|lru" */
	enum mm_page_kind kind;
	/* compound pages */
	int tail;
	uint64_t head_pfn;       /* compound head, or free block head */
	/* free */
	int order;               /* free block order, -1 */
	int on_list_mt;          /* migrate type of the free list holding the block, -1 unknown */
	/* slab */
	kva_t slab_cache;
	char slab_name[48];
};

/* Decodes pfn's struct page and classifies it. Reads the page, its compound head, the heads
 * of candidate free blocks below it (one struct page per order), and for a free block the
 * free lists of its order to find its migrate type. */
int mm_page_identify(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn,
		     struct mm_page_info *pi, struct mm_err *err);

/* page->flags as names, from enum pageflags in the debug info (else the generation's table). */
void mm_page_flag_names(struct mm_kernel *k, uint32_t flags, char *buf, size_t len);
/* The zone number kept in the top bits of page->flags, or -1 if the layout is unknown. */
int mm_page_flags_zone(struct mm_kernel *k, const struct mm_memmap *m, uint32_t flags);

/* A struct page classified from its own bytes alone (page_kind.c), for maps of whole zones
 * read with mm_page_range: no compound head, free block head or free list is read. A tail
 * page is reported as such (its head's kind applies); a buddy head gives its order. */
struct mm_page_kinds {
	long flags_off, refcount_off, type_off, mapping_off, private_off, compound_head_off;
	int slab_bit, reserved_bit, tail_bit;      /* -1: not in this kernel */
	int has_table, has_slab_type, has_buddy;
	uint32_t table_mask, table_value, slab_mask, slab_value;
	struct mm_buddy_sig buddy;
};
int mm_page_kinds_init(struct mm_kernel *k, struct mm_page_kinds *pk);
enum mm_page_kind mm_page_kind_of(const struct mm_page_kinds *pk, const uint8_t *buf, size_t len,
				  int *tail, int *order);

#endif
