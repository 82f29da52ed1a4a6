/* `mmview pkmap`: every pkmap (kmap) slot in use, cross-checked with page_address_htable. */
#include "../cmd.h"
#include "../arm/kmap.h"
#include <stdio.h>

const char *const mm_help_pkmap[] = {
	"mmview pkmap [-a]",
	"      Every pkmap slot in use: index, virtual address, pkmap_count and what it means",
	"      (0 free, 1 unmapped but needs a TLB flush, n = n-1 users), the page its PTE maps",
	"      (pfn, physical address, struct page), and the struct page page_address_htable",
	"      records for that address; disagreements are flagged. -a lists every slot.",
	"      Example:  crash> mmview pkmap",
	NULL,
};

static const char *count_meaning(int count, char *buf, size_t len)
{
	if (count < 0)
		return "unknown";
	if (count == 0)
		return "free";
	if (count == 1)
		return "unused, needs flush";
	snprintf(buf, len, "%d user%s", count - 1, count == 2 ? "" : "s");
	return buf;
}

/* What is wrong with a slot, or NULL. */
static const char *slot_problem(const struct mm_pkmap *p, const struct mm_pkmap_slot *s)
{
	if (s->count > 1 && !s->mapped)
		return "in use but PTE not present";
	if (s->count == 0 && s->mapped)
		return "free but PTE present";
	if (p->have_htable && s->count > 1 && !s->htable_page)
		return "not in page_address_htable";
	if (s->htable_page && s->page && s->htable_page != s->page)
		return "page_address_htable names another page";
	if (s->htable_page && s->count == 0)
		return "free but in page_address_htable";
	return NULL;
}

int mm_cmd_pkmap(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	static const struct mm_col cols[] = {
		{ "nr", "NR", MM_COL_U64 },        { "vaddr", "VADDR", MM_COL_HEX },
		{ "count", "COUNT", MM_COL_I64 },  { "state", "STATE", MM_COL_STR },
		{ "pfn", "PFN", MM_COL_HEX },      { "paddr", "PHYSICAL", MM_COL_HEX },
		{ "page", "PAGE", MM_COL_HEX },    { "htable_page", "HTABLE PAGE", MM_COL_HEX },
		{ "problem", "PROBLEM", MM_COL_STR },
	};
	struct mm_argp a;
	struct mm_pkmap p;
	struct mm_err err = { 0 };
	unsigned used = 0, shown = 0, bad = 0;
	int all = 0, c;

	mm_argp_init(&a, argc, argv);
	while ((c = mm_getopt(&a, "a", NULL)) != MM_ARG_END) {
		if (c == 'a')
			all = 1;
		else {
			mm_err_set(&err, MM_EINVAL, "%s", c == MM_ARG_POS ? "unexpected argument" : a.err);
			mm_out_error(o, "pkmap", &err);
			return 1;
		}
	}
	if (mm_pkmap_read(k, &p, &err)) {
		mm_out_error(o, "pkmap", &err);
		return 1;
	}
	for (int i = 0; i < p.nerrors; i++)
		mm_out_error(o, "pkmap", &p.errors[i]);
	mm_out_table(o, "slots", cols, 9);
	for (unsigned i = 0; i < p.n; i++) {
		const struct mm_pkmap_slot *s = &p.slot[i];
		const char *problem = slot_problem(&p, s);
		char meaning[32];

		used += s->count > 0;
		bad += problem != NULL;
		if (!all && s->count <= 0 && !s->mapped && !s->htable_page)
			continue;
		shown++;
		mm_out_cell_u64(o, s->nr);
		mm_out_cell_hex(o, s->va);
		mm_out_cell_i64(o, s->count);
		mm_out_cell_str(o, count_meaning(s->count, meaning, sizeof(meaning)));
		if (s->mapped) {
			mm_out_cell_hex(o, s->pfn);
			mm_out_cell_hex(o, s->pa);
		} else {
			mm_out_cell_null(o);
			mm_out_cell_null(o);
		}
		if (s->page)
			mm_out_cell_hex(o, s->page);
		else
			mm_out_cell_null(o);
		if (s->htable_page)
			mm_out_cell_hex(o, s->htable_page);
		else
			mm_out_cell_null(o);
		if (problem)
			mm_out_cell_str(o, problem);
		else
			mm_out_cell_null(o);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_u64(o, "in_use", "SLOTS IN USE", used);
	mm_out_u64(o, "last_pkmap", "LAST_PKMAP", p.n);
	mm_out_u64(o, "problems", "PROBLEMS", bad);
	if (p.have_htable) {
		mm_out_u64(o, "htable_entries", "HTABLE ENTRIES", p.htable_entries);
		mm_out_u64(o, "htable_stray", "HTABLE STRAY", p.htable_stray);
	} else
		mm_out_null(o, "htable_entries", "HTABLE ENTRIES", "no page_address_htable");
	mm_pkmap_free(&p);
	(void)shown;
	return 0;
}
