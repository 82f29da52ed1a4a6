/* Synthetic page allocator: contig_page_data, its zones and buddy free lists, in the layout of
 * the profile's generation, plus SPARSEMEM variants of the memory map. */
#ifndef SYNTH_BUDDY_H
#define SYNTH_BUDDY_H
#include "synth.h"

/* Declares struct zone / free_area / pglist_data / mem_section, the enums (migratetype,
 * zone_stat_item, zone_watermarks, pagetype) and lays down contig_page_data with zones
 * covering RAM as the profile splits it; every struct page gets _mapcount -1, its zone bits
 * and an empty free list. Returns the number of populated zone slots (nr_zones). */
int synth_buddy_init(struct synth *s);
int synth_buddy_norders(struct synth *s);
int synth_buddy_nmt(struct synth *s);
int synth_buddy_mt(struct synth *s, const char *enumerator); /* "MIGRATE_MOVABLE" -> index */
uint32_t synth_zone(struct synth *s, int idx);
int synth_zone_of(struct synth *s, uint64_t pfn);
uint64_t synth_zone_start(struct synth *s, int idx);
uint64_t synth_zone_spanned(struct synth *s, int idx);
/* struct page of pfn in whichever memory model synth_buddy_sparse chose. */
uint32_t synth_buddy_page(struct synth *s, uint64_t pfn);
/* The free list head of (order, mt) in zone idx. */
uint32_t synth_free_list(struct synth *s, int idx, int order, int mt);
/* Frees the 2^order block at pfn onto list (order, mt) of its zone, as __free_one_page leaves
 * it: head page marked buddy with page->private = order, linked at the tail, nr_free and
 * vm_stat[NR_FREE_PAGES] updated. */
void synth_buddy_free(struct synth *s, uint64_t pfn, int order, int mt);
void synth_zone_wmarks(struct synth *s, int idx, uint32_t min, uint32_t low, uint32_t high);
void synth_zone_set_nr_free(struct synth *s, int idx, int order, uint32_t nr_free);
void synth_zone_set_free_pages(struct synth *s, int idx, uint32_t pages);

/* Rebuilds the memory map as SPARSEMEM (1: SPARSEMEM_STATIC 2-D array, 2: EXTREME root
 * pointer array, 3: EXTREME pointer to roots) with sections of 2^section_bits bytes, each
 * with its own mem_map; copies the struct pages; drops the mem_map symbol. Call right after
 * synth_buddy_init. */
void synth_buddy_sparse(struct synth *s, int kind, unsigned section_bits);

#endif
