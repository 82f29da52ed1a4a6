/* The memory map. FLATMEM: page = mem_map + (pfn - ARCH_PFN_OFFSET). SPARSEMEM: each section's
 * section_mem_map holds (mem_map of the section - section start pfn) with flag bits in the low
 * bits, so page = (section_mem_map & SECTION_MAP_MASK) + pfn * sizeof(struct page). */
#include "memmap.h"
#include "../read.h"
#include <stdlib.h>
#include <string.h>

#define CHUNK_PAGES 512u


/* The pfns the node spans, the most reliable bound there is (max_pfn was relative to
 * PHYS_PFN_OFFSET on old ARM kernels and absolute on new ones). */
static void node_span(struct mm_kernel *k, struct mm_memmap *m)
{
	uint64_t pgdat;
	uint32_t start, spanned;

	if (mm_symbol(k, "contig_page_data", &pgdat, NULL) || k->off.pglist_data_node_start_pfn < 0 ||
	    k->off.pglist_data_node_spanned_pages < 0 ||
	    mm_read_u32(k, (kva_t)pgdat + (kva_t)k->off.pglist_data_node_start_pfn, &start, NULL) ||
	    mm_read_u32(k, (kva_t)pgdat + (kva_t)k->off.pglist_data_node_spanned_pages, &spanned, NULL))
		return;
	m->start_pfn = start;
	m->end_pfn = (uint64_t)start + spanned;
}

/* SPARSEMEM_STATIC is a 2-D array of structs (one section per root), SPARSEMEM_EXTREME an
 * array of root pointers (<= 4.14) or a pointer to one (4.15+: not an array at all). The array
 * length tells them apart when NR_MEM_SECTIONS is known; otherwise a present static section
 * has SECTION_MARKED_PRESENT (bit 0) set where a root array only holds aligned pointers. */
static int section_kind(struct mm_kernel *k, struct mm_memmap *m, uint64_t max_physmem_bits)
{
	long len = k->t->ops->array_length ? k->t->ops->array_length(k->t->ctx, "mem_section") : -1;
	uint64_t nr = 1ULL << (max_physmem_bits - (m->section_shift + k->page_shift));
	uint64_t per_root = k->page_size / (uint64_t)m->section_size;
	uint64_t roots = (nr + per_root - 1) / per_root;

	if (len <= 0) {
		m->kind = MM_SECTION_ROOTS_PTR;
		m->nr_sections = nr;
		m->per_root = per_root;
		return MM_OK;
	}
	if ((uint64_t)len == nr || (uint64_t)len != roots) {
		uint32_t words[64];
		size_t n = (size_t)len < 64 ? (size_t)len : 64;
		int is_static = (uint64_t)len == nr;

		if (!is_static && !mm_read(k, m->mem_section, MM_KVADDR, words, n * 4, NULL)) {
			for (size_t i = 0; i * (size_t)m->section_size + (size_t)m->map_off < n * 4; i++)
				if (words[(i * (size_t)m->section_size + (size_t)m->map_off) / 4] & 1)
					is_static = 1;
		}
		if (is_static) {
			m->kind = MM_SECTION_STATIC;
			m->nr_sections = (uint64_t)len;
			m->per_root = 1;
			return MM_OK;
		}
	}
	m->kind = MM_SECTION_ROOTS;
	m->per_root = per_root;
	m->nr_sections = (uint64_t)len * per_root;
	return MM_OK;
}

static int open_sparse(struct mm_kernel *k, struct mm_memmap *m, struct mm_err *err)
{
	int64_t v;
	uint64_t sym, section_bits = 28, physmem_bits = k->lpae ? 40 : 32;
	long last_bit;
	int rc;

	if ((rc = mm_symbol(k, "mem_section", &sym, err)))
		return rc;
	m->mem_section = (kva_t)sym;
	if ((rc = mm_need(err, k->off.mem_section_size, "sizeof(struct mem_section)")) ||
	    (rc = MM_NEED(k, err, mem_section, section_mem_map)))
		return rc;
	m->section_size = k->off.mem_section_size;
	m->map_off = k->off.mem_section_section_mem_map;
	if (mm_config_number(k, "SECTION_SIZE_BITS", &v) == 0 && v > (int64_t)k->page_shift && v < 40)
		section_bits = (uint64_t)v;
	else
		mm_note(k, "SECTION_SIZE_BITS not in the dump: ARM's 28 assumed");
	if (mm_config_number(k, "MAX_PHYSMEM_BITS", &v) == 0 && v >= (int64_t)section_bits && v <= 48)
		physmem_bits = (uint64_t)v;
	m->section_shift = (unsigned)(section_bits - k->page_shift);
	/* 6.0+ says where the flag bits end; before, the flags never reached bit 5 and mem_map
	 * is cache-line aligned, so masking all five is right for every older generation. */
	if (mm_enum(k, "SECTION_MAP_LAST_BIT", &last_bit) == 0 && last_bit > 0 && last_bit < 12)
		m->map_mask = ~((1u << last_bit) - 1);
	else
		m->map_mask = ~0x1fu;
	if (m->kind == MM_SECTION_NONE)
		section_kind(k, m, physmem_bits);
	if (!m->end_pfn)
		m->end_pfn = m->nr_sections << m->section_shift;
	return MM_OK;
}

