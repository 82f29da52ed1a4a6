/* The page allocator as the dump left it: zones (zone.c), their buddy free lists walked and
 * verified (freelist.c), and the kernel's own fragmentation and watermark arithmetic (frag.c). */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H
#include "../kernel.h"
#include "memmap.h"
#include "../read.h"

#define MM_MAX_ZONES 6
#define MM_MAX_ORDERS 16
#define MM_MAX_MIGRATETYPES 8
#define MM_MAX_WMARKS 4

enum { MM_WMARK_MIN, MM_WMARK_LOW, MM_WMARK_HIGH };

struct mm_zone {
	int idx;
	kva_t addr;
	char name[16];
	uint64_t start_pfn, spanned, present;
	int64_t managed;            /* -1: no managed_pages (<= 3.7) */
	int64_t free_pages;         /* vm_stat[NR_FREE_PAGES]; -1 unknown */
	int64_t free_cma;           /* vm_stat[NR_FREE_CMA_PAGES]; 0 when the kernel has none */
	uint64_t wmark[MM_MAX_WMARKS]; /* watermark[] or _watermark[], without the boost */
	int nwmarks;
	uint64_t boost;             /* watermark_boost (5.0+) */
	int has_boost;
	int64_t lowmem_reserve[MM_MAX_ZONES];
	int nreserve;
	uint64_t reserved_highatomic; /* nr_reserved_highatomic (4.4+) */
	uint64_t nr_free[MM_MAX_ORDERS]; /* free_area[o].nr_free: blocks */
};

struct mm_zones {
	kva_t pgdat;
	int nr_zones;          /* populated zone slots read: pgdat->nr_zones */
	int norders;           /* length of zone.free_area[] */
	int nmt;               /* length of free_area.free_list[] */
	char mt_name[MM_MAX_MIGRATETYPES][16];
	int mt_pcptypes;       /* MIGRATE_PCPTYPES, -1 unknown */
	int mt_highatomic, mt_cma, mt_isolate; /* -1 when the kernel has none */
	int wmark_order0_only; /* 4.4+: high orders only need one suitable block */
	/* enum zone_type: index of ZONE_DMA, NORMAL, HIGHMEM, MOVABLE (-1: not configured), from
	 * the enumerators where the debug info has them, else from the zone names. */
	int zt_dma, zt_normal, zt_highmem, zt_movable;
	int compact_costly_only; /* 4.9+: compaction_suitable ignores the index at order <= 3 */
	struct mm_zone zone[MM_MAX_ZONES];
};

/* The zones of contig_page_data, every counter read in one struct read per zone. Zones that
 * could not be read are left with spanned 0 and reported in err (the rest still filled). */
int mm_zones_read(struct mm_kernel *k, struct mm_zones *z, struct mm_err *err);
/* Watermark i of a zone as the kernel uses it (wmark_pages: + watermark_boost on 5.0+). */
uint64_t mm_zone_wmark(const struct mm_zone *zone, int i);
uint64_t mm_zone_free_buddy(const struct mm_zone *zone, int norders); /* sum nr_free << o */

/* mm/vmstat.c fill_contig_page_info, unusable_free_index, __fragmentation_index: in
 * thousandths, exactly as debugfs prints them (fragmentation -1000 = "would succeed"). */
struct mm_contig_info {
	uint64_t free_pages, free_blocks_total, free_blocks_suitable;
};
void mm_contig_info(const uint64_t *nr_free, int norders, int order, struct mm_contig_info *ci);
int mm_unusable_index(int order, const struct mm_contig_info *ci);
int mm_fragmentation_index(int order, const struct mm_contig_info *ci);
int mm_highest_free_order(const uint64_t *nr_free, int norders); /* -1 if none */

/* __zone_watermark_ok for an allocation that may not use HighAtomic or CMA reserves
 * (GFP_KERNEL-like: no ALLOC_HARDER/HIGH/CMA). blocks[o][mt] says which lists hold blocks
 * (NULL: only nr_free is known, any migrate type assumed usable). *why says what failed. */
int mm_watermark_ok(const struct mm_zones *z, const struct mm_zone *zone, int order, uint64_t mark,
		    int classzone, const uint64_t (*blocks)[MM_MAX_MIGRATETYPES], const char **why);
/* The same with allocation flags (MM_ALLOC_*, gfp.h) as the request's gfp mask gives them. */
int mm_watermark_ok_flags(const struct mm_zones *z, const struct mm_zone *zone, int order,
			  uint64_t mark, int classzone, const uint64_t (*blocks)[MM_MAX_MIGRATETYPES],
			  unsigned alloc_flags, const char **why);

/* Could an order-N allocation succeed in a zone now, and if not, why: the watermark checks
 * at min and low, the indices, and a verdict. lists: as for mm_watermark_ok. */
