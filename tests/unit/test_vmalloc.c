/* vmalloc walkers on every generation's bookkeeping: exact areas, states, gaps, the free list
 * cross-check, the fit test, lookups, and every kind of corruption named. */
#include "unit.h"
#include "../../core/vmalloc/vmalloc.h"
#include "../../core/cmd.h"
#include "../../vmcores/synth/synth_vmalloc.h"
#include <stdlib.h>
#include <string.h>

#define K4 0x1000u
#define K128 0x20000u

struct vdump {
	struct synth *s;
	struct synth_vmalloc *b;
	struct mm_kernel *k;
	uint32_t base;        /* VMALLOC_START as the model computes it */
	uint32_t fn_a, fn_b;  /* two caller functions (sizes 0x90, 0x200) */
};

static uint32_t vmalloc_start_of(const struct synth_profile *p)
{
	uint32_t low = (p->lowmem_mb ? p->lowmem_mb : p->ram_mb) << 20;
	return (p->page_offset + low + 0x800000u) & ~0x7fffffu;
}

static void vd_new(struct vdump *d, const char *profile)
{
	memset(d, 0, sizeof(*d));
	d->s = synth_new(synth_profile(profile));
	d->b = synth_vmalloc_new(d->s);
	d->base = vmalloc_start_of(synth_prof(d->s));
	d->fn_a = synth_prof(d->s)->page_offset + 0x10000;
	d->fn_b = d->fn_a + 0x90;
	synth_sym(d->s, "alloc_large_system_hash", d->fn_a, 0x90);
	synth_sym(d->s, "mmtest_init", d->fn_b, 0x200);
}

static struct mm_kernel *vd_open(struct vdump *d)
{
	d->k = unit_open(d->s);
	assert_int_equal(d->k->vmalloc_start, d->base);
	return d->k;
}

static void vd_free(struct vdump *d)
{
	mm_kernel_close(d->k);
	synth_vmalloc_free(d->b);
	synth_free(d->s);
}

static const struct mm_vmalloc_area *find(const struct mm_vmalloc *v, uint32_t start)
{
	for (size_t i = 0; i < v->narea; i++)
		if (v->area[i].start == start)
			return &v->area[i];
	fail_msg("no area at %x", start);
	return NULL;
}

static int has_problem(const struct mm_vmalloc *v, const char *text)
{
	for (size_t i = 0; i < v->nprob; i++)
		if (strstr(v->prob[i].msg, text))
			return 1;
	return 0;
}

/* The mixed dump every generation gets: an ioremap, two vmallocs (one of 3 pages), an ARM
 * static mapping, and where the generation has them a vm_map_ram and a lazily freed area. */
static void lay_mixed(struct vdump *d, int others)
{
	uint32_t b = d->base;
	synth_vmalloc_area(d->b, b + 0x10000, 0x3000, SYNTH_VM_ALLOC, d->fn_b + 0x1c, 2, 0);
	synth_vmalloc_area(d->b, b, 0x2000, SYNTH_VM_IOREMAP, d->fn_a + 0x30, 0, 0x08020000);
	synth_vmalloc_area(d->b, b + 0x4000, 0x4000, SYNTH_VM_ALLOC, d->fn_a + 0x30, 3, 0);
	synth_vmalloc_area(d->b, 0xfee00000u, 0x200000, SYNTH_VM_IOREMAP | SYNTH_VM_ARM_STATIC,
			   0, 0, 0x3f000000);
	if (others) {
		synth_vmalloc_other(d->b, SYNTH_VA_VM_MAP_RAM, b + 0x20000, 0x400000);
		synth_vmalloc_other(d->b, SYNTH_VA_LAZY, b + 0x8000, 0x8000);
	}
	synth_vmalloc_finish(d->b);
}

static void check_mixed_live(const struct mm_vmalloc *v, const struct vdump *d)
{
	const struct mm_vmalloc_area *a = find(v, d->base);
	assert_int_equal(a->end, d->base + 0x2000);
	assert_int_equal(a->size, 0x2000);
	assert_int_equal(a->flags, SYNTH_VM_IOREMAP);
	assert_int_equal(a->phys_addr, 0x08020000);
	assert_int_equal(a->caller, d->fn_a + 0x30);
	assert_int_equal(a->state, MM_VA_LIVE);
	assert_int_equal(a->vm, d->b->v[0].vm);
	a = find(v, d->base + 0x4000);
	assert_int_equal(a->nr_pages, 3);
	assert_true(a->pages != 0);
	a = find(v, 0xfee00000u);
	assert_int_equal(a->state, MM_VA_STATIC);
	assert_int_equal(a->size, 0x200000);
	for (size_t i = 1; i < v->narea; i++)
		assert_true(v->area[i - 1].start < v->area[i].start);
}

