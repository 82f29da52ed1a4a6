/* struct page decoded and classified. Flag names come from enum pageflags in the debug info;
 * page types (buddy, table, slab on 6.10+) from the generation's page_type encoding. */
#include "page.h"
#include "page_alloc.h"
#include "pagetype.h"
#include "../list.h"
#include "../read.h"
#include <stdio.h>
#include <string.h>

/* Every enum pageflags name of 3.4 .. 6.12; aliases (PG_checked = PG_owner_priv_1, ...) come
 * after the names they alias so that each bit is named once. */
static const char *const pageflag_names[] = {
	"PG_locked", "PG_writeback", "PG_referenced", "PG_uptodate", "PG_dirty", "PG_lru", "PG_head",
	"PG_waiters", "PG_active", "PG_workingset", "PG_error", "PG_slab", "PG_owner_priv_1",
	"PG_arch_1", "PG_reserved", "PG_private", "PG_private_2", "PG_tail", "PG_compound",
	"PG_swapcache", "PG_mappedtodisk", "PG_reclaim", "PG_swapbacked", "PG_unevictable",
	"PG_dropbehind", "PG_mlocked", "PG_uncached", "PG_hwpoison", "PG_young", "PG_idle",
	"PG_arch_2", "PG_arch_3", "PG_skip_kasan_poison", "PG_large_rmappable", "PG_compound_lock",
	"PG_readahead", "PG_swapcache", "PG_checked", "PG_fscache", "PG_isolated", "PG_reported",
};

/* Fallbacks when the debug info has no enum pageflags: 3.4 .. 4.19 and 4.20+ orders. */
static const char *const flags_3_4[] = { "locked", "error", "referenced", "uptodate", "dirty", "lru",
	"active", "slab", "owner_priv_1", "arch_1", "reserved", "private", "private_2", "writeback",
	"head", "tail", "swapcache", "mappedtodisk", "reclaim", "swapbacked", "unevictable", "mlocked", NULL };
static const char *const flags_4_20[] = { "locked", "referenced", "uptodate", "dirty", "lru", "active",
	"workingset", "waiters", "error", "slab", "owner_priv_1", "arch_1", "reserved", "private",
	"private_2", "writeback", "head", "mappedtodisk", "reclaim", "swapbacked", "unevictable",
	"mlocked", NULL };

const char *mm_page_kind_name(enum mm_page_kind kind)
{
	static const char *const n[] = { "unknown", "free (buddy)", "free (per-cpu list or being freed)",
		"slab", "page table", "page cache", "anonymous", "movable (non-LRU)", "reserved",
		"kernel (alloc_pages / vmalloc / ...)" };
	return n[kind];
}

static void append(char *buf, size_t len, const char *name)
{
	size_t n = strlen(buf);
	if (n + strlen(name) + 2 < len)
		snprintf(buf + n, len - n, "%s%s", n ? "|" : "", name);
}

void mm_page_flag_names(struct mm_kernel *k, uint32_t flags, char *buf, size_t len)
{
	const char *named[32] = { 0 };
	long nr = 32, v;
	int from_enum = 0;

	buf[0] = 0;
	if (mm_enum_of(k, "pageflags", "__NR_PAGEFLAGS", &nr) || nr <= 0 || nr > 32)
		nr = 32;
	for (size_t i = 0; i < sizeof(pageflag_names) / sizeof(pageflag_names[0]); i++)
		if (mm_enum_of(k, "pageflags", pageflag_names[i], &v) == 0 && v >= 0 && v < nr && !named[v]) {
			named[v] = pageflag_names[i] + 3;
			from_enum = 1;
		}
	if (!from_enum) {
		const char *const *t = mm_has_member(k, "page", "page_type") ? flags_4_20 : flags_3_4;
		for (int b = 0; t[b] && b < 32; b++)
			named[b] = t[b];
		nr = 22;
	}
	for (int b = 0; b < nr; b++)
		if (flags & (1u << b)) {
			char tmp[16];
			if (!named[b])
				snprintf(tmp, sizeof(tmp), "bit%d", b);
			append(buf, len, named[b] ? named[b] : tmp);
		}
}

/* include/linux/page-flags-layout.h: | SECTION | NODE | ZONE | ... | FLAGS |. ARM has no
 * NODES bits; SECTION bits only for SPARSEMEM without VMEMMAP (always, on ARM). */