int mm_memmap_open(struct mm_kernel *k, struct mm_memmap *m, struct mm_err *err)
{
	memset(m, 0, sizeof(*m));
	m->model = k->mem_model;
	m->page_size = k->page_struct_size;
	if (m->page_size <= 0)
		return mm_err_set(err, MM_EABSENT, "sizeof(struct page) not in this kernel's debug info");
	mm_exact_div_init(&m->page_div, (uint32_t)m->page_size);
	node_span(k, m);
	switch (k->mem_model) {
	case MM_FLATMEM:
		m->mem_map = k->mem_map;
		m->pfn_offset = k->pfn_offset;
		if (!m->end_pfn) {
			m->start_pfn = m->pfn_offset;
			m->end_pfn = k->max_pfn > m->pfn_offset ? k->max_pfn : m->pfn_offset + k->max_pfn;
		}
		return MM_OK;
	case MM_SPARSEMEM:
		return open_sparse(k, m, err);
	default:
		return mm_err_set(err, MM_EUNSUPPORTED, "memory model unknown: no mem_map or mem_section");
	}
}

kva_t mm_section_origin(const struct mm_memmap *m, uint32_t section_mem_map)
{
	if (!(section_mem_map & MM_SECTION_HAS_MEM_MAP))
		return 0;
	return section_mem_map & m->map_mask;
}

/* Address of struct mem_section number nr. */
static int section_addr(struct mm_kernel *k, const struct mm_memmap *m, uint64_t nr, kva_t *addr,
			struct mm_err *err)
{
	uint32_t roots = m->mem_section, root;
	int rc;

	if (nr >= m->nr_sections)
		return mm_err_set(err, MM_EINVAL, "section %llu beyond NR_MEM_SECTIONS %llu",
				  (unsigned long long)nr, (unsigned long long)m->nr_sections);
	if (m->kind == MM_SECTION_STATIC) {
		*addr = m->mem_section + (kva_t)(nr * (uint64_t)m->section_size);
		return MM_OK;
	}
	if (m->kind == MM_SECTION_ROOTS_PTR && (rc = mm_read_u32(k, m->mem_section, &roots, err)))
		return mm_err_wrap(err, "reading mem_section");
	if ((rc = mm_read_u32(k, roots + 4 * (kva_t)(nr / m->per_root), &root, err)))
		return mm_err_wrap(err, "mem_section root %llu", (unsigned long long)(nr / m->per_root));
	if (!root)
		return mm_err_set(err, MM_EUNMAPPED, "section %llu: no mem_section root",
				  (unsigned long long)nr);
	*addr = root + (kva_t)((nr % m->per_root) * (uint64_t)m->section_size);
	return MM_OK;
}

/* The origin (see mm_section_origin) of section nr. */
static int section_origin(struct mm_kernel *k, const struct mm_memmap *m, uint64_t nr, kva_t *origin,
			  struct mm_err *err)
{
	kva_t addr = 0;
	uint32_t word;
	int rc;

	if ((rc = section_addr(k, m, nr, &addr, err)))
		return rc;
	if ((rc = mm_read_u32(k, addr + (kva_t)m->map_off, &word, err)))
		return mm_err_wrap(err, "mem_section %llu", (unsigned long long)nr);
	*origin = mm_section_origin(m, word);
	if (!*origin)
		return mm_err_set(err, MM_EUNMAPPED, "section %llu has no mem_map (section_mem_map %x)",
				  (unsigned long long)nr, word);
	return MM_OK;
}

int mm_pfn_to_page(struct mm_kernel *k, const struct mm_memmap *m, uint64_t pfn, kva_t *page,
		   struct mm_err *err)
{
	kva_t origin;
	int rc;

	if (pfn < m->start_pfn || pfn >= m->end_pfn)
		return mm_err_set(err, MM_EINVAL, "pfn %llx outside memory [%llx, %llx)",
				  (unsigned long long)pfn, (unsigned long long)m->start_pfn,
				  (unsigned long long)m->end_pfn);
	if (m->model == MM_FLATMEM) {
		*page = m->mem_map + (kva_t)((pfn - m->pfn_offset) * (uint64_t)m->page_size);
		return MM_OK;
	}
	if ((rc = section_origin(k, m, pfn >> m->section_shift, &origin, err)))
		return rc;
	*page = origin + (kva_t)(pfn * (uint64_t)m->page_size);
	return MM_OK;
}

