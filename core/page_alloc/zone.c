/* Zones of the (only, on ARM) node contig_page_data: every counter /proc/zoneinfo and
 * /proc/buddyinfo print, read in one struct read per zone. Array lengths (orders, migrate
 * types, watermarks, lowmem reserves) come from the member sizes in the debug info. */
#include "page_alloc.h"
#include "../read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONE_BUF 4096

/* Reads a short C string (a zone or migrate type name) whatever the page boundaries. */
static int read_name(struct mm_kernel *k, kva_t va, char *out, size_t len)
{
	size_t n = len - 1;

	out[0] = 0;
	if (!va)
		return -1;
	while (n && mm_read(k, va, MM_KVADDR, out, n, NULL))
		n--;
	if (!n)
		return -1;
	out[n] = 0;
	for (size_t i = 0; i < n && out[i]; i++)
		if (out[i] < 0x20 || out[i] > 0x7e)
			return -1;
	return 0;
}

/* An enumerator of its enum type (listed once, where the target can), or dflt. */
static int enum_or(struct mm_kernel *k, const char *type, const char *name, int dflt)
{
	long v;
	return mm_enum_of(k, type, name, &v) == 0 ? (int)v : dflt;
}

/* Names of the migrate types: the kernel's own migratetype_names[] when readable, else the
 * enumerators of enum migratetype. */
static void migratetype_names(struct mm_kernel *k, struct mm_zones *z)
{
	static const struct { const char *enumerator, *name; } enums[] = {
		{ "MIGRATE_UNMOVABLE", "Unmovable" }, { "MIGRATE_MOVABLE", "Movable" },
		{ "MIGRATE_RECLAIMABLE", "Reclaimable" }, { "MIGRATE_RESERVE", "Reserve" },
		{ "MIGRATE_HIGHATOMIC", "HighAtomic" }, { "MIGRATE_CMA", "CMA" },
		{ "MIGRATE_ISOLATE", "Isolate" },
	};
	uint32_t ptr[MM_MAX_MIGRATETYPES];
	uint64_t names;
	int from_kernel = mm_symbol(k, "migratetype_names", &names, NULL) == 0 &&
			  mm_read(k, names, MM_KVADDR, ptr, 4 * (size_t)z->nmt, NULL) == 0;

	for (int mt = 0; mt < z->nmt; mt++) {
		snprintf(z->mt_name[mt], sizeof(z->mt_name[mt]), "type%d", mt);
		if (from_kernel && read_name(k, ptr[mt], z->mt_name[mt], sizeof(z->mt_name[mt])) == 0)
			continue;
		for (size_t i = 0; i < sizeof(enums) / sizeof(enums[0]); i++)
			if (enum_or(k, "migratetype", enums[i].enumerator, -1) == mt)
				snprintf(z->mt_name[mt], sizeof(z->mt_name[mt]), "%s", enums[i].name);
	}
	z->mt_pcptypes = enum_or(k, "migratetype", "MIGRATE_PCPTYPES", -1);
	z->mt_highatomic = enum_or(k, "migratetype", "MIGRATE_HIGHATOMIC", -1);
	z->mt_cma = enum_or(k, "migratetype", "MIGRATE_CMA", -1);
	z->mt_isolate = enum_or(k, "migratetype", "MIGRATE_ISOLATE", -1);
}

static int layout(struct mm_kernel *k, struct mm_zones *z, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	int rc;

	if ((rc = MM_NEED(k, err, pglist_data, node_zones)) || (rc = MM_NEED(k, err, zone, free_area)) ||
	    (rc = MM_NEED(k, err, free_area, free_list)) || (rc = MM_NEED(k, err, free_area, nr_free)) ||
	    (rc = MM_NEED(k, err, zone, zone_start_pfn)) || (rc = MM_NEED(k, err, zone, spanned_pages)))
		return rc;
	if (o->zone_size <= 0 || o->zone_size > ZONE_BUF || o->free_area_size <= 0 || o->list_head_size <= 0)
		return mm_err_set(err, MM_EABSENT, "sizeof(struct zone/free_area/list_head) unusable");
	z->norders = o->zone_free_area_msize > 0 ? (int)(o->zone_free_area_msize / o->free_area_size) : 11;
	z->nmt = o->free_area_free_list_msize > 0 ? (int)(o->free_area_free_list_msize / o->list_head_size) : 1;
	if (z->norders <= 0 || z->norders > MM_MAX_ORDERS || z->nmt <= 0 || z->nmt > MM_MAX_MIGRATETYPES)
		return mm_err_set(err, MM_EUNSUPPORTED, "free_area[%d] x free_list[%d] beyond what mmview handles",
				  z->norders, z->nmt);
	return MM_OK;
}

