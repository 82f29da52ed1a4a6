/* `mmview info`: the kernel model as resolved, so a user can see what mmview believes. */
#include "../cmd.h"
#include <string.h>

const char *const mm_help_info[] = {
	"mmview info [-a]",
	"      Prints the layout constants, kernel generations and memory model mmview",
	"      resolved, and what it could not resolve; -a also lists every debug-info",
	"      offset found absent.",
	"      Example:  crash> mmview info",
	NULL,
};

static const char *vmalloc_gen_name(enum mm_vmalloc_gen g)
{
	static const char *const n[] = { "unknown", "vmlist", "vmap_area_list", "vmap_nodes" };
	return n[g];
}

static const char *slab_gen_name(enum mm_slab_gen g)
{
	static const char *const n[] = { "unknown", "SLAB", "SLUB", "SLOB" };
	return n[g];
}

static const char *buddy_test_name(enum mm_buddy_test b)
{
	static const char *const n[] = { "unknown", "_mapcount", "page_type (4.18-6.9)",
					 "page_type base (6.10-6.11)", "page_type PGTY (6.12+)" };
	return n[b];
}

static const char *mem_model_name(enum mm_mem_model m)
{
	static const char *const n[] = { "unknown", "FLATMEM", "SPARSEMEM" };
	return n[m];
}

static void range(struct mm_out *o, const char *key, const char *label, uint64_t start,
		  uint64_t end)
{
	char t[64];

	if (mm_out_fmt(o) == MM_FMT_JSON) {
		mm_out_section(o, key, NULL);
		mm_out_hex(o, "start", NULL, start);
		mm_out_hex(o, "end", NULL, end);
		mm_out_end(o);
		return;
	}
	snprintf(t, sizeof(t), "%08llx - %08llx", (unsigned long long)start, (unsigned long long)end);
	mm_out_str(o, NULL, label, t);
}

int mm_cmd_info(struct mm_kernel *k, struct mm_out *o, int argc, char **argv)
{
	struct mm_argp a;
	int all = 0, c;

	mm_argp_init(&a, argc, argv);
	while ((c = mm_getopt(&a, "a", NULL)) != MM_ARG_END) {
		if (c == 'a')
			all = 1;
		else {
			struct mm_err e = { MM_EINVAL, "" };
			snprintf(e.msg, sizeof(e.msg), "%s", c == MM_ARG_POS ? "unexpected argument" : a.err);
			mm_out_error(o, "info", &e);
			return 1;
		}
	}

	mm_out_section(o, "layout", "LAYOUT");
	mm_out_hex(o, "page_offset", "PAGE_OFFSET", k->page_offset);
	mm_out_hex(o, "phys_offset", "PHYS_OFFSET", k->phys_offset);
	mm_out_hex(o, "high_memory", "high_memory", k->high_memory);
	range(o, "vmalloc", "VMALLOC", k->vmalloc_start, k->vmalloc_end);
	range(o, "modules", "MODULES", k->modules_vaddr, k->modules_end);
	if (k->has_highmem) {
		mm_out_hex(o, "pkmap_base", "PKMAP_BASE", k->pkmap_base);
		mm_out_u64(o, "last_pkmap", "LAST_PKMAP", k->last_pkmap);
	} else {
		mm_out_null(o, "pkmap_base", "PKMAP_BASE", "none (no HIGHMEM)");
	}
	range(o, "fixmap", "FIXADDR", k->fixaddr_start, k->fixaddr_end);
	mm_out_str(o, "fixmap_direction", "fixmap grows", k->fixmap_grows_down ? "down" : "up");
	mm_out_hex(o, "vectors", "vectors", k->vectors);
	mm_out_hex(o, "task_size", "TASK_SIZE", k->task_size);
	mm_out_bool(o, "lpae", "LPAE", k->lpae);
	mm_out_hex(o, "swapper_pg_dir", "swapper_pg_dir", k->swapper_pg_dir);
	mm_out_hex(o, "pgd_phys", "pgd physaddr", k->pgd_phys);
	mm_out_end(o);

	mm_out_section(o, "memory", "MEMORY");
	mm_out_str(o, "model", "model", mem_model_name(k->mem_model));
	if (k->mem_model == MM_FLATMEM) {
		mm_out_hex(o, "mem_map", "mem_map", k->mem_map);
		mm_out_hex(o, "pfn_offset", "ARCH_PFN_OFFSET", k->pfn_offset);
	}
	mm_out_hex(o, "max_pfn", "max_pfn", k->max_pfn);
	mm_out_hex(o, "max_low_pfn", "max_low_pfn", k->max_low_pfn);
	mm_out_i64(o, "page_struct_size", "sizeof(page)", k->page_struct_size);
	mm_out_u64(o, "nr_cpus", "nr_cpu_ids", (uint64_t)k->nr_cpus);
	mm_out_end(o);

	mm_out_section(o, "generations", "GENERATIONS");
	mm_out_str(o, "vmalloc", "vmalloc list", vmalloc_gen_name(k->vmalloc_gen));
	mm_out_str(o, "slab", "slab allocator", slab_gen_name(k->slab_gen));
	mm_out_str(o, "slab_descriptor", "slab descriptor", k->slab_struct ? "struct slab" : "struct page");
	mm_out_bool(o, "freelist_hardened", "freelist hardened", k->freeptr_hardened);
	mm_out_str(o, "buddy_test", "PageBuddy test", buddy_test_name(k->buddy_test));
	mm_out_end(o);

	mm_out_section(o, "kernel_image", "KERNEL IMAGE");
	range(o, "text", ".text", k->text, k->etext);
	range(o, "init", ".init", k->init_begin, k->init_end);
	range(o, "data", ".data", k->sdata, k->edata);
	range(o, "bss", ".bss", k->bss_start, k->bss_stop);
	mm_out_end(o);

	mm_out_section(o, "offsets", "DEBUG INFO");
	mm_out_u64(o, "resolved", "offsets resolved", (uint64_t)(mm_offset_nentries - k->nabsent));
	mm_out_u64(o, "absent", "offsets absent", (uint64_t)k->nabsent);
	if (all || mm_out_fmt(o) == MM_FMT_JSON) {
		mm_out_list(o, "absent_list");
		for (int i = 0; i < mm_offset_nentries; i++) {
			const struct mm_offset_entry *e = &mm_offset_entries[i];
			char name[128];
			if (*(const long *)((const char *)&k->off + e->field) >= 0)
				continue;
			snprintf(name, sizeof(name), "%s%s%s%s", e->member ? "" : "sizeof(", e->type,
				 e->member ? "." : ")", e->member ? e->member : "");
			if (mm_out_fmt(o) == MM_FMT_JSON)
				mm_out_str(o, NULL, NULL, name);
			else
				mm_out_note(o, "absent: %s", name);
		}
		mm_out_end(o);
	}
	mm_out_end(o);

	for (int i = 0; i < k->nnotes; i++)
		mm_out_note(o, "note: %s", k->notes[i]);
	return 0;
}
