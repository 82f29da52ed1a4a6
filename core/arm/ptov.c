#include "ptov.h"
#include "pgtable.h"
#include <string.h>

static void add(struct mm_aliases *c, kva_t va, uint32_t size, int linear)
{
	if (c->n < MM_MAX_ALIASES)
		c->a[c->n] = (struct mm_alias){ va, size, linear };
	c->n++;
}

static int find_alias(struct mm_kernel *k, const struct mm_pt_leaf *l, void *arg)
{
	struct mm_aliases *c = arg;

	if (c->pa >= l->pa && c->pa - l->pa < l->size)
		add(c, l->va + (kva_t)(c->pa - l->pa), l->size, 0);
	return 0;
}

static void note_bad(struct mm_kernel *k, const struct mm_err *err, void *arg)
{
	struct mm_aliases *c = arg;
	if (!c->nbad++)
		c->bad = *err;
}

int mm_ptov(struct mm_kernel *k, phys_t pa, struct mm_aliases *out, struct mm_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->pa = pa;
	if (mm_pa_in_lowmem(k, pa))
		add(out, mm_pa_to_lowmem(k, pa), k->page_size, 1);
	/* Outside lowmem: modules and pkmap below PAGE_OFFSET, vmalloc and up above high_memory. */
	rc = mm_pt_scan(k, k->modules_vaddr, k->page_offset, find_alias, note_bad, out, err);
	if (!rc)
		rc = mm_pt_scan(k, k->high_memory, 0x100000000ull, find_alias, note_bad, out, err);
	return rc;
}
