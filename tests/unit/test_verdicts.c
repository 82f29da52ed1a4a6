/* Verdicts the kernel itself would reach (issue 13): each test names the kernel function whose
 * decision it reproduces, on a synthetic dump laid out as the generation concerned. */
#include "unit.h"
#include "../../core/vmalloc/vmalloc.h"
#include "../../core/identify/identify.h"
#include "../../core/arm/layout.h"
#include "../../core/arm/kmap.h"
#include "../../vmcores/synth/synth_vmalloc.h"
#include "../../vmcores/synth/buddy.h"
#include "../../core/page_alloc/page_alloc.h"
#include "../../core/page_alloc/gfp.h"
#include "../../core/log/klog.h"
#include "../../core/slab/slab.h"
#include "../../vmcores/synth/synth_slab.h"
#include <stdlib.h>
#include <string.h>

/* ---- vmalloc bookkeeping ---- */

/* struct vmap_area of 3.4-3.9 (private, not vm; purge_list a list_head) on the static
 * vmap_area_list, which real 3.4 dumps carry next to vmlist. */
static uint32_t declare_vmap_area_34(struct synth *s)
{
	uint32_t head;

	synth_struct(s, "vmap_area", (struct synth_field[]){
		{ "va_start", 4, 0 }, { "va_end", 4, 0 }, { "flags", 4, 0 }, { "rb_node", 12, 0 },
		{ "list", 8, 0 }, { "purge_list", 8, 0 }, { "private", 4, 0 }, { "rcu_head", 8, 0 },
		{ NULL, 0, 0 } });
	head = synth_var(s, "vmap_area_list", 8);
	synth_list_init(s, head);
	return head;
}

static uint32_t vm_struct_at(struct synth *s, uint32_t addr, uint32_t size, uint32_t flags)
{
	uint32_t vm = synth_alloc(s, (uint32_t)synth_size(s, "vm_struct"), 4);
	synth_wm(s, vm, "vm_struct", "addr", addr);
	synth_wm(s, vm, "vm_struct", "size", size);
	synth_wm(s, vm, "vm_struct", "flags", flags);
	return vm;
}

static void vmap_area_34(struct synth *s, uint32_t head, uint32_t start, uint32_t size,
			 uint32_t flags, uint32_t vm)
{
	uint32_t va = synth_alloc(s, (uint32_t)synth_size(s, "vmap_area"), 4);
	synth_wm(s, va, "vmap_area", "va_start", start);
	synth_wm(s, va, "vmap_area", "va_end", start + size);
	synth_wm(s, va, "vmap_area", "flags", flags);
	synth_wm(s, va, "vmap_area", "private", vm);
	synth_list_add_tail(s, head, va + (uint32_t)synth_off(s, "vmap_area", "list"));
}

/* mm/vmalloc.c of 3.4: remove_vm_area -> free_unmap_vmap_area_noflush ORs VM_LAZY_FREE into
 * va->flags and leaves VM_VM_AREA and va->private (the freed vm_struct) alone; vmalloc_init
 * imported the static mappings with va->flags = vm->flags | VM_VM_AREA, private NULL. */