static void test_vmlist_34(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };

	(void)state;
	vd_new(&d, "3.4");
	lay_mixed(&d, 0);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_va_gen(d.k), MM_VA_GEN_VMLIST);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 4);
	assert_int_equal(v.nprob, 0);
	check_mixed_live(&v, &d);
	assert_int_equal(find(&v, d.base)->va, 0);
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_flags_419(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };

	(void)state;
	vd_new(&d, "4.19");
	lay_mixed(&d, 1);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_va_gen(d.k), MM_VA_GEN_FLAGS_LLIST);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	/* the lazily freed area is on vmap_area_list and vmap_purge_list: counted once */
	assert_int_equal(v.narea, 6);
	assert_int_equal(v.nprob, 0);
	assert_int_equal(v.has_free_list, 0);
	check_mixed_live(&v, &d);
	assert_int_equal(find(&v, d.base + 0x20000)->state, MM_VA_VM_MAP_RAM);
	assert_int_equal(find(&v, d.base + 0x8000)->state, MM_VA_LAZY);
	assert_int_equal(find(&v, d.base + 0x8000)->va_flags, 0x02);
	assert_int_equal(find(&v, d.base)->va_flags, 0x04);
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_noflags_61(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	char msg[160];

	(void)state;
	vd_new(&d, "6.1");
	lay_mixed(&d, 1);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_va_gen(d.k), MM_VA_GEN_NOFLAGS);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 6);
	assert_int_equal(v.nprob, 0); /* the free list agrees with the busy + purge lists */
	assert_int_equal(v.has_free_list, 1);
	assert_int_equal(v.nkfree, 5); /* [1, first), 3 holes, [last end, ULONG_MAX) */
	check_mixed_live(&v, &d);
	assert_int_equal(find(&v, d.base + 0x20000)->state, MM_VA_VM_MAP_RAM);
	assert_int_equal(find(&v, d.base + 0x8000)->state, MM_VA_LAZY);
	mm_vmalloc_free(&v);

	/* a free list entry cut short: the disagreement is named */
	{
		/* the gap d.base+0x2000..+0x4000 is the second free entry */
		uint32_t head = synth_symval(d.s, "free_vmap_area_list"), e = synth_r32(d.s, head);
		uint32_t list = (uint32_t)synth_off(d.s, "vmap_area", "list");
		e = synth_r32(d.s, e); /* second entry's list_head */
		assert_int_equal(synth_r32(d.s, e - list), d.base + 0x2000);
		synth_wm(d.s, e - list, "vmap_area", "va_end", d.base + 0x3000);
	}
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.nprob, 2);
	snprintf(msg, sizeof(msg), "vmalloc: free_vmap_area_list has %x-%x, the busy areas leave %x-%x",
		 d.base + 0x2000, d.base + 0x3000, d.base + 0x2000, d.base + 0x4000);
	assert_string_equal(v.prob[0].msg, msg);
	assert_int_equal(v.prob[0].where, d.base + 0x2000);
	/* not a purge in flux: the lazily freed pages are all on the purge list */
	assert_string_equal(v.prob[1].msg, "vmap_lazy_nr is 8 pages: the purge list holds 8, ranges on no list 1");
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_lpae_61(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };

	(void)state;
	vd_new(&d, "6.1-lpae");
	synth_vmalloc_area(d.b, d.base, 0x2000, SYNTH_VM_IOREMAP, d.fn_a, 0, 0x1fe000000ULL);
	synth_vmalloc_area(d.b, d.base + 0x2000, 0x2000, SYNTH_VM_ALLOC, d.fn_b, 1, 0);
	synth_vmalloc_finish(d.b);
	vd_open(&d);
	assert_int_equal(d.k->off.vm_struct_phys_addr_msize, 8);
	assert_int_equal(d.k->off.vm_struct_caller, 32);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 2);
	assert_true(v.area[0].phys_addr == 0x1fe000000ULL);
	assert_int_equal(v.area[0].caller, d.fn_a);
	assert_int_equal(v.area[1].caller, d.fn_b);
	mm_vmalloc_free(&v);
	vd_free(&d);
}

/* 6.9+: the folded form of every 32-bit kernel (only single and nr_vmap_nodes) and the
 * vmap_nodes pointer of 64-bit builds give the same areas. */
