/* Pages a filtered dump left out: see dump_filter.h. */
#include "dump_filter.h"
#include "memmap.h"
#include "../read.h"
#include <string.h>

int mm_page_excluded(struct mm_kernel *k, uint64_t pfn)
{
	struct mm_err err = { 0 };
	uint8_t b;
	return mm_read(k, mm_pfn_to_phys(k, pfn), MM_PHYSADDR, &b, 1, &err) == MM_EEXCLUDED;
}

long mm_dump_level(struct mm_kernel *k)
{
	int64_t v;
	if (mm_config_number(k, "DUMP_LEVEL", &v) || v < 0 || v > 31)
		return -1;
	return (long)v;
}

static const struct {
	enum mm_dump_filter bit;
	const char *why;
} filter_why[] = {
	{ MM_DUMP_ZERO, "excluded from the dump (makedumpfile -d 1 drops pages filled with zeros)" },
	{ MM_DUMP_CACHE, "excluded from the dump (makedumpfile -d 2 drops page cache pages)" },
	{ MM_DUMP_CACHE_PRI, "excluded from the dump (makedumpfile -d 4 drops page cache pages with buffers)" },
	{ MM_DUMP_USER, "excluded from the dump (makedumpfile -d 8 drops user process pages)" },
	{ MM_DUMP_FREE, "excluded from the dump (makedumpfile -d 16 drops free pages)" },
};

static const char *why_of(enum mm_dump_filter bit)
{
	for (size_t i = 0; i < sizeof(filter_why) / sizeof(filter_why[0]); i++)
		if (filter_why[i].bit == bit)
			return filter_why[i].why;
	return "excluded from the dump (filtered out when it was written)";
}

static enum mm_dump_filter class_of(enum mm_page_kind kind, int has_private)
{
	switch (kind) {
	case MM_PAGE_FREE:
	case MM_PAGE_PCP:
		return MM_DUMP_FREE;
	case MM_PAGE_ANON:
		return MM_DUMP_USER;
	case MM_PAGE_FILE:
		return has_private ? MM_DUMP_CACHE_PRI : MM_DUMP_CACHE;
	default:
		return MM_DUMP_ZERO; /* kernel memory: only a page of zeros is ever dropped */
	}
}

const char *mm_page_excluded_why(enum mm_page_kind kind, int has_private, long dump_level)
{
	enum mm_dump_filter c = class_of(kind, has_private);

	if (dump_level < 0 || (dump_level & c))
		return why_of(c);
	if (dump_level & MM_DUMP_ZERO)
		return why_of(MM_DUMP_ZERO);
	return why_of(0);
}

/* "private" among the '|'-separated flag names. */
static int has_flag(const char *names, const char *flag)
{
	size_t n = strlen(flag);
	for (const char *p = names; (p = strstr(p, flag)) != NULL; p += n)
		if ((p == names || p[-1] == '|') && (p[n] == 0 || p[n] == '|'))
			return 1;
	return 0;
}

const char *mm_page_contents_missing(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn)
{
	struct mm_page_info pi;

	if (!mm_page_excluded(k, pfn))
		return NULL;
	if (mm_page_identify(k, m, pfn, &pi, NULL))
		return mm_page_excluded_why(MM_PAGE_UNKNOWN, 0, mm_dump_level(k));
	return mm_page_excluded_why(pi.kind, has_flag(pi.flag_names, "private"), mm_dump_level(k));
}
