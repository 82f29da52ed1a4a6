/* libFuzzer target: mmview's core on synthetic dumps of every profile, corrupted word by word
 * the way real dumps go bad, every subcommand in text and JSON, and random argument vectors.
 * Built with ASan + UBSan (make fuzz); any crash, hang, sanitizer report or invalid JSON stops
 * the run with the input that caused it. See docs/fuzzing.md.
 *
 * Input (all fields wrap, so every byte string is a valid input):
 *   [0] profile        index into synth_profiles (low 3 bits); bits 3-4: SPARSEMEM kind for
 *                      bit 7 of [1]; bit 5: SLAB laid out on a SLUB profile (3.13+ layout)
 *   [1] scenario       bit 0 buddy free lists, 1 vmalloc areas, 2 slab caches, 3 kernel log,
 *                      4 modules (kv mode), 5 highmem mapping and kmaps in use,
 *                      6 SLUB_DEBUG/hardened, 7 the memory map rebuilt as SPARSEMEM
 *   [2] commands       bit 7: argument mode (the rest of the input after the corruption is
 *                      an argv); else bit 6: every command line runs, and without it a
 *                      window of 4 (more inputs per second); bits 0-5: where the round starts
 *   [3] ncorrupt       bits 0-5: number of 8-byte corruption records that follow (up to 40);
 *                      bits 6-7: which panic the log tells (OOM, page allocation failure,
 *                      vmalloc failure, oops on a guard page)
 *   then ncorrupt x { op, region, offset (2 bytes), value (4 bytes) }
 *   then, in argument mode, NUL-separated arguments.
 */
#include "../../core/cmd.h"
#include "../../core/kernel.h"
#include "../../vmcores/synth/synth_tasks.h"
#include "../../vmcores/synth/synth.h"
#include "../../vmcores/synth/buddy.h"
#include "../../vmcores/synth/synth_vmalloc.h"
#include "../../vmcores/synth/synth_slab.h"
#include "../../vmcores/synth/synth_track.h"
#include "../../vmcores/synth/synth_modules.h"
#include "../unit/json_check.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CORRUPT 40
#define MAX_ARGS 16

/* ---- the dump ---- */

struct dump {
	struct synth *s;
	struct synth_vmalloc *vb;
	uint32_t vm_start;       /* first vmalloc area laid down */
	uint32_t slab_obj;       /* an object of the slab cache */
	uint32_t tracked_obj;    /* an object of the SLUB user-tracked cache, 0 if none */
	uint64_t high_pa;        /* a highmem page mapped in vmalloc space */
	uint32_t module_base;
};

static uint32_t vmalloc_start_of(const struct synth_profile *p)
{
	uint32_t low = (p->lowmem_mb ? p->lowmem_mb : p->ram_mb) << 20;
	return (p->page_offset + low + 0x800000u) & ~0x7fffffu;
}

static const int slab_free[] = { 3, 7, 1 }, slab_free_b[] = { 0, 2 }, cpu_free[] = { 5 },
		 cpu_list[] = { 2, 4 };

static void lay_buddy(struct synth *s, int sparse)
{
	int zones = synth_buddy_init(s), low = 0;
	uint64_t base = synth_zone_start(s, low);
	int mov, unmov;

	if (sparse)
		synth_buddy_sparse(s, sparse, 24);
	mov = synth_buddy_mt(s, "MIGRATE_MOVABLE");
	unmov = synth_buddy_mt(s, "MIGRATE_UNMOVABLE");

	synth_buddy_free(s, base + 1024, 10, mov);
	synth_buddy_free(s, base + 2048, 5, mov);
	synth_buddy_free(s, base + 2200, 1, mov);
	synth_buddy_free(s, base + 2301, 0, unmov);
	synth_buddy_free(s, base + 2303, 0, unmov);
	for (int i = 1; i < 4 && i < zones + 1; i++)
		if (synth_zone_spanned(s, i))
			synth_buddy_free(s, synth_zone_start(s, i) + 4, 2, mov);
	synth_zone_wmarks(s, low, 1000, 1100, 1200);
}