static void nodes_69(int unfold)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_vmalloc_lookup r;
	struct mm_vmalloc_stats st;
	struct mm_err err = { 0 };
	char *out, exp[512];
	uint32_t b;

	vd_new(&d, "6.9");
	if (unfold)
		synth_vmalloc_unfold_nodes(d.b);
	b = d.base;
	synth_vmalloc_area(d.b, b, 0x2000, SYNTH_VM_IOREMAP, d.fn_a, 0, 0x08020000);
	synth_vmalloc_other(d.b, SYNTH_VA_VM_MAP_RAM, b + 0x2000, 0x400000);
	synth_vmalloc_other(d.b, SYNTH_VA_LAZY, b + 0x402000, 0x3000);
	synth_vmalloc_other(d.b, SYNTH_VA_POOLED, b + 0x405000, 0x2000);
	synth_vmalloc_other(d.b, SYNTH_VA_LIVE, b + 0x407000, 0x2000); /* vm NULL, no VMAP_RAM */
	synth_vmalloc_finish(d.b);
	vd_open(&d);
	assert_int_equal(d.k->vmalloc_gen, MM_VMALLOC_VMAP_NODES);
	assert_int_equal(mm_vmalloc_va_gen(d.k), MM_VA_GEN_NODES);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.nprob, 0);
	assert_int_equal(v.narea, 5);
	assert_int_equal(find(&v, b)->state, MM_VA_LIVE);
	assert_int_equal(find(&v, b + 0x2000)->state, MM_VA_VM_MAP_RAM);
	assert_int_equal(find(&v, b + 0x402000)->state, MM_VA_LAZY);
	assert_int_equal(find(&v, b + 0x405000)->state, MM_VA_POOLED);
	assert_int_equal(find(&v, b + 0x407000)->state, MM_VA_SETUP);
	/* a used address is in its area, not a hole; the free space is what the areas leave */
	mm_vmalloc_lookup(d.k, &v, b + 0x1000, &r);
	assert_int_equal(r.where, MM_VM_GUARD);
	mm_vmalloc_lookup(d.k, &v, b + 0x3000, &r);
	assert_int_equal(r.where, MM_VM_AREA);
	assert_int_equal(mm_vmalloc_stats(&v, d.k->vmalloc_start, d.k->vmalloc_end, &st), MM_OK);
	assert_int_equal(st.free, d.k->vmalloc_end - d.k->vmalloc_start - 0x409000);
	/* vmalloc_info_show(): each node's busy areas with a vm or VMAP_RAM (not the pooled or
	 * mid-setup ones), then every node's lazy list */
	out = unit_run(d.k, "vmalloc -p");
	snprintf(exp, sizeof(exp),
		 "0x%08x-0x%08x    8192 alloc_large_system_hash+0x0/0x90 phys=0x08020000 ioremap\n"
		 "0x%08x-0x%08x 4194304 vm_map_ram\n"
		 "0x%08x-0x%08x   12288 unpurged vm_area\n",
		 b, b + 0x2000, b + 0x2000, b + 0x402000, b + 0x402000, b + 0x405000);
	assert_string_equal(out, exp);
	free(out);

	mm_vmalloc_free(&v);
	if (!unfold) { /* another static `single` than the node: said, not walked */
		uint32_t head = synth_symval(d.s, "single") + (uint32_t)synth_off(d.s, "vmap_node", "busy") +
				(uint32_t)synth_off(d.s, "rb_list", "head"), next = synth_r32(d.s, head);
		synth_w32(d.s, head, 0x1234);
		assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_ECORRUPT);
		snprintf(exp, sizeof(exp), "symbol single at %x is not the vmap_node: its busy list points at 1234",
			 synth_symval(d.s, "single"));
		assert_string_equal(err.msg, exp);
		mm_vmalloc_free(&v);
		synth_w32(d.s, head, next);
	}

	/* an absurd node count */
	synth_w32(d.s, synth_symval(d.s, "nr_vmap_nodes"), 100000);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_ECORRUPT);
	assert_string_equal(err.msg, unfold ? "corrupt nr_vmap_nodes: 100000"
				     : "nr_vmap_nodes is 100000 but vmap_nodes was folded into the one node single");
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_nodes_69(void **state)
{
	(void)state;
	nodes_69(0);
	nodes_69(1);
}

/* From 3.10 vmlist is __initdata: a kernel whose real list cannot be found has its vmalloc
 * bookkeeping unknown, never the stale vmlist (it once gave 0 areas, all of vmalloc free). */
static void test_no_stale_vmlist(void **state)
{
	static const char *const prof[] = { "6.1", "6.9" };
	struct mm_err err = { 0 };
	struct mm_vmalloc v;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct vdump d;
		vd_new(&d, prof[i]);
		synth_vmalloc_area(d.b, d.base, 0x2000, SYNTH_VM_IOREMAP, d.fn_a, 0, 0x08020000);
		synth_vmalloc_finish(d.b);
		synth_sym_del(d.s, "vmap_area_list");
		synth_sym_del(d.s, "single");
		vd_open(&d);
		assert_int_equal(d.k->vmalloc_gen, MM_VMALLOC_UNKNOWN);
		assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_EABSENT);
		assert_non_null(strstr(err.msg, "vmalloc bookkeeping unknown"));
		mm_vmalloc_free(&v);
		vd_free(&d);
	}
}

/* 5.4-5.10: no vmap_area.flags; a lazily freed area leaves vmap_area_list for the
 * vmap_purge_list llist (purge_list shares the union with vm), newest first, and
 * /proc/vmallocinfo lists them after the busy areas in that order. */
static void test_purge_llist_510(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	char *out, exp[512];

	(void)state;
	memset(&d, 0, sizeof(d));
	d.s = synth_new(synth_profile("4.19"));
	d.b = synth_vmalloc_new_as(d.s, 510);
	d.base = vmalloc_start_of(synth_prof(d.s));
	d.fn_a = synth_prof(d.s)->page_offset + 0x10000;
	synth_sym(d.s, "alloc_large_system_hash", d.fn_a, 0x90);
	synth_vmalloc_area(d.b, d.base, 0x2000, SYNTH_VM_IOREMAP, d.fn_a + 0x30, 0, 0x08020000);
	synth_vmalloc_other(d.b, SYNTH_VA_LAZY, d.base + 0x2000, 0x3000); /* pushed first */
	synth_vmalloc_other(d.b, SYNTH_VA_LAZY, d.base + 0x8000, 0x2000); /* pushed last: head */
	synth_vmalloc_other(d.b, SYNTH_VA_VM_MAP_RAM, d.base + 0x10000, 0x4000);
	synth_vmalloc_finish(d.b);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_va_gen(d.k), MM_VA_GEN_NOFLAGS);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.nprob, 0); /* each area once; the free list agrees */
	assert_int_equal(v.narea, 4);
	assert_int_equal(find(&v, d.base)->state, MM_VA_LIVE);
	assert_int_equal(find(&v, d.base + 0x2000)->state, MM_VA_LAZY);
	assert_int_equal(find(&v, d.base + 0x8000)->state, MM_VA_LAZY);
	assert_int_equal(find(&v, d.base + 0x10000)->state, MM_VA_VM_MAP_RAM);
	mm_vmalloc_free(&v);
	out = unit_run(d.k, "vmalloc -p");
	snprintf(exp, sizeof(exp),
		 "0x%08x-0x%08x    8192 alloc_large_system_hash+0x30/0x90 phys=0x08020000 ioremap\n"
		 "0x%08x-0x%08x   16384 vm_map_ram\n"
		 "0x%08x-0x%08x    8192 unpurged vm_area\n"
		 "0x%08x-0x%08x   12288 unpurged vm_area\n",
		 d.base, d.base + 0x2000, d.base + 0x10000, d.base + 0x14000, d.base + 0x8000,
		 d.base + 0xa000, d.base + 0x2000, d.base + 0x5000);
	assert_string_equal(out, exp);
	free(out);
	vd_free(&d);
}