enum mm_order_cause {
	MM_ORDER_SUCCEEDS,        /* low watermark met */
	MM_ORDER_SUCCEEDS_KSWAPD, /* min met, low not: kswapd is woken */
	MM_ORDER_FRAGMENTATION,   /* no block big enough, fragmentation index above the threshold */
	MM_ORDER_NO_MEMORY,       /* lack of memory */
	MM_ORDER_RESERVED,        /* the only big enough blocks are on reserved lists */
	MM_ORDER_TOO_BIG,         /* beyond the largest buddy order */
};
struct mm_order_verdict {
	int order;
	uint64_t suitable_blocks;
	int ok_min, ok_low;
	const char *why_min, *why_low;
	int unusable, frag;       /* thousandths, as debugfs prints them */
	uint32_t threshold;       /* sysctl_extfrag_threshold (thousandths) */
	enum mm_order_cause cause;
	char text[256];
};
/* classzone: the highest zone the request may use (its lowmem_reserve applies), -1 = zone. */
void mm_order_verdict(const struct mm_zones *z, const struct mm_zone *zone, int order, int classzone,
		      const uint64_t (*lists)[MM_MAX_MIGRATETYPES], uint32_t threshold,
		      struct mm_order_verdict *v);
/* The same for a request with allocation flags: fast for the low-watermark try (ALLOC_CMA
 * only, on ARM), slow for the min-watermark one (gfp_to_alloc_flags): see mm_alloc_ctx. */
void mm_order_verdict_flags(const struct mm_zones *z, const struct mm_zone *zone, int order,
			    int classzone, const uint64_t (*lists)[MM_MAX_MIGRATETYPES],
			    uint32_t threshold, unsigned fast, unsigned slow, struct mm_order_verdict *v);
/* The class zone of a gfp mask as gfp_zone() picks it through GFP_ZONE_TABLE (__GFP_DMA 0x1,
 * __GFP_HIGHMEM 0x2, __GFP_MOVABLE 0x8 — the same bits in every generation): HIGHMEM|MOVABLE
 * is ZONE_MOVABLE, HIGHMEM is OPT_ZONE_HIGHMEM and DMA OPT_ZONE_DMA, both ZONE_NORMAL when
 * not configured; MOVABLE alone is ZONE_NORMAL. Returns the zone index, -1 if unknown. */
int mm_gfp_classzone(const struct mm_zones *z, uint32_t gfp);
/* sysctl_extfrag_threshold, 500 when the dump does not say. */
uint32_t mm_extfrag_threshold(struct mm_kernel *k);

/* Walk and verification of the free lists. */
struct mm_buddy_issue {
	int order, mt;        /* the list */
	kva_t entry;          /* struct page on it, 0 for the list itself */
	int code;
	char msg[200];
};
#define MM_MAX_ISSUES 32
struct mm_freelists {
	uint64_t blocks[MM_MAX_ORDERS][MM_MAX_MIGRATETYPES]; /* blocks found on each list */
	int complete[MM_MAX_ORDERS][MM_MAX_MIGRATETYPES];    /* the walk reached the head again */
	int nissues, issues_dropped;
	struct mm_buddy_issue issue[MM_MAX_ISSUES];
};
/* Walks every free list of zone: each entry must be a buddy page (k->buddy_test) of that
 * order (page->private) inside the zone; then sum(blocks) must equal nr_free per order.
 * Every mismatch becomes an issue; returns the number of issues (>= 0) or an error. */
int mm_freelists_walk(struct mm_kernel *k, const struct mm_memmap *m, const struct mm_zones *z,
		      const struct mm_zone *zone, struct mm_freelists *f, struct mm_err *err);
/* The same walk, telling fn every block that passed the checks (pfn, order, migrate type), in
 * list order: what maps of free memory are drawn from. fn may be NULL. */
typedef void (*mm_free_block_fn)(uint64_t pfn, int order, int mt, void *ctx);
int mm_freelists_blocks(struct mm_kernel *k, const struct mm_memmap *m, const struct mm_zones *z,
			const struct mm_zone *zone, struct mm_freelists *f, mm_free_block_fn fn,
			void *ctx, struct mm_err *err);
/* Offset of the free-list link in struct page: lru (<= 5.17) or buddy_list (6.1+). */
long mm_page_buddy_link(const struct mm_kernel *k);

/* The PageBuddy test of this kernel: (word at off & mask) == value, from the debug info and
 * VMCOREINFO where they say it (PAGE_BUDDY_MAPCOUNT_VALUE, enum pagetype), else the
 * generation's constant. */
struct mm_buddy_sig {
	long off;           /* page._mapcount or page.page_type */
	uint32_t mask, value;
	const char *how;    /* for reports: "_mapcount == -128", ... */
	char buf[64];
};
int mm_buddy_sig(struct mm_kernel *k, struct mm_buddy_sig *s, struct mm_err *err);
static inline int mm_buddy_match(const struct mm_buddy_sig *s, const uint8_t *page, size_t len)
{
	return s->off >= 0 && (size_t)s->off + 4 <= len && (mm_get32(page, len, s->off) & s->mask) == s->value;
}

#endif