/* SPARSEMEM, and the FLATMEM error (only mm_page_to_pfn calls it) */
int mm_page_to_pfn_slow(struct mm_kernel *k, const struct mm_memmap *m, kva_t page, uint64_t *pfn,
			struct mm_err *err)
{
	uint64_t first = m->start_pfn >> m->section_shift, last;

	if (m->model == MM_FLATMEM) /* the inline mm_page_to_pfn answered every page of mem_map */
		return mm_err_set(err, MM_EINVAL, "%x is not a struct page in mem_map", page);
	last = (m->end_pfn - 1) >> m->section_shift;
	for (uint64_t nr = first; nr <= last && nr < m->nr_sections; nr++) {
		kva_t origin, lo;
		uint64_t off;

		if (section_origin(k, m, nr, &origin, NULL))
			continue;
		lo = origin + (kva_t)((nr << m->section_shift) * (uint64_t)m->page_size);
		off = (kva_t)(page - lo);
		if (off < ((uint64_t)1 << m->section_shift) * (uint64_t)m->page_size) {
			uint32_t idx;
			if (!mm_exact_div(&m->page_div, (uint32_t)off, &idx))
				break;
			*pfn = (nr << m->section_shift) + idx;
			return MM_OK;
		}
	}
	return mm_err_set(err, MM_EINVAL, "%x is not a struct page in any mem_section", page);
}

int mm_pfn_to_lowmem(const struct mm_kernel *k, uint64_t pfn, kva_t *va, struct mm_err *err)
{
	phys_t pa = mm_pfn_to_phys(k, pfn);

	if (!mm_pa_in_lowmem(k, pa))
		return mm_err_set(err, MM_EUNMAPPED, "pfn %llx is not in lowmem", (unsigned long long)pfn);
	*va = mm_pa_to_lowmem(k, pa);
	return MM_OK;
}

int mm_page_range(struct mm_kernel *k, const struct mm_memmap *m, uint64_t start, uint64_t end,
		  mm_page_fn fn, void *ctx, struct mm_err *err)
{
	size_t psize = (size_t)m->page_size;
	uint8_t *buf = malloc(CHUNK_PAGES * psize);
	uint64_t pfn = start;
	int rc = MM_OK;

	if (!buf)
		return mm_err_set(err, MM_ENOMEM, "out of memory");
	while (pfn < end && rc == MM_OK) {
		uint64_t n = end - pfn, section_end;
		kva_t page = 0;
		int ok;

		if (n > CHUNK_PAGES)
			n = CHUNK_PAGES;
		if (m->model == MM_SPARSEMEM) { /* a chunk stays inside one section's mem_map */
			section_end = ((pfn >> m->section_shift) + 1) << m->section_shift;
			if (pfn + n > section_end)
				n = section_end - pfn;
		}
		ok = mm_pfn_to_page(k, m, pfn, &page, NULL) == MM_OK;
		if (ok && mm_read(k, page, MM_KVADDR, buf, n * psize, NULL)) {
			/* Find which struct pages are unreadable, one by one. */
			for (uint64_t i = 0; i < n && rc == MM_OK; i++) {
				kva_t p = page + (kva_t)(i * psize);
				int good = !mm_read(k, p, MM_KVADDR, buf, psize, NULL);
				rc = fn(k, pfn + i, p, good ? buf : NULL, ctx);
			}
		} else {
			for (uint64_t i = 0; i < n && rc == MM_OK; i++)
				rc = fn(k, pfn + i, ok ? page + (kva_t)(i * psize) : 0,
					ok ? buf + i * psize : NULL, ctx);
		}
		pfn += n;
	}
	free(buf);
	return rc > 0 ? MM_OK : rc; /* fn filled its own error */
}

const struct mm_memmap *mm_memmap(struct mm_kernel *k)
{
	struct mm_err err;

	if (k->memmap || k->memmap_tried) /* asked once per slab and struct page: cheap first */
		return k->memmap;
	mm_err_clear(&err);
	k->memmap_tried = 1;
	k->memmap = calloc(1, sizeof(*k->memmap));
	if (k->memmap && mm_memmap_open(k, k->memmap, &err) == MM_OK)
		return k->memmap;
	free(k->memmap);
	k->memmap = NULL;
	mm_note(k, "memory map: %s", err.msg[0] ? err.msg : "out of memory");
	return NULL;
}

kva_t mm_page_of(struct mm_kernel *k, uint64_t pfn)
{
	const struct mm_memmap *m = mm_memmap(k);
	kva_t page;

	if (!m || mm_pfn_to_page(k, m, pfn, &page, NULL))
		return 0;
	return page;
}