/* 6.1 with 128 KB areas, every other one lazily freed then purged (a hole), and one hole of
 * 1 MB: the largest gap is what is left above the last area. */
static void lay_fragmented(struct vdump *d, uint32_t *last_end)
{
	uint32_t a = d->base;
	for (int i = 0; i < 200; i++, a += K128) {
		if (i % 2 == 0)
			synth_vmalloc_area(d->b, a, K128, SYNTH_VM_ALLOC, d->fn_b + 0x1c, 31, 0);
		if (i == 99)
			a += 0x100000; /* a 1 MB + 128 KB hole */
	}
	/* fill the rest of vmalloc space but for 2 MB + 8 KB just below VMALLOC_END */
	/* a vmap (vmalloc would fill it page by page: nr_pages must match its size) */
	synth_vmalloc_area(d->b, a, 0xff800000u - 0x202000u - a, SYNTH_VM_MAP, d->fn_a, 1, 0);
	*last_end = 0xff800000u - 0x202000u;
	synth_vmalloc_finish(d->b);
}

static void test_fragmented(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_vmalloc_stats st;
	struct mm_vmalloc_fit f;
	struct mm_vmalloc_gap *g;
	struct mm_err err = { 0 };
	uint32_t last;
	long ng;

	(void)state;
	vd_new(&d, "6.1");
	lay_fragmented(&d, &last);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.nprob, 0);
	assert_int_equal(v.narea, 101);
	assert_int_equal(mm_vmalloc_stats(&v, d.k->vmalloc_start, d.k->vmalloc_end, &st), MM_OK);
	assert_int_equal(st.total, 0xff800000u - d.base);
	assert_int_equal(st.ngaps, 101); /* 99 of 128 KB, one of 1.125 MB, the top one */
	assert_int_equal(st.largest.start, last);
	assert_int_equal(st.largest.end, 0xff800000u);
	assert_int_equal(st.hist[17], 99);
	assert_int_equal(st.hist[20], 1);
	assert_int_equal(st.hist[21], 1);
	assert_int_equal(st.free, 99 * K128 + 0x120000 + 0x202000);
	assert_true(st.frag > 0.8705 && st.frag < 0.8706); /* 1 - 0x202000 / 16261120 */
	assert_int_equal(st.count[MM_VA_LIVE], 101);

	ng = mm_vmalloc_gaps(&v, d.k->vmalloc_start, d.k->vmalloc_end, 0, &g);
	assert_int_equal(ng, 101);
	/* 2 MB fits: 2 MB + guard = 0x201000 <= 0x202000, only in the top gap */
	mm_vmalloc_fit(d.k, g, ng, 0x200000, 0, 0, d.k->vmalloc_start, d.k->vmalloc_end, &f);
	assert_true(f.fits);
	assert_int_equal(f.addr, last);
	assert_int_equal(f.need, 0x201000);
	/* 128 KB with its guard does not fit a 128 KB hole: the 1.125 MB hole is the lowest */
	mm_vmalloc_fit(d.k, g, ng, K128, 0, 0, d.k->vmalloc_start, d.k->vmalloc_end, &f);
	assert_true(f.fits);
	assert_int_equal(f.addr, d.base + 99 * K128);
	/* ... but with VM_NO_GUARD the first 128 KB hole takes it */
	mm_vmalloc_fit(d.k, g, ng, K128, 0, 1, d.k->vmalloc_start, d.k->vmalloc_end, &f);
	assert_int_equal(f.addr, d.base + K128);
	/* a 1 MB aligned 1 MB block: the 1.125 MB hole is not aligned enough */
	mm_vmalloc_fit(d.k, g, ng, 0x100000 - K4, 0x100000, 0, d.k->vmalloc_start, d.k->vmalloc_end, &f);
	assert_true(f.fits);
	assert_int_equal(f.addr & 0xfffff, 0);
	/* 4 MB: no; the largest gap is 0x202000, 0x200000 missing */
	mm_vmalloc_fit(d.k, g, ng, 0x400000, 0, 0, d.k->vmalloc_start, d.k->vmalloc_end, &f);
	assert_false(f.fits);
	assert_int_equal(f.need, 0x401000);
	assert_int_equal(f.gap.start, last);
	assert_int_equal(f.usable, 0x202000);
	assert_int_equal(f.missing, 0x1ff000);
	free(g);
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_lookup(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_vmalloc_lookup r;
	struct mm_err err = { 0 };

	(void)state;
	vd_new(&d, "6.1");
	lay_mixed(&d, 1);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	mm_vmalloc_lookup(d.k, &v, d.base + 0x5010, &r); /* 3-page vmalloc at +0x4000 */
	assert_int_equal(r.where, MM_VM_AREA);
	assert_int_equal(r.area->start, d.base + 0x4000);
	assert_int_equal(r.page_index, 1);
	assert_int_equal(r.offset, 0x1010);
	mm_vmalloc_lookup(d.k, &v, d.base + 0x7008, &r); /* its guard page */
	assert_int_equal(r.where, MM_VM_GUARD);
	assert_int_equal(r.area->start, d.base + 0x4000);
	assert_int_equal(r.offset, 8);
	mm_vmalloc_lookup(d.k, &v, d.base + 0x12000, &r);
	assert_int_equal(r.where, MM_VM_GUARD);
	mm_vmalloc_lookup(d.k, &v, d.base + 0x2000 + 0x3ffc, &r); /* vm_map_ram: no guard */
	mm_vmalloc_lookup(d.k, &v, d.base + 0x20000 + 0x3ff000, &r);
	assert_int_equal(r.where, MM_VM_AREA);
	assert_int_equal(r.area->state, MM_VA_VM_MAP_RAM);
	assert_int_equal(r.page_index, 0x3ff);
	mm_vmalloc_lookup(d.k, &v, d.base + 0x3000, &r); /* between ioremap and vmalloc */
	assert_int_equal(r.where, MM_VM_HOLE);
	assert_int_equal(r.below->start, d.base);
	assert_int_equal(r.above->start, d.base + 0x4000);
	assert_int_equal(r.hole_start, d.base + 0x2000);
	assert_int_equal(r.hole_end, d.base + 0x4000);
	mm_vmalloc_lookup(d.k, &v, d.base - 0x1000, &r);
	assert_int_equal(r.where, MM_VM_OUTSIDE);
	mm_vmalloc_lookup(d.k, &v, 0xbf001000u, &r); /* modules: empty */
	assert_int_equal(r.where, MM_VM_HOLE);
	assert_null(r.below);
	assert_null(r.above);
	assert_int_equal(r.hole_start, 0xbf000000u);
	assert_int_equal(r.hole_end, 0xbfe00000u);
	mm_vmalloc_free(&v);
	vd_free(&d);
}

