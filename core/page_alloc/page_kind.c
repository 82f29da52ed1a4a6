/* What a struct page says of itself, decoded from its own bytes: the classification of
 * mm_page_identify without its extra reads (compound head, free block heads, free lists), with
 * the flag bits and page_type markers resolved once, for maps of a whole zone read in bulk. */
#include "page.h"
#include "page_alloc.h"
#include "pagetype.h"
#include "../read.h"
#include <string.h>

static int flag_bit(struct mm_kernel *k, const char *name)
{
	long bit;
	return mm_enum_of(k, "pageflags", name, &bit) == 0 && bit >= 0 && bit < 32 ? (int)bit : -1;
}

/* A page_type marker as a (mask, value) test, in this generation's encoding (pagetype.c). */
static int type_sig(struct mm_kernel *k, enum mm_pgtype t, long type_off, uint32_t *mask, uint32_t *value)
{
	struct mm_pgtype_test pt;

	if (mm_pgtype_test(k, t, &pt, NULL) || pt.off != type_off)
		return 0;
	*mask = pt.mask;
	*value = pt.value;
	return 1;
}

int mm_page_kinds_init(struct mm_kernel *k, struct mm_page_kinds *pk)
{
	const struct mm_offsets *o = &k->off;

	memset(pk, 0, sizeof(*pk));
	pk->flags_off = o->page_flags;
	pk->refcount_off = o->page__refcount >= 0 ? o->page__refcount : o->page__count;
	pk->type_off = o->page_page_type;
	pk->mapping_off = o->page_mapping;
	pk->private_off = o->page_private;
	pk->compound_head_off = o->page_compound_head;
	pk->slab_bit = flag_bit(k, "PG_slab");
	pk->reserved_bit = flag_bit(k, "PG_reserved");
	pk->tail_bit = flag_bit(k, "PG_tail");
	pk->has_table = pk->type_off >= 0 &&
			type_sig(k, MM_PGTY_TABLE, pk->type_off, &pk->table_mask, &pk->table_value);
	pk->has_slab_type = pk->type_off >= 0 &&
			    type_sig(k, MM_PGTY_SLAB, pk->type_off, &pk->slab_mask, &pk->slab_value);
	pk->has_buddy = mm_buddy_sig(k, &pk->buddy, NULL) == MM_OK;
	return pk->flags_off >= 0 ? MM_OK : MM_EABSENT;
}

enum mm_page_kind mm_page_kind_of(const struct mm_page_kinds *pk, const uint8_t *buf, size_t len,
				  int *tail, int *order)
{
	uint32_t flags = mm_get32(buf, len, pk->flags_off);
	uint32_t pt = pk->type_off >= 0 ? mm_get32(buf, len, pk->type_off) : 0;
	uint32_t mapping = pk->mapping_off >= 0 ? mm_get32(buf, len, pk->mapping_off) : 0;
	int32_t ref = pk->refcount_off >= 0 ? (int32_t)mm_get32(buf, len, pk->refcount_off) : 1;

	*tail = (pk->compound_head_off >= 0 && (mm_get32(buf, len, pk->compound_head_off) & 1)) ||
		(pk->tail_bit >= 0 && (flags & (1u << pk->tail_bit)));
	*order = -1;
	if (pk->has_buddy && mm_buddy_match(&pk->buddy, buf, len)) {
		*order = pk->private_off >= 0 ? (int)mm_get32(buf, len, pk->private_off) : -1;
		return MM_PAGE_FREE;
	}
	if ((pk->slab_bit >= 0 && (flags & (1u << pk->slab_bit))) ||
	    (pk->has_slab_type && (pt & pk->slab_mask) == pk->slab_value))
		return MM_PAGE_SLAB;
	if (pk->has_table && (pt & pk->table_mask) == pk->table_value)
		return MM_PAGE_PGTABLE;
	if (pk->reserved_bit >= 0 && (flags & (1u << pk->reserved_bit)))
		return MM_PAGE_RESERVED;
	if ((mapping & 3) == 2)
		return MM_PAGE_MOVABLE_OPS;
	if (mapping & 1)
		return MM_PAGE_ANON;
	if (mapping)
		return MM_PAGE_FILE;
	if (ref == 0 && !*tail)
		return MM_PAGE_PCP;
	return MM_PAGE_KERNEL;
}