static void lay_vmalloc(struct dump *d)
{
	const struct synth_profile *p = synth_prof(d->s);
	uint32_t b = vmalloc_start_of(p), fn = p->page_offset + 0x10000;

	synth_sym(d->s, "alloc_large_system_hash", fn, 0x90);
	synth_sym(d->s, "mmtest_init", fn + 0x90, 0x200);
	d->vb = synth_vmalloc_new(d->s);
	d->vm_start = b;
	synth_vmalloc_area(d->vb, b, 0x2000, SYNTH_VM_IOREMAP, fn + 0x30, 0, 0x08020000);
	synth_vmalloc_area(d->vb, b + 0x4000, 0x4000, SYNTH_VM_ALLOC, fn + 0x30, 3, 0);
	synth_vmalloc_area(d->vb, b + 0x10000, 0x3000, SYNTH_VM_ALLOC, fn + 0xac, 2, 0);
	if (p->gen >= 310) {
		synth_vmalloc_other(d->vb, SYNTH_VA_VM_MAP_RAM, b + 0x20000, 0x40000);
		synth_vmalloc_other(d->vb, SYNTH_VA_LAZY, b + 0x8000, 0x8000);
	}
	if (p->gen >= 609)
		synth_vmalloc_other(d->vb, SYNTH_VA_POOLED, b + 0x70000, 0x2000);
	synth_vmalloc_finish(d->vb);
}

/* SLUB user tracking: a kmalloc-64 with SLAB_STORE_USER, its objects' tracks, a stack depot
 * in the layout of the profile's generation. */
static void lay_tracked(struct dump *d)
{
	static const uint32_t stack[] = { 0xc0100024, 0xc0200010, 0xc0200100 };
	static const int free1[] = { 1 };
	int g = synth_prof(d->s)->gen;
	enum synth_depot depot = g < 517 ? SYNTH_DEPOT_INLINE : g < 608 ? SYNTH_DEPOT_SLABS_16 : SYNTH_DEPOT_POOLS_17;
	struct synth_slab_spec sp = { SYNTH_PARTIAL, 0, 1, free1, 0, NULL, 0, 0 };
	struct synth_cache c;
	uint32_t handle;

	synth_track_declare(d->s, depot, g >= 609, 0x100);
	synth_slab_cache(d->s, &c, "kmalloc-64", 64, depot == SYNTH_DEPOT_INLINE ? 256 : 128, 0, 0);
	synth_track_cache(d->s, &c);
	synth_slab_add(d->s, &c, &sp);
	handle = depot == SYNTH_DEPOT_INLINE ? 0 : synth_depot_save(d->s, stack, 3);
	for (uint32_t i = 0; i < c.objects; i++) {
		struct synth_track t = { 0xc0100024, (int)(i & 1), 100, 0x100 - 10 * i,
					 depot == SYNTH_DEPOT_INLINE ? stack : NULL, 3, handle };
		synth_track_set(d->s, &c, synth_slab_obj(&c, sp.base, (int)i), 0, &t);
	}
	d->tracked_obj = synth_slab_obj(&c, sp.base, 2);
}

static void lay_slab(struct dump *d, unsigned flags, int use_slab)
{
	struct synth_cache c;
	struct synth_slab_spec a = { SYNTH_PARTIAL, 0, 3, slab_free, 0, NULL, 0, 0 };
	struct synth_slab_spec b = { SYNTH_PARTIAL, 0, 2, slab_free_b, 0, NULL, 0, 0 };
	struct synth_slab_spec full = { SYNTH_FULL, 0, 0, NULL, 0, NULL, 0, 0 };
	struct synth_slab_spec cpu = { SYNTH_CPU, 0, 1, cpu_free, 2, cpu_list, 0, 0 };
	int slub = synth_prof(d->s)->slub && !use_slab;

	synth_slab_declare(d->s, slub ? flags : synth_prof(d->s)->slub ? SYNTH_SLAB_USE_SLAB : 0);
	synth_slab_cache(d->s, &c, "mmtest", 200, 208, 0, 0);
	synth_slab_add(d->s, &c, &a);
	synth_slab_add(d->s, &c, &b);
	synth_slab_add(d->s, &c, &full);
	if (slub)
		synth_slab_add(d->s, &c, &cpu);
	else
		synth_slab_array_push(d->s, &c, 0, synth_slab_obj(&c, full.base, 1));
	d->slab_obj = synth_slab_obj(&c, a.base, 2);
	if (slub && (flags & SYNTH_SLAB_DEBUG))
		lay_tracked(d);
}

/* pkmap_count[slot] = 2 (one user) and page_address_htable naming the page, as kmap() leaves
 * them (the layout of the pkmap unit test). */