/* A panic in the middle of __purge_vmap_area_lazy: two lazily freed areas are on the purge's
 * private list, neither on the purge list nor merged into the free list yet. vmap_lazy_nr
 * counts them, so they are the purge in flux (unpurged areas), not a free list gone wrong;
 * with vmap_lazy_nr off by one page the disagreement is corruption again, and says why. */
static void purge_in_flux(const char *profile, int gen, int lazy_nr_delta)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	const struct mm_vmalloc_area *a;

	memset(&d, 0, sizeof(d));
	d.s = synth_new(synth_profile(profile));
	d.b = gen ? synth_vmalloc_new_as(d.s, gen) : synth_vmalloc_new(d.s);
	d.base = vmalloc_start_of(synth_prof(d.s));
	d.fn_a = synth_prof(d.s)->page_offset + 0x10000;
	d.fn_b = d.fn_a + 0x90;
	synth_sym(d.s, "alloc_large_system_hash", d.fn_a, 0x90);
	synth_sym(d.s, "mmtest_init", d.fn_b, 0x200);
	synth_vmalloc_area(d.b, d.base, 0x2000, SYNTH_VM_IOREMAP, d.fn_a + 0x30, 0, 0x08020000);
	synth_vmalloc_other(d.b, SYNTH_VA_PURGING, d.base + 0x2000, 0x3000);
	synth_vmalloc_other(d.b, SYNTH_VA_LAZY, d.base + 0x8000, 0x2000);
	synth_vmalloc_other(d.b, SYNTH_VA_PURGING, d.base + 0x10000, 0x4000);
	synth_vmalloc_area(d.b, d.base + 0x14000, 0x3000, SYNTH_VM_ALLOC, d.fn_b + 0x1c, 2, 0);
	synth_vmalloc_finish(d.b);
	if (lazy_nr_delta)
		synth_w32(d.s, synth_symval(d.s, "vmap_lazy_nr"),
			  synth_r32(d.s, synth_symval(d.s, "vmap_lazy_nr")) + (uint32_t)lazy_nr_delta);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	if (lazy_nr_delta) {
		assert_int_equal(v.purging_ranges, 0);
		assert_true(v.nprob >= 2);
		assert_string_equal(v.prob[v.nprob - 1].msg, "vmap_lazy_nr is 10 pages: the purge list holds 2, ranges on no list 7");
	} else {
		assert_int_equal(v.nprob, 0);
		assert_int_equal(v.purging_ranges, 2);
		assert_int_equal(v.purging_pages, 7);
		a = find(&v, d.base + 0x2000);
		assert_non_null(a);
		assert_int_equal(a->state, MM_VA_LAZY);
		assert_int_equal(a->end, d.base + 0x5000);
		assert_int_equal(a->va, 0);
		a = find(&v, d.base + 0x10000);
		assert_non_null(a);
		assert_int_equal(a->end, d.base + 0x14000);
	}
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_purge_in_flux(void **state)
{
	(void)state;
	purge_in_flux("6.1", 0, 0);
	purge_in_flux("4.19", 510, 0); /* 5.4-5.10: the purge list an llist */
	purge_in_flux("6.1", 0, 1);
}

static void test_corrupt_cycle(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	uint32_t list;
	char msg[200];

	(void)state;
	vd_new(&d, "4.19");
	lay_mixed(&d, 1);
	list = (uint32_t)synth_off(d.s, "vmap_area", "list");
	/* sorted: +0 +4000 +8000(lazy) +10000 +20000 fee00000: the 4th points back to the 2nd,
	 * whose prev still names the 1st */
	synth_w32(d.s, d.b->v[3].va + list, d.b->v[1].va + list);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_ECORRUPT);
	snprintf(msg, sizeof(msg), "vmap_area_list: corrupt list at %x: entry %x has prev %x, expected %x",
		 synth_symval(d.s, "vmap_area_list"), d.b->v[1].va + list, d.b->v[0].va + list,
		 d.b->v[3].va + list);
	assert_string_equal(err.msg, msg);
	assert_int_equal(v.narea, 4); /* what came before the cycle is kept */
	mm_vmalloc_free(&v);
	vd_free(&d);
}