static void test_vmap_area_lazy_free_34_remove_vm_area(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	struct synth_vmalloc *b = synth_vmalloc_new(s);
	struct mm_kernel *k;
	struct mm_vmalloc v;
	struct mm_vmalloc_stats st;
	struct mm_err err = { 0 };
	uint32_t head = declare_vmap_area_34(s), base = 0xc3000000u;

	(void)state;
	vmap_area_34(s, head, base, 0x3000, 0x04, vm_struct_at(s, base, 0x3000, 0x1)); /* ioremap: no pages */
	/* freed: the vm_struct behind it was kfree'd and reused, its range is stale */
	vmap_area_34(s, head, base + 0x4000, 0x5000, 0x04 | 0x01, vm_struct_at(s, 0x1234000, 0x1000, 0));
	vmap_area_34(s, head, base + 0xa000, 0x2000, 0x04 | 0x02, vm_struct_at(s, 0, 0, 0)); /* being purged */
	vmap_area_34(s, head, 0xfee00000u, 0x200000, 0x40000001u | 0x04, 0);
	k = unit_open(s);
	assert_int_equal(mm_vmalloc_va_gen(k), MM_VA_GEN_FLAGS_LIST);
	assert_int_equal(mm_vmalloc_read(k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 4);
	for (size_t i = 0; i < v.nprob; i++)
		print_message("problem: %s\n", v.prob[i].msg);
	assert_int_equal(v.nprob, 0);
	assert_int_equal(v.area[0].state, MM_VA_LIVE);
	assert_int_equal(v.area[1].state, MM_VA_LAZY);
	assert_int_equal(v.area[2].state, MM_VA_LAZY);
	assert_int_equal(v.area[3].state, MM_VA_STATIC);
	assert_int_equal(v.area[3].flags, 0x40000001u);
	assert_int_equal(mm_vmalloc_stats(&v, k->vmalloc_start, 0xff000000u, &st), MM_OK);
	assert_int_equal(st.count[MM_VA_LAZY], 2);
	assert_int_equal(st.bytes[MM_VA_LAZY], 0x7000);
	mm_vmalloc_free(&v);
	mm_kernel_close(k);
	synth_vmalloc_free(b);
	synth_free(s);
}

/* arch/arm/mm/mmu.c iotable_init / vm_reserve_area_early: vm->size is the mapping's exact
 * size (no __get_vm_area_node, no guard page), so the last page of a static mapping is
 * mapped I/O, not a guard. */
static void test_static_mapping_no_guard_iotable_init(void **state)
{
	static const char *const profiles[] = { "3.4", "6.1" };
	(void)state;
	for (int i = 0; i < 2; i++) {
		struct synth *s = synth_new(synth_profile(profiles[i]));
		struct synth_vmalloc *b = synth_vmalloc_new(s);
		struct mm_kernel *k;
		struct mm_vmalloc v;
		struct mm_vmalloc_lookup r;
		struct mm_err err = { 0 };
		struct mm_ident id;

		synth_vmalloc_area(b, 0xfee00000u, 0x200000, SYNTH_VM_IOREMAP | SYNTH_VM_ARM_STATIC, 0, 0, 0x3f000000);
		synth_vmalloc_finish(b);
		k = unit_open(s);
		assert_int_equal(mm_vmalloc_read(k, &v, &err), MM_OK);
		mm_vmalloc_lookup(k, &v, 0xfefffff0u, &r);
		assert_int_equal(r.where, MM_VM_AREA);
		assert_int_equal(r.area->state, MM_VA_STATIC);
		assert_int_equal(r.page_index, 0x1ff);
		assert_int_equal(mm_vmalloc_guard_start(k, &v, r.area), 0xff000000u);
		mm_vmalloc_free(&v);
		mm_identify(k, 0xfefffff0u, &id);
		for (int j = 0; j < id.nowners; j++)
			assert_string_not_equal(id.owner[j].kind, "guard page");
		mm_kernel_close(k);
		synth_vmalloc_free(b);
		synth_free(s);
	}
}

/* ---- fixmap ---- */

/* arch/arm/include/asm/fixmap.h of 3.16-3.18 (kmap_atomic in arch/arm/mm/highmem.c through
 * fixmap_page_table): FIXADDR_START 0xffc00000, FIXADDR_TOP 0xffe00000, __fix_to_virt(x) =
 * FIXADDR_START + (x << PAGE_SHIFT), idx = type + KM_TYPE_NR * cpu; macros only. */
static void test_fixmap_316_kmap_atomic(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	uint64_t pa = synth_alloc_high(s, 1);
	struct mm_kernel *k;
	struct mm_fixmap_scheme fs;
	struct mm_fixmap_slot slot;
	struct mm_region r;

	(void)state;
	synth_sym(s, "fixmap_page_table", synth_alloc(s, 4, 4), 4);
	synth_map(s, 0xffc00000u + (2 + 16 * 1) * 4096u, pa, 4096, SYNTH_MAP_PAGE);
	k = unit_open(s);
	assert_int_equal(k->fixmap_grows_down, 0);
	assert_int_equal(k->fixaddr_start, 0xffc00000u);
	assert_int_equal(k->fixaddr_end, 0xffe00000u);
	assert_int_equal(mm_region_of(k, 0xffc12000u, &r), MM_REGION_FIXMAP);
	mm_fixmap_scheme(k, &fs);
	assert_int_equal(mm_fixmap_slot(k, &fs, 0xffc12000u, &slot), 0);
	assert_int_equal(slot.idx, 18);
	assert_int_equal(slot.cpu, 1);
	assert_int_equal(slot.nest, 2);
	mm_kernel_close(k);
	synth_free(s);
	/* without the 3.16 symbol: the 3.4 range */
	s = synth_new(synth_profile("3.4"));
	k = unit_open(s);
	assert_int_equal(k->fixaddr_start, 0xfff00000u);
	assert_int_equal(k->fixaddr_end, 0xfffe0000u);
	mm_kernel_close(k);
	synth_free(s);
}

/* arch/arm/include/asm/fixmap.h of 5.10+: FIXADDR_START 0xffc80000 is a constant; an ATAGS
 * boot (initial_boot_params NULL) with no __atags_pointer has nothing mapped at
 * FDT_FIXED_BASE (devicemaps_init maps it only `if (__atags_pointer)`). */
static void test_fixmap_510_atags_boot_fixaddr_start(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	uint32_t pgd = synth_symval(s, "swapper_pg_dir");
	struct mm_kernel *k;
	struct mm_region r;

	(void)state;
	assert_true(pgd != 0);
	synth_w32(s, synth_symval(s, "initial_boot_params"), 0);
	for (uint32_t mb = 0xff8; mb < 0xffc; mb++) /* no DT window mapped: level-1 entries cleared */
		synth_w32(s, pgd + 4 * mb, 0);
	synth_sym(s, "prb", synth_alloc(s, 4, 4), 4);
	k = unit_open(s);
	assert_int_equal(k->fixaddr_start, 0xffc80000u);
	assert_int_equal(mm_region_of(k, 0xffc40000u, &r), MM_REGION_GUARD);
	mm_kernel_close(k);
	synth_free(s);
}

/* ---- the page allocator's verdicts ---- */

static void zone_stat(struct synth *s, int zone, int item, uint32_t v)
{
	synth_w32(s, synth_zone(s, zone) + (uint32_t)synth_off(s, "zone", "vm_stat") + 4u * (uint32_t)item, v);
}

static char *triage_of(struct synth *s, struct mm_kernel **k)
{
	*k = unit_open(s);
	return unit_run(*k, "triage");
}

/* A CMA-heavy DMA zone: 1000 free of which 900 CMA, min 200 low 250 high 300; HighMem fine.
 * Runs `cmd` on it (NULL: triage) with the log given. */
static char *cma_board_run(const char *log, const char *cmd)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	uint64_t base;
	char *out;

	synth_buddy_init(s);
	base = synth_zone_start(s, 0);
	for (int i = 0; i < 4; i++)
		synth_buddy_free(s, base + 1024 + 256 * (uint64_t)i, 8, synth_buddy_mt(s, i < 3 ? "MIGRATE_CMA" : "MIGRATE_MOVABLE"));
	zone_stat(s, 0, 0, 1000);
	zone_stat(s, 0, 10, 900); /* NR_FREE_CMA_PAGES */
	synth_zone_wmarks(s, 0, 200, 250, 300);
	synth_buddy_free(s, synth_zone_start(s, 2) + 512, 9, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	synth_zone_wmarks(s, 2, 100, 120, 140);
	if (log)
		synth_log(s, log);
	k = unit_open(s);
	out = unit_run(k, cmd ? cmd : "triage");
	mm_kernel_close(k);
	synth_free(s);
	return out;
}

static char *cma_board_triage(const char *log)
{
	return cma_board_run(log, NULL);
}

/* mm/page_alloc.c gfp_to_alloc_flags / prepare_alloc_pages (5.x: gfp_to_alloc_flags_cma):
 * a movable request gets ALLOC_CMA, and __zone_watermark_ok then counts free CMA pages. */
static void test_gfp_to_alloc_flags_cma_zone_watermark_ok(void **state)
{
	char *out = cma_board_triage(
		"[16.8] hog invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
		"[16.8] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n");

	(void)state;
	assert_non_null(strstr(out, "allocation flags: ALLOC_CMA"));
	assert_null(strstr(out, "at/below min"));
	assert_null(strstr(out, "exhaustion"));
	assert_non_null(strstr(out, "succeed (fast path: low watermark met)"));
	free(out);
	/* GFP_KERNEL on the same zone: the CMA pages are not its to take */
	out = cma_board_triage(
		"[17.0] kworker/0:1: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"[17.0] Kernel panic - not syncing: driver gave up\n");
	assert_non_null(strstr(out, "allocation flags: none"));
	assert_non_null(strstr(out, "at/below min"));
	free(out);
	/* `buddy --order 8 --gfp`: the same verdicts, with the CMA lists usable or not */
	out = cma_board_run(NULL, "buddy --order 8 --gfp 0x140cca");
	assert_non_null(strstr(out, "allocation flags: ALLOC_CMA"));
	assert_non_null(strstr(out, "verdict: succeed (fast path: low watermark met)"));
	free(out);
	out = cma_board_run(NULL, "buddy --order 8 --gfp 0xcc0");
	assert_non_null(strstr(out, "verdict: fail: lack of memory"));
	assert_non_null(strstr(out, "above the request's class zone (gfp_zone)"));
	free(out);
	out = cma_board_run(NULL, "buddy --order 8 --gfp zz");
	assert_non_null(strstr(out, "--gfp wants a hex mask"));
	free(out);
}

/* gfpflag_names[] (mm/debug.c, the table %pGg prints from), laid out as a 4.19 kernel has it. */
static void gfpflag_names_419(struct synth *s)
{
	static const struct { uint32_t mask; const char *name; } t[] = {
		{ 0x480020, "GFP_ATOMIC" }, { 0x6000c0, "GFP_KERNEL" }, { 0x01, "__GFP_DMA" },
		{ 0x02, "__GFP_HIGHMEM" }, { 0x08, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" },
		{ 0x20, "__GFP_HIGH" }, { 0x2000, "__GFP_MEMALLOC" }, { 0x10000, "__GFP_NOMEMALLOC" },
		{ 0x80000, "__GFP_ATOMIC" }, { 0x200000, "__GFP_DIRECT_RECLAIM" },
		{ 0x400000, "__GFP_KSWAPD_RECLAIM" }, { 0x600000, "__GFP_RECLAIM" },
	};
	size_t n = sizeof(t) / sizeof(t[0]);
	uint32_t tab = synth_alloc(s, 8 * ((uint32_t)n + 1), 4);

	for (size_t i = 0; i < n; i++) {
		uint32_t str = synth_alloc(s, 32, 1);
		synth_write(s, str, MM_KVADDR, t[i].name, strlen(t[i].name) + 1);
		synth_w32(s, tab + 8 * (uint32_t)i, t[i].mask);
		synth_w32(s, tab + 8 * (uint32_t)i + 4, str);
	}
	synth_sym(s, "gfpflag_names", tab, 8 * ((uint32_t)n + 1));
}

/* gfp_to_alloc_flags of 4.4-6.2: GFP_ATOMIC is __GFP_HIGH (ALLOC_HIGH: min / 2) and
 * __GFP_ATOMIC (ALLOC_HARDER: then min / 4): 700 free against min 1000 passes at 375. */
static void test_gfp_to_alloc_flags_atomic_419(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k;
	struct mm_gfp_bits b;
	struct mm_alloc_ctx c;
	char *out;

	(void)state;
	synth_buddy_init(s);
	gfpflag_names_419(s);
	for (int i = 0; i < 7; i++)
		synth_buddy_free(s, synth_zone_start(s, 0) + 1024 + 128 * (uint64_t)i, 7, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	zone_stat(s, 0, 0, 896);
	synth_zone_wmarks(s, 0, 1000, 1100, 1200);
	synth_log(s, "[ 9.1] swapper/0: page allocation failure: order:0, mode:0x480020(GFP_ATOMIC), nodemask=(null)\n"
		     "[ 9.1] Kernel panic - not syncing: net rx gave up\n");
	k = unit_open(s);
	mm_gfp_bits(k, &b);
	assert_string_equal(b.how, "the dump's gfpflag_names[]");
	assert_int_equal(b.atomic, 0x80000);
	assert_int_equal(b.direct_reclaim, 0x200000);
	assert_int_equal(b.era, MM_GFP_ERA_ATOMIC);
	mm_alloc_ctx(&b, 0x480020, 0, &c);
	assert_int_equal(c.slow, MM_ALLOC_HIGH | MM_ALLOC_HARDER | MM_ALLOC_RESERVES | MM_ALLOC_HIGHATOMIC);
	assert_int_equal(c.fast, 0);
	mm_alloc_ctx(&b, 0x6000c0, 0, &c); /* GFP_KERNEL: nothing */
	assert_int_equal(c.slow, 0);
	out = unit_run(k, "triage");
	assert_non_null(strstr(out, "allocation flags: ALLOC_HIGH ALLOC_HARDER reserves highatomic"));
	assert_non_null(strstr(out, "succeed after waking kswapd (min watermark met)"));
	assert_null(strstr(out, "exhaustion"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* The tables by generation when the dump has neither enum nor gfpflag_names[]: 3.4's
 * atomic is !(__GFP_WAIT | __GFP_NO_KSWAPD) (GFP_ATOMIC 0x20); 6.10+'s ___GFP_*_BIT. */
static void test_gfp_bits_tables_and_enum(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	struct mm_kernel *k;
	struct mm_gfp_bits b;
	struct mm_alloc_ctx c;
	static const char *const bits[] = { "DMA", "HIGHMEM", "DMA32", "MOVABLE", "RECLAIMABLE", "HIGH", "IO",
					    "FS", "ZERO", "UNUSED", "DIRECT_RECLAIM", "KSWAPD_RECLAIM", "WRITE",
					    "NOWARN", "RETRY_MAYFAIL", "NOFAIL", "NORETRY", "MEMALLOC", "COMP",
					    "NOMEMALLOC", NULL };

	(void)state;
	synth_buddy_init(s);
	k = unit_open(s);
	mm_gfp_bits(k, &b);
	assert_int_equal(b.era, MM_GFP_ERA_WAIT);
	mm_alloc_ctx(&b, 0x20, 1, &c); /* GFP_ATOMIC of 3.4 */
	assert_int_equal(c.slow, MM_ALLOC_HIGH | MM_ALLOC_HARDER);
	mm_alloc_ctx(&b, 0x200da, 0, &c); /* GFP_HIGHUSER_MOVABLE of 3.4: WAIT set */
	assert_int_equal(c.slow, MM_ALLOC_CMA);
	mm_alloc_ctx(&b, 0x2000 | 0x10, 0, &c); /* __GFP_MEMALLOC */
	assert_true(c.slow & MM_ALLOC_NO_WATERMARKS);
	mm_kernel_close(k);
	synth_free(s);

	s = synth_new(synth_profile("6.9"));
	synth_buddy_init(s);
	for (int i = 0; bits[i]; i++) {
		char e[48];
		snprintf(e, sizeof(e), "___GFP_%s_BIT", bits[i]);
		synth_enum(s, e, i);
	}
	k = unit_open(s);
	mm_gfp_bits(k, &b);
	assert_string_equal(b.how, "the ___GFP_*_BIT enumerators");
	assert_int_equal(b.era, MM_GFP_ERA_NONBLOCK);
	assert_int_equal(b.nomemalloc, 0x80000);
	mm_alloc_ctx(&b, 0x820, 2, &c); /* 6.10 GFP_ATOMIC: HIGH | KSWAPD_RECLAIM */
	assert_int_equal(c.slow, MM_ALLOC_HIGH | MM_ALLOC_HARDER | MM_ALLOC_RESERVES | MM_ALLOC_HIGHATOMIC);
	mm_alloc_ctx(&b, 0x800, 0, &c); /* GFP_NOWAIT: non-blocking, no min reserve */
	assert_int_equal(c.slow, MM_ALLOC_RESERVES);
	mm_kernel_close(k);
	synth_free(s);
}

/* warn_alloc's "page allocation failure: order:%u, mode:%#x(%pGg), nodemask=%*pbl": the
 * mode's class zone (gfp_zone) decides which zones the kernel tried. GFP_KERNEL on a HighMem
 * board may use DMA and Normal only: HighMem's free pages are not its. */
static void test_warn_alloc_mode_gfp_zone(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_panic_facts f;
	const char *log = "[17.0] kworker/0:1: page allocation failure: order:1, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), "
			  "nodemask=(null),cpuset=/,mems_allowed=0\n"
			  "[17.0] Kernel panic - not syncing: driver gave up\n";
	char *out;

	(void)state;
	mm_klog_parse(log, strlen(log), &f);
	assert_int_equal(f.failed_order, 1);
	assert_string_equal(f.gfp, "0x40cc0(GFP_KERNEL|__GFP_COMP)");
	assert_string_equal(f.nodemask, "(null)");
	{ /* 4.9's oom line: gfp_mask, nodemask and order */
		const char *oom = "hog invoked oom-killer: gfp_mask=0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=0, order=0, oom_score_adj=0\n";
		struct mm_panic_facts g;
		mm_klog_parse(oom, strlen(oom), &g);
		assert_string_equal(g.gfp, "0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)");
		assert_string_equal(g.nodemask, "0");
		assert_int_equal(g.failed_order, 0);
	}
	synth_buddy_init(s);
	synth_buddy_free(s, synth_zone_start(s, 0) + 64, 0, synth_buddy_mt(s, "MIGRATE_UNMOVABLE"));
	synth_zone_wmarks(s, 0, 64, 80, 96);
	synth_buddy_free(s, synth_zone_start(s, 2) + 512, 9, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	synth_zone_wmarks(s, 2, 100, 120, 140);
	synth_log(s, log);
	out = triage_of(s, &k);
	assert_non_null(strstr(out, "class zone: Normal"));
	assert_null(strstr(out, "HighMem"));
	assert_non_null(strstr(out, "cause: exhaustion: 1 zone at or below the min watermark for order 1"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* include/linux/gfp.h gfp_zone / GFP_ZONE_TABLE: without CONFIG_HIGHMEM OPT_ZONE_HIGHMEM is
 * ZONE_NORMAL; HIGHMEM|MOVABLE is ZONE_MOVABLE (enum zone_type where the debug info has it). */
static void test_gfp_zone_without_highmem(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k;
	struct mm_zones z;
	struct mm_err err = { 0 };

	(void)state;
	synth_buddy_init(s);
	/* First without enum zone_type: the zone names decide (the builder declares the enum). */
	synth_enum_del(s, "ZONE_NORMAL");
	synth_enum_del(s, "ZONE_MOVABLE");
	k = unit_open(s);
	assert_int_equal(mm_zones_read(k, &z, &err), MM_OK);
	assert_int_equal(z.zt_highmem, -1);
	assert_int_equal(mm_gfp_classzone(&z, 0x2), 0);   /* __GFP_HIGHMEM -> Normal */
	assert_int_equal(mm_gfp_classzone(&z, 0xa), 0);   /* no Movable zone read: Normal */
	assert_int_equal(mm_gfp_classzone(&z, 0x1), 0);   /* no ZONE_DMA: OPT_ZONE_DMA is Normal */
	assert_int_equal(mm_gfp_classzone(&z, 0x8), 0);   /* __GFP_MOVABLE alone: Normal */
	mm_kernel_close(k);
	synth_enum(s, "ZONE_NORMAL", 0);
	synth_enum(s, "ZONE_MOVABLE", 1);
	k = unit_open(s);
	assert_int_equal(mm_zones_read(k, &z, &err), MM_OK);
	assert_int_equal(mm_gfp_classzone(&z, 0xa), 1);
	assert_int_equal(mm_gfp_classzone(&z, 0x2), 0);
	mm_kernel_close(k);
	synth_free(s);
}

/* mm/compaction.c compaction_suitable (4.9+): the fragmentation index against
 * extfrag_threshold only gates compaction above PAGE_ALLOC_COSTLY_ORDER. */
static void test_compaction_suitable_costly_order(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k;
	struct mm_zones z;
	struct mm_order_verdict v;
	struct mm_err err = { 0 };

	(void)state;
	synth_buddy_init(s);
	synth_enum(s, "COMPACT_SUCCESS", 8);
	for (int i = 0; i < 40; i++)
		synth_buddy_free(s, synth_zone_start(s, 0) + 1024 + 2 * (uint64_t)i, 0, synth_buddy_mt(s, "MIGRATE_MOVABLE"));
	synth_zone_wmarks(s, 0, 10, 12, 14);
	k = unit_open(s);
	assert_int_equal(mm_zones_read(k, &z, &err), MM_OK);
	assert_int_equal(z.compact_costly_only, 1);
	mm_order_verdict(&z, &z.zone[0], 2, -1, NULL, 500, &v);
	assert_int_equal(v.cause, MM_ORDER_FRAGMENTATION);
	assert_non_null(strstr(v.text, "at order <= 3 compaction runs whatever the index"));
	mm_order_verdict(&z, &z.zone[0], 4, -1, NULL, 500, &v);
	assert_null(strstr(v.text, "compaction runs"));
	mm_kernel_close(k);
	synth_free(s);
}

/* mm/vmalloc.c __vmalloc_area_node: "vmalloc error: size %lu, failed to allocate pages"
 * (5.13+) and "vmalloc: allocation failure, allocated %ld of %ld bytes" (<= 5.12) come after
 * the area was reserved: the page allocator failed, not vmalloc space. */
static void test_vmalloc_area_node_pages_failure(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k;
	struct mm_panic_facts f;
	const char *old = "insmod: vmalloc: allocation failure, allocated 4096 of 8392704 bytes\n"
			  "insmod: page allocation failure: order:0, mode:0xd2\n"
			  "Kernel panic - not syncing: out of pages\n";
	const char *log = "[ 8.0] insmod: vmalloc error: size 8388608, failed to allocate pages, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), "
			  "nodemask=(null),cpuset=/,mems_allowed=0\n"
			  "[ 8.0] Kernel panic - not syncing: mmtest: vmalloc of 8388608 bytes failed\n";
	char *out;

	(void)state;
	mm_klog_parse(old, strlen(old), &f);
	assert_int_equal(f.kind, MM_PANIC_VMALLOC);
	assert_int_equal(f.vmalloc_stage, MM_VMALLOC_STAGE_PAGES);
	assert_true(f.vmalloc_size == 8392704);
	mm_klog_parse(log, strlen(log), &f);
	assert_int_equal(f.vmalloc_stage, MM_VMALLOC_STAGE_PAGES);
	assert_string_equal(f.gfp, "0xdc0(GFP_KERNEL|__GFP_ZERO)");
	synth_buddy_init(s);
	synth_buddy_free(s, synth_zone_start(s, 0) + 64, 0, synth_buddy_mt(s, "MIGRATE_UNMOVABLE"));
	synth_zone_wmarks(s, 0, 64, 80, 96);
	synth_log(s, log);
	out = triage_of(s, &k);
	assert_non_null(strstr(out, "failed in: page allocator"));
	assert_non_null(strstr(out, "a page allocation failure, not a lack of vmalloc space"));
	assert_non_null(strstr(out, "class zone: Normal"));
	assert_null(strstr(out, "would it fit now"));
	free(out);
	out = unit_run(k, "-j triage");
	assert_non_null(strstr(out, "\"failed_in\":\"page allocator\""));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* ---- vmalloc fit ---- */

static char *run_on(const char *profile, const char *cmd, void (*lay)(struct synth_vmalloc *b, struct mm_kernel *k))
{
	struct synth *s = synth_new(synth_profile(profile));
	struct synth_vmalloc *b = synth_vmalloc_new(s);
	struct mm_kernel *k;
	char *out;

	synth_buddy_init(s); /* struct zone: the generation probes of a real dump */
	k = unit_open(s);
	if (lay) {
		lay(b, k);
		mm_kernel_close(k);
		k = unit_open(s);
	} else
		synth_vmalloc_finish(b);
	out = unit_run(k, cmd);
	mm_kernel_close(k);
	synth_vmalloc_free(b);
	synth_free(s);
	return out;
}

/* mm/vmalloc.c __get_vm_area_node with VM_IOREMAP: align = 1 << clamp(fls(size) (<= 4.8) /
 * get_count_order_long(size) (4.9+), PAGE_SHIFT, IOREMAP_MAX_ORDER), ARM's IOREMAP_MAX_ORDER
 * 24 up to 4.4 (arch/arm/include/asm/memory.h), the generic 19 on SMP from 4.5. */
static void test_get_vm_area_node_ioremap_align(void **state)
{
	char *out;

	(void)state;
	out = run_on("3.4", "vmalloc --fit 4096 --ioremap", NULL);
	assert_non_null(strstr(out, "alignment: 8192\n")); /* fls(0x1000) = 13 */
	free(out);
	out = run_on("3.4", "vmalloc --fit 8M --ioremap", NULL);
	assert_non_null(strstr(out, "alignment: 16777216\n"));
	free(out);
	out = run_on("6.1", "vmalloc --fit 4096 --ioremap", NULL);
	assert_non_null(strstr(out, "alignment: 4096\n"));
	free(out);
	out = run_on("6.1", "-j vmalloc --fit 8M --ioremap", NULL);
	assert_non_null(strstr(out, "\"align\":524288"));
	free(out);
}

/* Free space: one 1 MB-aligned hole of 1 MB + 4 KB (the request and its guard exactly), the
 * rest of vmalloc space taken. */
static void lay_one_hole(struct synth_vmalloc *b, struct mm_kernel *k)
{
	uint32_t vs = k->vmalloc_start, ve = k->vmalloc_end, hole = (vs + 0x300000u) & ~0xfffffu;

	synth_vmalloc_area(b, vs, hole - vs, SYNTH_VM_ALLOC, 0, 0, 0);
	synth_vmalloc_area(b, hole + 0x101000u, ve - (hole + 0x101000u), SYNTH_VM_ALLOC, 0, 0, 0);
	synth_vmalloc_finish(b);
}

/* mm/vmalloc.c find_vmap_lowest_match (5.2+): length = size + align - 1; a subtree is entered
 * only if its largest free area reaches that length, so an exactly fitting aligned hole is
 * not found. Before 5.2, alloc_vmap_area walked the busy list and found it. */
static void test_find_vmap_lowest_match_align(void **state)
{
	char *out;

	(void)state;
	out = run_on("6.1", "vmalloc --fit 1M --align 1M", lay_one_hole);
	assert_non_null(strstr(out, "alignment: 1048576\n"));
	assert_non_null(strstr(out, "gap needed (find_vmap_lowest_match: size + align - 1): 2.0M (2101247 bytes)"));
	assert_non_null(strstr(out, "fits: no\n"));
	free(out);
	out = run_on("6.1", "vmalloc --fit 1M", lay_one_hole); /* page alignment: the hole serves */
	assert_non_null(strstr(out, "fits: yes\n"));
	free(out);
	out = run_on("4.19", "vmalloc --fit 1M --align 1M", lay_one_hole);
	assert_non_null(strstr(out, "fits: yes\n"));
	free(out);
}

/* ---- SLAB ---- */

/* mm/slab.c of 4.6-6.7 with OBJFREELIST_SLAB: the index array is kept in a free object, so
 * once slab_get_obj hands out the last one, page->freelist is NULL (fixup_objfreelist_debug);
 * a full slab is complete, not "unreadable". */
static void test_slab_objfreelist_full_slab(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct synth_cache c;
	struct synth_slab_spec full = { SYNTH_FULL, 0, 0, NULL, 0, NULL, 0, 0 };
	struct mm_kernel *k;
	struct mm_slab_layout lay;
	struct mm_slab_cache mc;
	struct mm_slab_stats st;
	struct mm_err err = { 0 };
	char cmd[64], *out;

	(void)state;
	synth_slab_declare(s, SYNTH_SLAB_USE_SLAB);
	synth_slab_cache(s, &c, "size-192", 192, 192, 0, 0);
	synth_slab_add(s, &c, &full);
	synth_wm(s, full.desc, "page", "freelist", 0);
	k = unit_open(s);
	assert_int_equal(mm_slab_layout(k, &lay, &err), MM_OK);
	assert_int_equal(mm_slab_find_cache(k, &lay, "size-192", &mc, &err), MM_OK);
	assert_int_equal(mm_slab_walk(k, &mc, MM_SLAB_WALK, NULL, NULL, &st, &err), MM_OK);
	assert_int_equal(st.nproblems, 0);
	assert_int_equal(st.slabs_full, 1);
	assert_int_equal(st.inuse, mc.objects);
	snprintf(cmd, sizeof(cmd), "addr %x", synth_slab_obj(&c, full.base, 4) + 8);
	out = unit_run(k, cmd);
	assert_non_null(strstr(out, "allocated object 4 of cache size-192"));
	assert_null(strstr(out, "unreadable"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(verdicts,
	   cmocka_unit_test(test_slab_objfreelist_full_slab),
	   cmocka_unit_test(test_get_vm_area_node_ioremap_align),
	   cmocka_unit_test(test_find_vmap_lowest_match_align),
	   cmocka_unit_test(test_gfp_to_alloc_flags_cma_zone_watermark_ok),
	   cmocka_unit_test(test_gfp_to_alloc_flags_atomic_419),
	   cmocka_unit_test(test_gfp_bits_tables_and_enum),
	   cmocka_unit_test(test_warn_alloc_mode_gfp_zone),
	   cmocka_unit_test(test_gfp_zone_without_highmem),
	   cmocka_unit_test(test_compaction_suitable_costly_order),
	   cmocka_unit_test(test_vmalloc_area_node_pages_failure),
	   cmocka_unit_test(test_fixmap_316_kmap_atomic),
	   cmocka_unit_test(test_fixmap_510_atags_boot_fixaddr_start),
	   cmocka_unit_test(test_vmap_area_lazy_free_34_remove_vm_area),
	   cmocka_unit_test(test_static_mapping_no_guard_iotable_init))