static void lay_pkmap(struct synth *s, uint64_t pa, uint32_t va)
{
	uint32_t counts = synth_symval(s, "pkmap_count"), ht, pam;

	if (!counts)
		return;
	synth_w32(s, counts + 4 * ((va >> 12) & 511), 2);
	synth_struct(s, "page_address_slot", (struct synth_field[]){ { "lh", 8, 4 }, { "lock", 4, 0 }, { NULL, 0, 0 } });
	synth_struct(s, "page_address_map", (struct synth_field[]){
		{ "page", 4, 0 }, { "virtual", 4, 0 }, { "list", 8, 4 }, { NULL, 0, 0 } });
	ht = synth_var(s, "page_address_htable", 128 * 12);
	synth_array(s, "page_address_htable", 128);
	for (uint32_t i = 0; i < 128; i++)
		synth_list_init(s, ht + i * 12);
	pam = synth_alloc(s, 16, 4);
	synth_wm(s, pam, "page_address_map", "page", synth_page(s, pa >> 12));
	synth_wm(s, pam, "page_address_map", "virtual", va);
	synth_list_add_tail(s, ht + 5 * 12, pam + 8);
}

static const char *const logs[4] = {
	"[16.8] hog invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE), order=0\n"
	"[16.9] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom\n",
	"[ 9.1] cat: page allocation failure: order:4, mode:0xcc0(GFP_KERNEL)\n"
	"[ 9.2] Kernel panic - not syncing: mmtest: allocation failed\n",
	"[ 7.0] vmap allocation for size 4198400 failed: use vmalloc=<size> to increase size\n"
	"[ 7.0] sh: vmalloc error: size 4194304, vm_struct allocation failed\n"
	"[ 7.1] Kernel panic - not syncing: mmtest: vmalloc of 4194304 bytes failed\n",
	"[ 8.0] 8<--- cut here ---\n"
	"[ 8.0] Unable to handle kernel paging request at virtual address %08x\n"
	"[ 8.0] Internal error: Oops: 807 [#1] SMP ARM\n"
	"[ 8.1] Kernel panic - not syncing: Fatal exception\n",
};

/* init_task, a kernel thread and a two-threaded process with an mm (tasks, meminfo). */
static void lay_tasks(struct synth *s)
{
	const int64_t rss[4] = { 3, 200, 1, 5 };
	uint32_t mm;

	synth_tasks_init(s);
	mm = synth_mm_new(s, rss, 8192);
	synth_task_add(s, 2, "kthreadd", 1, 0, 1);
	synth_task_add(s, 100, "hog", 0, mm, 2);
}

static void build(struct dump *d, const struct synth_profile *p, unsigned scen, unsigned variant,
		  unsigned log)
{
	memset(d, 0, sizeof(*d));
	d->s = synth_new(p);
	if (scen & 16) {
		synth_kv_mode(d->s, 1);
		synth_modules_init(d->s);
		d->module_base = p->page_offset - 0x1000000u;
		synth_module_add(d->s, "zram", d->module_base, 0x3000, 0x5000);
		synth_module_add(d->s, "loop", d->module_base + 0x8000, 0x2000, 0x4000);
	}
	if (scen & 1) {
		lay_buddy(d->s, scen & 128 ? (int)(variant & 3) % 3 + 1 : 0);
		lay_tasks(d->s);
	}
	if (scen & 2)
		lay_vmalloc(d);
	if (scen & 4)
		lay_slab(d, scen & 64 ? 3 : 0, (variant >> 2) & 1);
	if (scen & 8) {
		char text[512];
		/* the oops faults on the guard page after the first vmalloc area, or in the fixmap */
		snprintf(text, sizeof(text), logs[log & 3], d->vm_start ? d->vm_start + 0x1800 : 0xffefd000u);
		synth_log(d->s, text);
	}
	if ((scen & 32) && p->lowmem_mb && p->lowmem_mb < p->ram_mb) {
		/* a highmem page in vmalloc space, one kmap()ed in pkmap and one kmap_local in the
		 * fixmap of CPU 0, as the kmap tests lay them */
		d->high_pa = synth_alloc_high(d->s, 3);
		synth_map(d->s, vmalloc_start_of(p) + 0x600000, d->high_pa, 4096, SYNTH_MAP_PAGE);
		synth_map(d->s, p->page_offset - 0x200000 + 0x3000, d->high_pa + 4096, 4096, SYNTH_MAP_PAGE);
		synth_map(d->s, 0xffefd000u, d->high_pa + 8192, 4096, SYNTH_MAP_PAGE);
		lay_pkmap(d->s, d->high_pa + 4096, p->page_offset - 0x200000 + 0x3000);
	}
}

static void unbuild(struct dump *d)
{
	if (d->vb)
		synth_vmalloc_free(d->vb);
	synth_free(d->s);
}

/* ---- corruption ---- */