/* A list walk that stops keeps its partial areas: addr still finds an owner among them and
 * says the list is broken; layout and triage free them on that error path too (issue 15 #4,
 * the leak shows under make unit SANITIZE=1). */
static void test_partial_areas_used_and_freed(void **state)
{
	struct vdump d;
	uint32_t list;
	char cmd[64], *out;

	(void)state;
	vd_new(&d, "4.19");
	lay_mixed(&d, 1);
	list = (uint32_t)synth_off(d.s, "vmap_area", "list");
	synth_w32(d.s, d.b->v[3].va + list, d.b->v[1].va + list); /* the cycle of test_corrupt_cycle */
	synth_log(d.s, "[ 7.0] sh: vmalloc error: size 4194304, vm_struct allocation failed\n"
		       "[ 7.1] Kernel panic - not syncing: mmtest\n");
	vd_open(&d);
	snprintf(cmd, sizeof(cmd), "addr %x", d.base + 0x4010);
	out = unit_run(d.k, cmd);
	snprintf(cmd, sizeof(cmd), "vmalloc area %x-%x", d.base + 0x4000, d.base + 0x8000);
	assert_non_null(strstr(out, cmd));
	assert_non_null(strstr(out, "vmap_area_list: corrupt list"));
	free(out);
	for (int j = 0; j < 4; j++) {
		out = unit_run(d.k, j & 1 ? "-j layout" : j & 2 ? "triage" : "layout");
		assert_non_null(strstr(out, "corrupt list"));
		free(out);
	}
	vd_free(&d);
}

/* 3.4: a vmalloc'd vm_struct whose size says 7 pages and nr_pages 3. addr of its page 6 said
 * "page 6 of 3" and nothing else (issue 15 #7). */
static void test_nr_pages_vs_size_34(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	char cmd[64], want[160], *out;

	(void)state;
	vd_new(&d, "3.4");
	lay_mixed(&d, 0);
	synth_wm(d.s, d.b->v[1].vm, "vm_struct", "size", 0x8000); /* b+0x4000: 3 pages + guard */
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	snprintf(want, sizeof(want), "vm_struct %x (%x-%x): nr_pages 3 but its size holds 7 pages",
		 d.b->v[1].vm, d.base + 0x4000, d.base + 0xc000);
	assert_int_equal(v.nprob, 1);
	assert_string_equal(v.prob[0].msg, want);
	mm_vmalloc_free(&v);
	snprintf(cmd, sizeof(cmd), "addr %x", d.base + 0xa000);
	out = unit_run(d.k, cmd);
	assert_non_null(strstr(out, "page 6 of 3"));
	assert_non_null(strstr(out, want));
	free(out);
	vd_free(&d);
}

/* mm/percpu-vm.c: a per-CPU chunk is a VM_ALLOC area (pcpu_get_vm_areas) whose pages the percpu
 * allocator maps itself: nr_pages 0, no pages array. Seen on every real 6.1 and 6.12 dump at the
 * top of vmalloc space (ff7d8000-ff800000); it is not an nr_pages/size contradiction. */
static void test_percpu_chunk_no_pages(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };

	(void)state;
	vd_new(&d, "6.1");
	synth_vmalloc_area(d.b, d.base + 0x100000, 0x28000, SYNTH_VM_ALLOC, d.fn_a, 0, 0);
	synth_vmalloc_finish(d.b);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 1);
	assert_int_equal(v.nprob, 0);
	mm_vmalloc_free(&v);
	vd_free(&d);
}

/* 6.9: nr_vmap_nodes past what vmap_init_nodes allows is refused; 128 nodes of which 127 are
 * garbage give a bounded error list ending "... and N more" (one corrupt word gave 24,252
 * lines) (issue 15 #5). */
static void test_vmap_nodes_bounded(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	char *out, *p;
	int lines = 0;

	(void)state;
	vd_new(&d, "6.9");
	synth_vmalloc_unfold_nodes(d.b); /* a vmap_nodes pointer, as 64-bit keeps it: many nodes possible */
	synth_vmalloc_area(d.b, d.base, 0x2000, SYNTH_VM_IOREMAP, d.fn_a, 0, 0x08020000);
	synth_vmalloc_finish(d.b);
	synth_w32(d.s, synth_symval(d.s, "nr_vmap_nodes"), 129);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_ECORRUPT);
	assert_string_equal(err.msg, "corrupt nr_vmap_nodes: 129");
	mm_vmalloc_free(&v);
	synth_w32(d.s, synth_symval(d.s, "nr_vmap_nodes"), 128);
	mm_vmalloc_read(d.k, &v, &err);
	assert_true(v.narea >= 1);
	assert_int_equal(v.nprob, 101);
	assert_non_null(strstr(v.prob[100].msg, "... and "));
	assert_non_null(strstr(v.prob[100].msg, " more problems"));
	mm_vmalloc_free(&v);
	out = unit_run(d.k, "vmalloc");
	for (p = out; (p = strstr(p, "mmview: vmalloc")); p++)
		lines++;
	assert_true(lines <= 102);
	assert_non_null(strstr(out, "more problems"));
	free(out);
	vd_free(&d);
}