int mm_page_flags_zone(struct mm_kernel *k, const struct mm_memmap *m, uint32_t flags)
{
	long nzones;
	int width = 0, sections = 0, shift;

	if (mm_enum(k, "__MAX_NR_ZONES", &nzones) || nzones <= 0)
		return -1;
	while ((1L << width) < nzones)
		width++;
	if (!width)
		return 0;
	if (m->model == MM_SPARSEMEM)
		while ((1ULL << sections) < m->nr_sections)
			sections++;
	shift = 32 - sections - width;
	return shift > 0 ? (int)((flags >> shift) & ((1u << width) - 1)) : -1;
}

static int read_page(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn, kva_t *page,
		     uint8_t *buf, struct mm_err *err)
{
	int rc = mm_pfn_to_page(k, m, pfn, page, err);
	if (rc)
		return rc;
	if (mm_read(k, *page, MM_KVADDR, buf, (size_t)m->page_size, err))
		return mm_err_wrap(err, "struct page of pfn %llx", (unsigned long long)pfn);
	return MM_OK;
}

static int has_flag(struct mm_kernel *k, uint32_t flags, const char *name)
{
	long bit;
	return mm_enum_of(k, "pageflags", name, &bit) == 0 && bit >= 0 && bit < 32 && (flags & (1u << bit));
}

/* The cache of a slab page: struct slab (5.17+) overlays struct page, earlier the page holds
 * slab_cache (3.8+) or slab (3.4 SLUB); 3.x SLAB kept it in lru.next. */
static void slab_owner(struct mm_kernel *k, const uint8_t *buf, size_t len, struct mm_page_info *pi)
{
	struct mm_target *t = k->t;
	long off = t->ops->member_offset(t->ctx, "slab", "slab_cache");
	long name_off = t->ops->member_offset(t->ctx, "kmem_cache", "name");
	uint32_t name = 0;

	if (off < 0)
		off = t->ops->member_offset(t->ctx, "page", "slab_cache");
	if (off < 0)
		off = t->ops->member_offset(t->ctx, "page", "slab");
	if (off < 0)
		off = k->off.page_lru;
	pi->slab_cache = mm_get32(buf, len, off);
	if (!pi->slab_cache || name_off < 0 || mm_read_u32(k, pi->slab_cache + (kva_t)name_off, &name, NULL))
		return;
	for (size_t n = sizeof(pi->slab_name) - 1; n > 0; n--)
		if (!mm_read(k, name, MM_KVADDR, pi->slab_name, n, NULL)) {
			pi->slab_name[n] = 0;
			break;
		}
}

struct find_list {
	kva_t page;
	int found;
};

static int match_page(struct mm_kernel *k, kva_t entry, void *ctx)
{
	struct find_list *f = ctx;
	(void)k;
	return f->found = entry == f->page;
}

/* The migrate type of the free list that holds a free block head. */
static int free_list_of(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn, kva_t page, int order)
{
	struct mm_zones z;
	const struct mm_offsets *o = &k->off;

	if (mm_zones_read(k, &z, NULL) && !z.nr_zones)
		return -1;
	for (int i = 0; i < z.nr_zones; i++) {
		const struct mm_zone *zn = &z.zone[i];
		if (pfn < zn->start_pfn || pfn >= zn->start_pfn + zn->spanned || order < 0 || order >= z.norders)
			continue;
		for (int mt = 0; mt < z.nmt; mt++) {
			struct find_list f = { page, 0 };
			kva_t head = zn->addr + (kva_t)(o->zone_free_area + order * o->free_area_size +
							o->free_area_free_list + mt * o->list_head_size);
			mm_list_walk(k, head, mm_page_buddy_link(k), (long)(zn->spanned >> order) + 1,
				     match_page, &f, NULL);
			if (f.found)
				return mt;
		}
	}
	(void)m;
	return -1;
}

/* A free page that is not a block head: the head is the closest lower pfn, aligned to some
 * order, that is a buddy page whose order covers pfn. */
static int find_free_head(struct mm_kernel *k, const struct mm_memmap *m, const struct mm_buddy_sig *sig,
			  struct mm_page_info *pi)
{
	uint8_t buf[256];

	for (int o = 1; o < MM_MAX_ORDERS; o++) {
		uint64_t head = pi->pfn & ~((1ULL << o) - 1);
		kva_t page;
		uint32_t order;

		if (head == pi->pfn)
			continue;
		if (read_page(k, m, head, &page, buf, NULL))
			break;
		order = mm_get32(buf, sizeof(buf), k->off.page_private);
		if (mm_buddy_match(sig, buf, (size_t)m->page_size) && order >= (uint32_t)o && order < MM_MAX_ORDERS) {
			pi->head_pfn = head;
			pi->order = (int)order;
			pi->on_list_mt = free_list_of(k, m, head, page, (int)order);
			return 1;
		}
	}
	return 0;
}