static void decode_zone(struct mm_kernel *k, const uint8_t *b, size_t n, struct mm_zone *zn,
			int norders)
{
	const struct mm_offsets *o = &k->off;
	long wm_off = o->zone__watermark >= 0 ? o->zone__watermark : o->zone_watermark;
	long wm_size = o->zone__watermark >= 0 ? o->zone__watermark_msize : o->zone_watermark_msize;
	long nr_free = enum_or(k, "zone_stat_item", "NR_FREE_PAGES", 0),
	     nr_cma = enum_or(k, "zone_stat_item", "NR_FREE_CMA_PAGES", -1);

	zn->start_pfn = mm_get32(b, n, o->zone_zone_start_pfn);
	zn->spanned = mm_get32(b, n, o->zone_spanned_pages);
	zn->present = mm_get32(b, n, o->zone_present_pages);
	zn->managed = o->zone_managed_pages >= 0 ? (int64_t)mm_get32(b, n, o->zone_managed_pages) : -1;
	zn->free_pages = o->zone_vm_stat >= 0 ? (int32_t)mm_get32(b, n, o->zone_vm_stat + 4 * nr_free) : -1;
	zn->free_cma = o->zone_vm_stat >= 0 && nr_cma >= 0 ?
		(int32_t)mm_get32(b, n, o->zone_vm_stat + 4 * nr_cma) : 0;
	zn->nwmarks = wm_off >= 0 && wm_size > 0 ? (int)(wm_size / 4) : 0;
	if (zn->nwmarks > MM_MAX_WMARKS)
		zn->nwmarks = MM_MAX_WMARKS;
	for (int i = 0; i < zn->nwmarks; i++)
		zn->wmark[i] = mm_get32(b, n, wm_off + 4 * i);
	zn->has_boost = o->zone_watermark_boost >= 0;
	zn->boost = zn->has_boost ? mm_get32(b, n, o->zone_watermark_boost) : 0;
	zn->nreserve = o->zone_lowmem_reserve >= 0 ? (int)(o->zone_lowmem_reserve_msize / 4) : 0;
	if (zn->nreserve > MM_MAX_ZONES)
		zn->nreserve = MM_MAX_ZONES;
	for (int i = 0; i < zn->nreserve; i++)
		zn->lowmem_reserve[i] = (int32_t)mm_get32(b, n, o->zone_lowmem_reserve + 4 * i);
	zn->reserved_highatomic = o->zone_nr_reserved_highatomic >= 0 ?
		mm_get32(b, n, o->zone_nr_reserved_highatomic) : 0;
	for (int ord = 0; ord < norders; ord++)
		zn->nr_free[ord] = mm_get32(b, n, o->zone_free_area + ord * o->free_area_size +
					     o->free_area_nr_free);
}

/* enum zone_type has ZONE_HIGHMEM only with CONFIG_HIGHMEM, ZONE_DMA only with
 * CONFIG_ZONE_DMA; ZONE_MOVABLE always. Without the enumerators, the zone names say. */
static int zone_type(struct mm_kernel *k, const struct mm_zones *z, const char *enumerator,
		     const char *name)
{
	long v;

	if (mm_enum_of(k, "zone_type", enumerator, &v) == 0 && v >= 0 && v < MM_MAX_ZONES)
		return (int)v;
	if (mm_enum_of(k, "zone_type", "ZONE_NORMAL", &v) == 0) /* the enum is there: this zone is not */
		return -1;
	for (int i = 0; i < z->nr_zones && i < MM_MAX_ZONES; i++)
		if (!strcmp(z->zone[i].name, name))
			return i;
	return -1;
}