static void test_corrupt_vm(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	char msg[128];

	(void)state;
	vd_new(&d, "6.1");
	lay_mixed(&d, 1);
	/* a wild vm pointer, and a vm_struct in memory the dump lost */
	synth_wm(d.s, d.b->v[0].va, "vmap_area", "vm", 0x00001234);
	d.b->v[1].vm = synth_alloc(d.s, 4096, 4096);
	synth_wm(d.s, d.b->v[1].va, "vmap_area", "vm", d.b->v[1].vm);
	synth_hole(d.s, synth_va_to_pa(d.s, d.b->v[1].vm), 1);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 6);
	assert_int_equal(v.nprob, 2);
	snprintf(msg, sizeof(msg), "vmap_area %x: wild vm pointer 1234", d.b->v[0].va);
	assert_true(has_problem(&v, msg));
	assert_true(find(&v, d.b->v[0].start)->vm_bad);
	snprintf(msg, sizeof(msg), "vmap_area %x: vm_struct %x unreadable", d.b->v[1].va, d.b->v[1].vm);
	assert_true(has_problem(&v, msg));
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_corrupt_vmlist(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	uint32_t lost;
	char msg[160];

	(void)state;
	vd_new(&d, "3.4");
	lay_mixed(&d, 0);
	/* the second vm_struct's next points into memory the dump lost */
	lost = synth_alloc(d.s, 4096, 4096);
	synth_hole(d.s, synth_va_to_pa(d.s, lost), 1);
	synth_wm(d.s, d.b->v[1].vm, "vm_struct", "next", lost);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_ECORRUPT);
	snprintf(msg, sizeof(msg), "vmlist: corrupt list from %x: entry 2 at %x unreadable",
		 d.b->v[0].vm, lost);
	assert_string_equal(err.msg, msg);
	assert_int_equal(v.narea, 2);
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_corrupt_overlap(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	char msg[160];

	(void)state;
	vd_new(&d, "6.1");
	synth_vmalloc_area(d.b, d.base, 0x3000, SYNTH_VM_ALLOC, d.fn_a, 2, 0);
	synth_vmalloc_area(d.b, d.base + 0x2000, 0x2000, SYNTH_VM_ALLOC, d.fn_a, 1, 0);
	synth_vmalloc_finish(d.b);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	snprintf(msg, sizeof(msg), "areas overlap: %x-%x (vmap_area %x vm_struct %x) and %x-%x",
		 d.base, d.base + 0x3000, d.b->v[0].va, d.b->v[0].vm, d.base + 0x2000, d.base + 0x4000);
	assert_true(has_problem(&v, msg));
	mm_vmalloc_free(&v);
	vd_free(&d);
}

/* Two areas with the same range, one on the busy list and one on the purge list (a corrupt
 * dump): the areas are sorted, and on a tie the busy list's comes first, in the order the
 * kernel's lists gave, so the overlap is told the same way on every run. */
static void test_corrupt_same_range(void **state)
{
	struct vdump d;
	struct mm_vmalloc v;
	struct mm_err err = { 0 };
	char msg[160];
	size_t i = 0;

	(void)state;
	vd_new(&d, "6.1");
	synth_vmalloc_area(d.b, d.base, 0x3000, SYNTH_VM_ALLOC, d.fn_a, 2, 0);
	synth_vmalloc_area(d.b, d.base + 0x10000, 0x2000, SYNTH_VM_ALLOC, d.fn_a, 1, 0);
	synth_vmalloc_other(d.b, SYNTH_VA_LAZY, d.base, 0x3000);
	synth_vmalloc_finish(d.b);
	vd_open(&d);
	assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
	assert_int_equal(v.narea, 3);
	while (i < v.narea && v.area[i].start != d.base)
		i++;
	assert_true(i + 2 < v.narea && v.area[i + 1].start == d.base);
	assert_int_equal(v.area[i].state, MM_VA_LIVE);
	assert_int_equal(v.area[i + 1].state, MM_VA_LAZY);
	assert_int_equal(v.area[i + 2].start, d.base + 0x10000);
	snprintf(msg, sizeof(msg), "areas overlap: %x-%x (vmap_area %x vm_struct %x) and %x-%x",
		 d.base, d.base + 0x3000, d.b->v[0].va, d.b->v[0].vm, d.base, d.base + 0x3000);
	assert_true(has_problem(&v, msg));
	mm_vmalloc_free(&v);
	vd_free(&d);
}

static void test_caller_ps(void **state)
{
	struct vdump d;
	char buf[128];

	(void)state;
	vd_new(&d, "6.1");
	synth_vmalloc_module(d.b, "other", 0xbf000000u, 0x1000);
	synth_vmalloc_module(d.b, "mmtest", 0xbf001000u, 0x5000);
	synth_sym(d.s, "vmalloc_fail_setup", 0xbf001100u, 0x14c);
	synth_vmalloc_finish(d.b);
	vd_open(&d);
	assert_string_equal(mm_vmalloc_caller_ps(d.k, 0xbf001164u, buf, sizeof(buf)),
			    "vmalloc_fail_setup+0x64/0x14c [mmtest]");
	assert_string_equal(mm_vmalloc_caller_ps(d.k, d.fn_b + 0x1c, buf, sizeof(buf)),
			    "mmtest_init+0x1c/0x200");
	assert_string_equal(mm_vmalloc_caller_ps(d.k, d.fn_a, buf, sizeof(buf)),
			    "alloc_large_system_hash+0x0/0x90");
	assert_string_equal(mm_vmalloc_caller_ps(d.k, 0x1000, buf, sizeof(buf)), "0x1000");
	vd_free(&d);
}