int mm_page_identify(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn,
		     struct mm_page_info *pi, struct mm_err *err)
{
	const struct mm_offsets *o = &k->off;
	uint8_t buf[256], head[256];
	size_t len = (size_t)m->page_size;
	struct mm_buddy_sig sig;
	const uint8_t *owner = buf;
	uint32_t ch;
	int rc;

	memset(pi, 0, sizeof(*pi));
	pi->pfn = pi->head_pfn = pfn;
	pi->order = pi->on_list_mt = -1;
	if (len > sizeof(buf))
		return mm_err_set(err, MM_EUNSUPPORTED, "struct page of %zu bytes", len);
	if ((rc = read_page(k, m, pfn, &pi->page, buf, err)))
		return rc;
	pi->flags = mm_get32(buf, len, o->page_flags);
	pi->refcount = (int32_t)mm_get32(buf, len, o->page__refcount >= 0 ? o->page__refcount : o->page__count);
	pi->mapcount = (int32_t)mm_get32(buf, len, o->page__mapcount);
	pi->page_type = o->page_page_type >= 0 ? mm_get32(buf, len, o->page_page_type) : 0;
	pi->mapping = mm_get32(buf, len, o->page_mapping);
	pi->index = mm_get32(buf, len, o->page_index);
	pi->private = mm_get32(buf, len, o->page_private);
	pi->zone_flags = mm_page_flags_zone(k, m, pi->flags);
	for (int t = 0; t < MM_PGTY_NTYPES && !pi->type_name; t++)
		if (mm_page_has_type(k, buf, len, (enum mm_pgtype)t) == 1)
			pi->type_name = mm_pgtype_name[t];
	mm_page_flag_names(k, pi->flags, pi->flag_names, sizeof(pi->flag_names));

	if (mm_buddy_sig(k, &sig, NULL) == MM_OK) {
		if (mm_buddy_match(&sig, buf, len)) {
			pi->kind = MM_PAGE_FREE;
			/* page->private is the order only when it is one: anything else is corrupt. */
			pi->order = pi->private < MM_MAX_ORDERS ? (int)pi->private : -1;
			pi->on_list_mt = pi->order >= 0 ? free_list_of(k, m, pfn, pi->page, pi->order) : -1;
			return MM_OK;
		}
		if (pi->refcount == 0 && find_free_head(k, m, &sig, pi)) {
			pi->kind = MM_PAGE_FREE;
			return MM_OK;
		}
	}
	/* A tail page: compound_head with bit 0 set (4.4+), or PG_tail + first_page (<= 4.3). */
	ch = o->page_compound_head >= 0 ? mm_get32(buf, len, o->page_compound_head) : 0;
	if (ch & 1) {
		uint64_t hpfn;
		pi->tail = 1;
		if (!mm_page_to_pfn(k, m, ch - 1, &hpfn, NULL) && !mm_read(k, ch - 1, MM_KVADDR, head, len, NULL)) {
			pi->head_pfn = hpfn;
			owner = head;
		}
	} else if (has_flag(k, pi->flags, "PG_tail") && o->page_first_page >= 0) {
		uint64_t hpfn;
		kva_t fp = mm_get32(buf, len, o->page_first_page);
		pi->tail = 1;
		if (!mm_page_to_pfn(k, m, fp, &hpfn, NULL) && !mm_read(k, fp, MM_KVADDR, head, len, NULL)) {
			pi->head_pfn = hpfn;
			owner = head;
		}
	}
	{
		uint32_t oflags = mm_get32(owner, len, o->page_flags);
		uint32_t opt = o->page_page_type >= 0 ? mm_get32(owner, len, o->page_page_type) : 0;
		kva_t mapping = mm_get32(owner, len, o->page_mapping);

		if (mm_page_is_slab(k, oflags, opt, NULL) == 1) {
			pi->kind = MM_PAGE_SLAB;
			slab_owner(k, owner, len, pi);
		} else if (mm_page_has_type(k, owner, len, MM_PGTY_TABLE) == 1)
			pi->kind = MM_PAGE_PGTABLE;
		else if (has_flag(k, oflags, "PG_reserved"))
			pi->kind = MM_PAGE_RESERVED;
		else if ((mapping & 3) == 2)
			pi->kind = MM_PAGE_MOVABLE_OPS;
		else if (mapping & 1)
			pi->kind = MM_PAGE_ANON;
		else if (mapping)
			pi->kind = MM_PAGE_FILE;
		else if (pi->refcount == 0 && !pi->tail)
			pi->kind = MM_PAGE_PCP;
		else
			pi->kind = MM_PAGE_KERNEL;
	}
	return MM_OK;
}