static void zone_types(struct mm_kernel *k, struct mm_zones *z)
{
	z->zt_dma = zone_type(k, z, "ZONE_DMA", "DMA");
	z->zt_normal = zone_type(k, z, "ZONE_NORMAL", "Normal");
	z->zt_highmem = zone_type(k, z, "ZONE_HIGHMEM", "HighMem");
	z->zt_movable = zone_type(k, z, "ZONE_MOVABLE", "Movable");
}

int mm_zones_read(struct mm_kernel *k, struct mm_zones *z, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	uint8_t *buf;
	uint64_t pgdat;
	uint32_t nr_zones = 0;
	long max_zones;
	int rc, bad = 0;

	memset(z, 0, sizeof(*z));
	if ((rc = layout(k, z, err)))
		return rc;
	if ((rc = mm_symbol(k, "contig_page_data", &pgdat, err)))
		return mm_err_wrap(err, "the node (ARM is not NUMA)");
	z->pgdat = (kva_t)pgdat;
	max_zones = o->pglist_data_node_zones_msize > 0 ? o->pglist_data_node_zones_msize / o->zone_size
							 : MM_MAX_ZONES;
	if (o->pglist_data_nr_zones >= 0 &&
	    mm_read_u32(k, z->pgdat + (kva_t)o->pglist_data_nr_zones, &nr_zones, err))
		return mm_err_wrap(err, "contig_page_data.nr_zones");
	if (o->pglist_data_nr_zones < 0)
		nr_zones = (uint32_t)max_zones;
	if (nr_zones == 0 || nr_zones > (uint32_t)max_zones || nr_zones > MM_MAX_ZONES)
		return mm_err_set(err, MM_ECORRUPT, "corrupt contig_page_data.nr_zones %u (at most %ld zones)",
				  nr_zones, max_zones);
	z->nr_zones = (int)nr_zones;
	migratetype_names(k, z);
	z->wmark_order0_only = o->zone_nr_reserved_highatomic >= 0;
	/* "mm, compaction: restrict fragindex to costly orders" came with the series that renamed
	 * COMPACT_PARTIAL to COMPACT_SUCCESS (4.9). */
	z->compact_costly_only = enum_or(k, "compact_result", "COMPACT_SUCCESS", -1) >= 0;
	buf = malloc(ZONE_BUF);
	if (!buf)
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	for (int i = 0; i < z->nr_zones; i++) {
		struct mm_zone *zn = &z->zone[i];
		uint32_t name = 0;

		zn->idx = i;
		zn->addr = z->pgdat + (kva_t)(o->pglist_data_node_zones + i * o->zone_size);
		snprintf(zn->name, sizeof(zn->name), "zone%d", i);
		if (mm_read(k, zn->addr, MM_KVADDR, buf, (size_t)o->zone_size, err)) {
			if (!bad++)
				mm_err_wrap(err, "zone %d at %x", i, zn->addr);
			continue;
		}
		if (o->zone_name >= 0)
			name = mm_get32(buf, (size_t)o->zone_size, o->zone_name);
		if (read_name(k, name, zn->name, sizeof(zn->name)))
			snprintf(zn->name, sizeof(zn->name), "zone%d", i);
		decode_zone(k, buf, (size_t)o->zone_size, zn, z->norders);
	}
	free(buf);
	zone_types(k, z);
	return bad ? MM_EREAD : MM_OK;
}

uint64_t mm_zone_wmark(const struct mm_zone *zone, int i)
{
	return i < zone->nwmarks ? zone->wmark[i] + zone->boost : 0;
}

uint64_t mm_zone_free_buddy(const struct mm_zone *zone, int norders)
{
	uint64_t pages = 0;
	for (int o = 0; o < norders; o++)
		pages += zone->nr_free[o] << o;
	return pages;
}