/* `mmview vmalloc -p` on the mixed dump of a profile. */
static char *proc_of(struct vdump *d, const char *profile)
{
	vd_new(d, profile);
	lay_mixed(d, 1);
	vd_open(d);
	return unit_run(d->k, "vmalloc -p");
}

static void test_cmd_proc(void **state)
{
	struct vdump d;
	char *out, exp[1024];

	(void)state;
	out = proc_of(&d, "6.1");
	snprintf(exp, sizeof(exp),
		 "0x%08x-0x%08x    8192 alloc_large_system_hash+0x30/0x90 phys=0x08020000 ioremap\n"
		 "0x%08x-0x%08x   16384 alloc_large_system_hash+0x30/0x90 pages=3 vmalloc\n"
		 "0x%08x-0x%08x   12288 mmtest_init+0x1c/0x200 pages=2 vmalloc\n"
		 "0x%08x-0x%08x 4194304 vm_map_ram\n"
		 "0xfee00000-0xff000000 2097152 phys=0x3f000000 ioremap\n"
		 "0x%08x-0x%08x   32768 unpurged vm_area\n",
		 d.base, d.base + 0x2000, d.base + 0x4000, d.base + 0x8000, d.base + 0x10000,
		 d.base + 0x13000, d.base + 0x20000, d.base + 0x420000, d.base + 0x8000,
		 d.base + 0x10000);
	assert_string_equal(out, exp);
	free(out);
	vd_free(&d);
}

static void test_cmd_proc_419(void **state)
{
	struct vdump d;
	char *out, exp[1024];

	(void)state;
	out = proc_of(&d, "4.19");
	snprintf(exp, sizeof(exp),
		 "0x%08x-0x%08x    8192 alloc_large_system_hash+0x30/0x90 phys=0x08020000 ioremap\n"
		 "0x%08x-0x%08x   16384 alloc_large_system_hash+0x30/0x90 pages=3 vmalloc\n"
		 "0x%08x-0x%08x   32768 unpurged vm_area\n"
		 "0x%08x-0x%08x   12288 mmtest_init+0x1c/0x200 pages=2 vmalloc\n"
		 "0x%08x-0x%08x 4194304 vm_map_ram\n"
		 "0xfee00000-0xff000000 2097152 phys=0x3f000000 ioremap\n",
		 d.base, d.base + 0x2000, d.base + 0x4000, d.base + 0x8000, d.base + 0x8000,
		 d.base + 0x10000, d.base + 0x10000, d.base + 0x13000, d.base + 0x20000,
		 d.base + 0x420000);
	assert_string_equal(out, exp);
	free(out);
	vd_free(&d);
}

static void test_cmd_summary_fit(void **state)
{
	struct vdump d;
	char *out, line[128];
	uint32_t last;

	(void)state;
	vd_new(&d, "6.1");
	lay_fragmented(&d, &last);
	vd_open(&d);
	out = unit_run(d.k, "vmalloc -s");
	snprintf(line, sizeof(line), "largest free: %08x - ff800000  (2.0M)", last);
	assert_non_null(strstr(out, line));
	assert_non_null(strstr(out, "free gaps: 101\n"));
	assert_non_null(strstr(out, "fragmentation: 87.1%"));
	assert_non_null(strstr(out, "mmtest_init+28"));
	free(out);
	out = unit_run(d.k, "vmalloc --fit 4M");
	assert_non_null(strstr(out, "fits: no\n"));
	assert_non_null(strstr(out, "missing: 2.0M (2093056 bytes)"));
	free(out);
	out = unit_run(d.k, "-j vmalloc --fit 2M");
	snprintf(line, sizeof(line), "\"fits\":true,\"address\":\"0x%x\"", last);
	assert_non_null(strstr(out, line));
	free(out);
	out = unit_run(d.k, "vmalloc --fit");
	assert_non_null(strstr(out, "option --fit needs a value"));
	free(out);
	vd_free(&d);
}

UNIT_GROUP(vmalloc,
	   cmocka_unit_test(test_vmlist_34),
	   cmocka_unit_test(test_flags_419),
	   cmocka_unit_test(test_noflags_61),
	   cmocka_unit_test(test_lpae_61),
	   cmocka_unit_test(test_nodes_69),
	   cmocka_unit_test(test_no_stale_vmlist),
	   cmocka_unit_test(test_purge_llist_510),
	   cmocka_unit_test(test_fragmented),
	   cmocka_unit_test(test_lookup),
	   cmocka_unit_test(test_purge_in_flux),
	   cmocka_unit_test(test_corrupt_cycle),
	   cmocka_unit_test(test_corrupt_vm),
	   cmocka_unit_test(test_partial_areas_used_and_freed),
	   cmocka_unit_test(test_nr_pages_vs_size_34),
	   cmocka_unit_test(test_percpu_chunk_no_pages),
	   cmocka_unit_test(test_vmap_nodes_bounded),
	   cmocka_unit_test(test_corrupt_vmlist),
	   cmocka_unit_test(test_corrupt_overlap),
	   cmocka_unit_test(test_corrupt_same_range),
	   cmocka_unit_test(test_caller_ps),
	   cmocka_unit_test(test_cmd_proc),
	   cmocka_unit_test(test_cmd_proc_419),
	   cmocka_unit_test(test_cmd_summary_fit))