/* The regions a record can hit, as physical ranges of the synthetic RAM. */
struct range {
	uint64_t pa, len;
};

static int regions(struct dump *d, struct range *r)
{
	const struct synth_profile *p = synth_prof(d->s);
	struct synth_regions g;
	uint32_t pgd = synth_symval(d->s, "swapper_pg_dir"), pcpu = synth_symval(d->s, "__per_cpu_start");
	int n = 0;

	synth_regions(d->s, &g);
	r[n++] = (struct range){ synth_va_to_pa(d->s, g.data_start), g.data_end - g.data_start };
	r[n++] = (struct range){ synth_va_to_pa(d->s, g.heap_start), g.heap_end - g.heap_start };
	if (g.high_end > g.high_start)
		r[n++] = (struct range){ g.high_start, g.high_end - g.high_start };
	r[n++] = (struct range){ synth_va_to_pa(d->s, pgd), p->page_offset + 0x8000 - pgd };
	if (pcpu)
		r[n++] = (struct range){ synth_va_to_pa(d->s, pcpu), 0x8000 };
	/* The heap again, weighted: most structures live there. */
	r[n++] = r[1];
	return n;
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* One record: where (a region and an offset scaled over it) and what to write there. */
static void corrupt(struct dump *d, const struct range *r, int nr, const uint8_t *rec)
{
	const struct range *g = &r[rec[1] % nr];
	uint32_t arg = get32(rec + 4), old = 0, v;
	uint64_t pa, off;
	uint8_t zero[64] = { 0 };

	if (g->len < 8)
		return;
	/* 16 bits of offset spread over the region, word aligned, plus low bits of arg */
	off = ((uint64_t)(rec[2] | rec[3] << 8) * (g->len / 65536 + 1) + (arg >> 28) * 4) % g->len;
	off &= ~3ull;
	if (off + 4 > g->len)
		return;
	pa = g->pa + off;
	synth_readb(d->s, pa, MM_PHYSADDR, &old, 4);
	switch (rec[0] % 12) {
	case 0: v = arg; break;                               /* any value */
	case 1: v = 0; break;                                 /* NULL / zero count */
	case 2: v = 0xffffffffu; break;                       /* -1 */
	case 3: v = 0x80000000u; break;                       /* sign bit */
	case 4: v = synth_pa_to_va(d->s, pa); break;         /* points at itself: an empty list */
	case 5: {                                             /* a pointer into the heap: cycles */
		uint64_t to = r[1].pa + ((uint64_t)arg % (r[1].len ? r[1].len : 1) & ~3ull);
		v = synth_pa_to_va(d->s, to);
		break;
	}
	case 6: v = old + (uint32_t)(int8_t)(arg & 0xff); break;   /* a counter off by a little */
	case 7: v = old ^ (1u << (arg & 31)); break;                /* one bit flipped */
	case 8: v = old + 4 * (uint32_t)(int8_t)(arg & 0xff); break; /* a pointer moved */
	case 9: /* the page unreadable (filtered or truncated dump) */
		synth_hole(d->s, pa, 1);
		return;
	case 10: /* a whole structure zeroed */
		synth_write(d->s, pa, MM_PHYSADDR, zero, g->len - off < sizeof(zero) ? g->len - off : sizeof(zero));
		return;
	default: v = old == 0 ? arg : old; /* a PTE-like value: keep the low bits' meaning */
		v = (v & 0xfffff000u) | (arg & 0xfff);
		break;
	}
	synth_write(d->s, pa, MM_PHYSADDR, &v, 4);
}

/* ---- commands ---- */

static int run(struct mm_kernel *k, int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int json = 0;

	if (!m)
		return 0;
	for (int i = 0; i < argc; i++)
		json |= !strcmp(argv[i], "-j") || !strcmp(argv[i], "--json");
	mm_command(k, m, argc, argv);
	fclose(m);
	/* -j promises one JSON document, except for the usage text of help / no subcommand */
	if (json) {
		int usage = 1;
		char why[160];
		for (int i = 0; i < argc; i++)
			if (strcmp(argv[i], "-j") && strcmp(argv[i], "--json")) {
				usage = !strcmp(argv[i], "help") || !strcmp(argv[i], "-h");
				break;
			}
		if (!usage && json_check(buf, len, why, sizeof(why))) {
			fprintf(stderr, "invalid JSON from");
			for (int i = 0; i < argc; i++)
				fprintf(stderr, " %s", argv[i]);
			fprintf(stderr, ": %s\n%.*s\n", why, (int)(len > 4000 ? 4000 : len), buf);
			abort();
		}
	}
	free(buf);
	return 0;
}

static int run_line(struct mm_kernel *k, const char *line, int json)
{
	char copy[256], *argv[MAX_ARGS + 2], *save = NULL;
	int argc = 0;

	if (json)
		argv[argc++] = "-j";
	snprintf(copy, sizeof(copy), "%s", line);
	for (char *t = strtok_r(copy, " ", &save); t && argc < MAX_ARGS; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	return run(k, argc, argv);
}

/* Every subcommand with arguments that reach into what was laid down. */
static int command_lines(struct dump *d, struct mm_kernel *k, char lines[][96])
{
	const struct synth_profile *p = synth_prof(d->s);
	uint32_t vm = d->vm_start ? d->vm_start : vmalloc_start_of(p);
	uint64_t ram_pfn = synth_first_pfn(d->s);
	int n = 0;

#define L(...) snprintf(lines[n++], 96, __VA_ARGS__)
	L("info -a");
	L("layout");
	L("addr %x %x %x %x", vm + 0x4010, vm + 0x2800, p->page_offset + 0x500010, 0xffefd000u);
	L("addr -p %llx", (unsigned long long)p->phys_offset + 0x501000);
	L("vtop %x %x %x %x", vm + 0x4010, p->page_offset + 0x123456, vm + 0x600000, 0xffff0000u);
	L("ptov %llx %llx", (unsigned long long)p->phys_offset + 0x500000,
	  (unsigned long long)(d->high_pa ? d->high_pa : p->phys_offset));
	L("vmalloc");
	L("vmalloc -g");
	L("vmalloc -p");
	L("vmalloc --fit 1M --align 64K");
	L("buddy --order 3");
	L("buddy --order 63 --no-verify");
	L("page %llx %llx %llx", (unsigned long long)ram_pfn + 1024 + 3, (unsigned long long)ram_pfn + 2200,
	  (unsigned long long)ram_pfn + 2301);
	L("page %x", d->slab_obj ? d->slab_obj : p->page_offset + 0x500000);
	L("slab");
	L("slab -w -s frag -n 5");
	L("slab -S");
	L("slab -c mmtest -f");
	L("slab -a %x %x", d->slab_obj, d->slab_obj + 0x1000);
	if (d->tracked_obj) {
		L("slab -c kmalloc-64 --sites");
		L("addr %x", d->tracked_obj);
	}
	L("pkmap -a");
	L("fixmap");
	L("triage");
	L("tasks -n 3");
	L("meminfo");
	if (d->module_base)
		L("addr %x", d->module_base + 0x8010);
#undef L
	(void)k;
	return n;
}

/* ---- entry ---- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dump d;
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	struct range r[8];
	char lines[32][96];
	int nr, ncorrupt, nlines;
	const uint8_t *rec;

	if (size < 4)
		return 0;
	build(&d, &synth_profiles[(data[0] & 7) % synth_nprofiles], data[1], data[0] >> 3, data[3] >> 6);
	nr = regions(&d, r);
	ncorrupt = (data[3] & 0x3f) % (MAX_CORRUPT + 1);
	rec = data + 4;
	for (int i = 0; i < ncorrupt && rec + 8 <= data + size; i++, rec += 8)
		corrupt(&d, r, nr, rec);
	k = mm_kernel_open(synth_target(d.s), &err);
	if (!k) {
		unbuild(&d);
		return 0;
	}
	if (data[2] & 0x80) {
		/* argument mode: the rest of the input is an argv, run as text then JSON */
		char *argv[MAX_ARGS + 2], *buf;
		size_t left = (size_t)(data + size - rec);
		int argc = 1;

		buf = malloc(left + 1);
		if (buf) {
			memcpy(buf, rec, left);
			buf[left] = 0;
			argv[0] = "-j";
			for (size_t i = 0; i < left && argc < MAX_ARGS;) {
				argv[argc++] = buf + i;
				i += strlen(buf + i) + 1;
			}
			argv[argc] = NULL;
			run(k, argc - 1, argv + 1);
			run(k, argc, argv);
			free(buf);
		}
	} else {
		int window;
		nlines = command_lines(&d, k, lines);
		window = data[2] & 0x40 ? nlines : 4;
		for (int j = 0; j < window; j++) {
			int i = (j + (data[2] & 0x3f)) % nlines;
			run_line(k, lines[i], 0);
			run_line(k, lines[i], 1);
		}
	}
	mm_kernel_close(k);
	unbuild(&d);
	return 0;
}
