/* Maps (--map, --svg): the cells of vmalloc, buddy and layout maps against what the synthetic
 * builder laid down, the text and JSON renderings, and the SVG checked well-formed by a strict
 * XML checker. */
#include "unit.h"
#include "../../core/cmd.h"
#include "../../core/page_alloc/page.h"
#include "../../core/page_alloc/page_alloc.h"
#include "../../core/vmalloc/vmalloc.h"
#include "../../core/report/map.h"
#include "../../core/report/svg.h"
#include "../../vmcores/synth/buddy.h"
#include "../../vmcores/synth/synth_vmalloc.h"
#include <ctype.h>
#include <string.h>
#include <unistd.h>

/* ---- a strict XML well-formedness checker (enough of XML 1.0 for any SVG) ---- */

static int name_char(int c, int first)
{
	return isalpha(c) || c == '_' || c == ':' || (!first && (isdigit(c) || c == '-' || c == '.'));
}

/* Checks character data or an attribute value up to `stop`: only known entities, no '<'. */
static const char *xml_chars(const char *p, char stop, char *why)
{
	for (; *p && *p != stop; p++) {
		if (*p == '<') {
			strcpy(why, "'<' in character data");
			return NULL;
		}
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') {
			strcpy(why, "control character");
			return NULL;
		}
		if (*p == '&') {
			static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
			int ok = 0;
			for (int i = 0; i < 5; i++)
				ok |= !strncmp(p, ent[i], strlen(ent[i]));
			if (p[1] == '#') {
				const char *q = p + 2;
				while (isxdigit((unsigned char)*q) || *q == 'x')
					q++;
				ok = *q == ';' && q > p + 2;
			}
			if (!ok) {
				strcpy(why, "bad entity reference");
				return NULL;
			}
		}
	}
	return p;
}

/* Returns 0 if doc is well-formed (one root element, tags nested and matched, attributes
 * quoted and unique per tag, entities known); else -1 with why. */
static int xml_check(const char *doc, char *why)
{
	char stack[64][32];
	int depth = 0, roots = 0;
	const char *p = doc;

	if (!strncmp(p, "<?xml", 5)) {
		p = strstr(p, "?>");
		if (!p)
			return strcpy(why, "unterminated declaration"), -1;
		p += 2;
	}
	while (*p) {
		if (*p != '<') {
			if (!depth && !isspace((unsigned char)*p))
				return strcpy(why, "text outside the root"), -1;
			if (!(p = xml_chars(p, '<', why)))
				return -1;
			continue;
		}
		if (!strncmp(p, "<!--", 4)) {
			const char *e = strstr(p + 4, "-->");
			if (!e)
				return strcpy(why, "unterminated comment"), -1;
			p = e + 3;
			continue;
		}
		if (p[1] == '/') { /* end tag */
			char name[32];
			int n = 0;
			for (p += 2; name_char((unsigned char)*p, n == 0) && n < 31; p++)
				name[n++] = *p;
			name[n] = 0;
			while (isspace((unsigned char)*p))
				p++;
			if (*p != '>' || !depth || strcmp(stack[depth - 1], name))
				return sprintf(why, "mismatched </%s>", name), -1;
			depth--;
			p++;
			continue;
		}
		{ /* start tag */
			char name[32], attrs[32][32];
			int n = 0, nattr = 0;
			for (p++; name_char((unsigned char)*p, n == 0) && n < 31; p++)
				name[n++] = *p;
			name[n] = 0;
			if (!n)
				return strcpy(why, "bad tag name"), -1;
			for (;;) {
				int had_space = 0;
				while (isspace((unsigned char)*p)) {
					p++;
					had_space = 1;
				}
				if (*p == '>' || (p[0] == '/' && p[1] == '>'))
					break;
				if (!had_space || !name_char((unsigned char)*p, 1))
					return sprintf(why, "bad attribute in <%s>", name), -1;
				n = 0;
				while (name_char((unsigned char)*p, n == 0) && n < 31)
					attrs[nattr][n++] = *p++;
				attrs[nattr][n] = 0;
				for (int i = 0; i < nattr; i++)
					if (!strcmp(attrs[i], attrs[nattr]))
						return sprintf(why, "duplicate attribute %s", attrs[i]), -1;
				if (nattr < 31)
					nattr++;
				if (*p != '=' || (p[1] != '"' && p[1] != '\''))
					return sprintf(why, "unquoted attribute in <%s>", name), -1;
				{
					char q = p[1];
					if (!(p = xml_chars(p + 2, q, why)) || *p != q)
						return -1;
					p++;
				}
			}
			if (*p == '/') {
				p += 2;
				if (!depth)
					roots++;
			} else {
				if (depth == 64)
					return strcpy(why, "too deep"), -1;
				if (!depth)
					roots++;
				snprintf(stack[depth++], 32, "%s", name);
				p++;
			}
			if (roots > 1)
				return strcpy(why, "more than one root"), -1;
		}
	}
	if (depth)
		return sprintf(why, "<%s> not closed", stack[depth - 1]), -1;
	if (roots != 1)
		return strcpy(why, "no root element"), -1;
	return 0;
}

static void test_xml_checker(void **state)
{
	char why[128];
	(void)state;
	assert_int_equal(xml_check("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; u</a>\n", why), 0);
	assert_int_equal(xml_check("<a><b></a></b>", why), -1);
	assert_int_equal(xml_check("<a x=1></a>", why), -1);
	assert_int_equal(xml_check("<a>&nbsp;</a>", why), -1);
	assert_int_equal(xml_check("<a>1 < 2</a>", why), -1);
	assert_int_equal(xml_check("<a x=\"1\" x=\"2\"/>", why), -1);
	assert_int_equal(xml_check("<a/><b/>", why), -1);
	assert_int_equal(xml_check("<a>", why), -1);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* The SVG writer escapes whatever it is given. */
static void test_svg_writer(void **state)
{
	char *buf = NULL, why[128];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	(void)state;
	mm_svg_begin(m, 100, 50, "a <title> & \"quotes\" \x01\xff");
	mm_svg_rect(m, 1, 2, 3, 4, "#fff", "range 1-2: <owner> & 'x'");
	mm_svg_text(m, 5, 6, "end", "small", "%s", "x < y");
	mm_svg_line(m, 0, 0, 1, 1, "#000");
	assert_int_equal(mm_svg_end(m), 0);
	fclose(m);
	if (xml_check(buf, why))
		fail_msg("not well-formed: %s\n%s", why, buf);
	assert_non_null(strstr(buf, "a &lt;title&gt; &amp; &quot;quotes&quot; ??"));
	assert_non_null(strstr(buf, "width=\"100\" height=\"50\""));
	free(buf);
}

/* MAPS_SHOW=1 build/unit/unit_tests maps: see what the commands print. */
static char *run(struct mm_kernel *k, const char *cmd)
{
	char *out = unit_run(k, cmd);
	if (getenv("MAPS_SHOW"))
		fprintf(stderr, "crash> mmview %s\n%s", cmd, out);
	return out;
}

/* Runs `mmview SUBCMD --svg FILE` into a temporary file; the SVG must be well-formed. */
static char *svg_of(struct mm_kernel *k, const char *subcmd)
{
	char path[] = "/tmp/mmview-map-XXXXXX", cmd[96], why[128], *svg, *out;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s --svg %s", subcmd, path);
	out = run(k, cmd);
	assert_non_null(strstr(out, "wrote /tmp/mmview-map-"));
	assert_null(strstr(out, "\n  ")); /* --svg alone: no text map (rows are indented) */
	free(out);
	svg = slurp(path);
	unlink(path);
	if (xml_check(svg, why))
		fail_msg("%s: not well-formed: %s", cmd, why);
	return svg;
}

/* ---- vmalloc ---- */

struct vd {
	struct synth *s;
	struct synth_vmalloc *b;
	struct mm_kernel *k;
	uint32_t base, fn_a, fn_b;
};

/* Areas from base: ioremap [0, 2000) caller A, vmalloc [4000, 8000) caller A (3 pages + guard),
 * lazily freed [8000, 10000), vmalloc [10000, 13000) caller B, vm_map_ram [20000, 24000). */
static void vd_open(struct vd *d, const char *profile)
{
	const struct synth_profile *p;

	memset(d, 0, sizeof(*d));
	d->s = synth_new(synth_profile(profile));
	p = synth_prof(d->s);
	d->b = synth_vmalloc_new(d->s);
	d->base = (p->page_offset + ((p->lowmem_mb ? p->lowmem_mb : p->ram_mb) << 20) + 0x800000u) & ~0x7fffffu;
	d->fn_a = p->page_offset + 0x10000;
	d->fn_b = d->fn_a + 0x90;
	synth_sym(d->s, "alloc_large_system_hash", d->fn_a, 0x90);
	synth_sym(d->s, "mmtest_init", d->fn_b, 0x200);
	synth_vmalloc_area(d->b, d->base, 0x2000, SYNTH_VM_IOREMAP, d->fn_a + 0x30, 0, 0x08020000);
	synth_vmalloc_area(d->b, d->base + 0x4000, 0x4000, SYNTH_VM_ALLOC, d->fn_a + 0x30, 3, 0);
	synth_vmalloc_area(d->b, d->base + 0x10000, 0x3000, SYNTH_VM_ALLOC, d->fn_b + 0x1c, 2, 0);
	synth_vmalloc_other(d->b, SYNTH_VA_LAZY, d->base + 0x8000, 0x8000);
	synth_vmalloc_other(d->b, SYNTH_VA_VM_MAP_RAM, d->base + 0x20000, 0x4000);
	synth_vmalloc_finish(d->b);
	d->k = unit_open(d->s);
	assert_int_equal(d->k->vmalloc_start, d->base);
}

static void vd_close(struct vd *d)
{
	mm_kernel_close(d->k);
	synth_vmalloc_free(d->b);
	synth_free(d->s);
}

static void glyphs(const struct mm_map *m, char *out, size_t n)
{
	size_t i;
	for (i = 0; i < m->ncells && i + 1 < n; i++)
		out[i] = m->cells[i].glyph;
	out[i] = 0;
}

static void test_vmalloc_cells(void **state)
{
	static const char *const profiles[] = { "4.19", "6.1", "6.9" };
	(void)state;
	for (size_t pi = 0; pi < 3; pi++) {
		struct vd d;
		struct mm_vmalloc v;
		struct mm_map m;
		struct mm_err err = { 0 };
		char g[256];

		vd_open(&d, profiles[pi]);
		assert_int_equal(mm_vmalloc_read(d.k, &v, &err), MM_OK);
		/* one page a cell: every area, guard page and gap exactly */
		assert_int_equal(mm_map_vmalloc(d.k, &v, d.base, d.base + 0x40000, 64, 0x1000, "vmalloc", "VMALLOC", &m), 0);
		assert_int_equal(m.ncells, 64);
		glyphs(&m, g, sizeof(g));
		assert_string_equal(g, "A|..AAA|~~~~~~~~BB|.............====............................");
		assert_string_equal(m.cls[m.cells[0].cls].name + 0, m.cls[m.cells[4].cls].name);
		assert_non_null(strstr(m.cls[m.cells[0].cls].name, "alloc_large_system_hash+0x30"));
		assert_non_null(strstr(m.cls[m.cells[0].cls].name, "(2 areas, 24.0K)"));
		assert_non_null(strstr(m.cls[m.cells[16].cls].name, "mmtest_init+0x1c"));
		assert_int_equal(m.cells[5].start, d.base + 0x5000);
		assert_int_equal(m.cells[5].end, d.base + 0x6000);
		assert_int_equal(m.cells[5].used, 100);
		assert_int_equal(m.cells[2].used, 0);
		mm_map_free(&m);
		/* four pages a cell: mixed cells */
		assert_int_equal(mm_map_vmalloc(d.k, &v, d.base, d.base + 0x40000, 16, 0x4000, "vmalloc", "VMALLOC", &m), 0);
		glyphs(&m, g, sizeof(g));
		/* [0,4000): A 1 page + guard + 2 free -> a; [4000,8000) all A; lazy x2;
		 * [10000,14000): B 2 pages + guard + 1 free -> b; [20000,24000) vm_map_ram */
		assert_string_equal(g, "aA~~b...=.......");
		assert_int_equal(m.cells[0].used, 50);
		assert_int_equal(m.cells[4].used, 75);
		assert_int_equal(m.cells[4].level, 75);
		assert_non_null(strstr(m.cells[4].owner, "1 area, 4.0K free"));
		mm_map_free(&m);
		mm_vmalloc_free(&v);
		vd_close(&d);
	}
}

/* The command: text rows labelled in hex, JSON cells, an SVG that is well-formed. */
static void test_vmalloc_command(void **state)
{
	struct vd d;
	char *out, *svg, line[160];

	(void)state;
	vd_open(&d, "6.1");
	out = run(d.k, "vmalloc --map --width 80 --ascii");
	assert_non_null(strstr(out, "VMALLOC MAP  "));
	assert_non_null(strstr(out, "    A  alloc_large_system_hash+0x30"));
	/* 1M a cell: the first holds all 5 areas, the lazily freed one the largest (32K) */
	snprintf(line, sizeof(line), "\n  %08x ~.....", d.base);
	assert_non_null(strstr(out, line));
	assert_null(strstr(out, "    @  static mapping")); /* in no cell: not in the legend */
	assert_non_null(strstr(out, "MODULES MAP"));
	free(out);
	out = run(d.k, "vmalloc --map --utf8 --color");
	assert_non_null(strstr(out, "\xc2\xb7\xc2\xb7\xc2\xb7")); /* free cells as middle dots */
	assert_non_null(strstr(out, "    \033[34mA\033[0m  alloc_large_system_hash+0x30")); /* A in blue */
	free(out);
	{ /* the locale decides without --utf8/--ascii: LC_ALL, then LC_CTYPE, then LANG */
		char *saved = getenv("LC_ALL") ? strdup(getenv("LC_ALL")) : NULL;
		setenv("LC_ALL", "C.UTF-8", 1);
		out = run(d.k, "vmalloc --map");
		assert_non_null(strstr(out, "\xc2\xb7\xc2\xb7\xc2\xb7"));
		assert_null(strstr(out, "\033[")); /* no colour unless asked */
		free(out);
		out = run(d.k, "vmalloc --map --ascii");
		assert_null(strstr(out, "\xc2\xb7"));
		free(out);
		setenv("LC_ALL", "C", 1);
		out = run(d.k, "vmalloc --map");
		assert_null(strstr(out, "\xc2\xb7"));
		assert_non_null(strstr(out, "..."));
		free(out);
		if (saved)
			setenv("LC_ALL", saved, 1);
		else
			unsetenv("LC_ALL");
		free(saved);
	}
	out = run(d.k, "vmalloc --map --width 20");
	assert_non_null(strstr(out, "--width wants a number of columns from 40 to 1000"));
	free(out);
	out = run(d.k, "-j vmalloc --map");
	assert_non_null(strstr(out, "\"maps\":[{\"name\":\"vmalloc\""));
	assert_non_null(strstr(out, "\"cells\":[{\"start\":\""));
	assert_non_null(strstr(out, "\"legend\":[{\"class\":0,\"glyph\":\".\",\"name\":\"free\""));
	assert_null(strstr(out, "\n  ")); /* no text rows in JSON */
	free(out);

	svg = svg_of(d.k, "vmalloc");
	out = run(d.k, "vmalloc --svg -"); /* the same document as the output */
	assert_string_equal(out, svg);
	free(out);
	out = run(d.k, "-j vmalloc --svg -");
	assert_non_null(strstr(out, "--svg - writes SVG, not JSON"));
	free(out);
	assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	{ /* the first cell's hover title: its range and who holds it */
		uint64_t cell = mm_map_cell_span(d.k->vmalloc_end - d.k->vmalloc_start, 64, MM_MAP_ROWS, 4096);
		snprintf(line, sizeof(line), "<title>%x-%llx: lazily freed, not purged yet (unpurged vm_area); 5 areas, ", d.base,
			 (unsigned long long)(d.base + cell - 1));
		assert_non_null(strstr(svg, line));
	}
	assert_non_null(strstr(svg, "alloc_large_system_hash+0x30/0x90  (2 areas, 24.0K)"));
	free(svg);
	vd_close(&d);
}

/* `--svg -` on a dump whose area list is corrupt: the error goes to stderr, so what the
 * output holds is still one well-formed SVG document (the same error is in the text map). */
static void test_svg_stdout_errors(void **state)
{
	struct vd d;
	char *out, why[128];
	uint32_t list;

	(void)state;
	vd_open(&d, "6.1");
	list = (uint32_t)synth_off(d.s, "vmap_area", "list");
	synth_w32(d.s, d.b->v[3].va + list, d.b->v[1].va + list);
	out = run(d.k, "vmalloc --map");
	assert_non_null(strstr(out, "mmview: vmalloc: vmap_area_list: corrupt list"));
	free(out);
	out = run(d.k, "vmalloc --svg -");
	assert_true(!strncmp(out, "<?xml", 5));
	if (xml_check(out, why))
		fail_msg("vmalloc --svg - with errors: %s", why);
	assert_null(strstr(out, "mmview:"));
	free(out);
	vd_close(&d);
}

/* ---- buddy ---- */

static const struct { uint64_t off; int order; const char *mt; } blocks[] = {
	{ 1024, 10, "MIGRATE_MOVABLE" }, { 2048, 5, "MIGRATE_MOVABLE" },
	{ 2112, 3, "MIGRATE_RECLAIMABLE" }, { 2200, 1, "MIGRATE_MOVABLE" },
	{ 2202, 1, "MIGRATE_MOVABLE" }, { 2301, 0, "MIGRATE_UNMOVABLE" },
	{ 2303, 0, "MIGRATE_UNMOVABLE" }, { 2305, 0, "MIGRATE_UNMOVABLE" },
};

static void set_flag(struct synth *s, uint64_t pfn, const char *flag)
{
	struct mm_target *t = synth_target(s);
	long bit;
	uint32_t page = synth_buddy_page(s, pfn);

	assert_int_equal(t->ops->enum_value(t->ctx, flag, &bit), 0);
	synth_w32(s, page, synth_r32(s, page) | (1u << bit));
}

/* Zone 0 gets the free blocks above, slab pages at [0, 64), reserved at [64, 128), pages in
 * use (refcount 1) at [128, 192); the rest has refcount 0 off the free lists. */
static struct synth *buddy_dump(const char *profile)
{
	struct synth *s = synth_new(synth_profile(profile));
	uint64_t base;

	synth_buddy_init(s);
	base = synth_zone_start(s, 0);
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		synth_buddy_free(s, base + blocks[i].off, blocks[i].order, synth_buddy_mt(s, blocks[i].mt));
	for (uint64_t p = 0; p < 64; p++) {
		set_flag(s, base + p, "PG_slab");
		set_flag(s, base + 64 + p, "PG_reserved");
		synth_wm(s, synth_buddy_page(s, base + 128 + p), "page",
			 synth_off(s, "page", "_refcount") >= 0 ? "_refcount" : "_count", 1);
	}
	return s;
}

static void test_buddy_cells(void **state)
{
	static const char *const profiles[] = { "3.4", "4.19", "6.1", "6.9" };
	(void)state;
	for (size_t pi = 0; pi < 4; pi++) {
		struct synth *s = buddy_dump(profiles[pi]);
		struct mm_kernel *k = unit_open(s);
		struct mm_memmap mm;
		struct mm_zones z;
		struct mm_map m;
		struct mm_err err = { 0 };
		char g[512], want[64];

		assert_int_equal(mm_memmap_open(k, &mm, &err), MM_OK);
		assert_int_equal(mm_zones_read(k, &z, &err), MM_OK);
		assert_int_equal(mm_map_zone(k, &mm, &z, &z.zone[0], 64, 64, &m, &err), MM_OK);
		assert_int_equal(m.cells[0].start, synth_zone_start(s, 0));
		assert_int_equal(m.cells[1].start, synth_zone_start(s, 0) + 64);
		glyphs(&m, g, sizeof(g));
		/* S R # then refcount 0; the order-10 block covers cells 16-31; 2048 order 5 in 32,
		 * 2112 order 3 in 33, two order-1 in 34, order 0 in 35 and 36 */
		snprintf(want, sizeof(want), "SR#-------------AAAAAAAAAAAAAAAA53100---");
		g[strlen(want)] = 0;
		assert_string_equal(g, want);
		assert_int_equal(m.cells[0].used, 100);
		assert_int_equal(m.cells[16].used, 0);
		assert_non_null(strstr(m.cells[34].owner, "; free 4, largest order 1 Movable"));
		assert_non_null(strstr(m.cells[33].owner, "largest order 3 Reclaimable"));
		assert_non_null(strstr(m.cells[0].owner, "; slab 64"));
		assert_int_equal(m.ncells, (synth_zone_spanned(s, 0) + 63) / 64);
		mm_map_free(&m);
		mm_kernel_close(k);
		synth_free(s);
	}
}

/* Unreadable struct pages are drawn as such, and the rest of the zone still is. */
static void test_buddy_unreadable(void **state)
{
	struct synth *s = buddy_dump("6.1");
	uint64_t base = synth_zone_start(s, 0);
	struct mm_kernel *k;
	struct mm_memmap mm;
	struct mm_zones z;
	struct mm_map m;
	struct mm_err err = { 0 };
	char g[512], want[80];
	int nbad = 0;

	(void)state;
	/* two 4K pages of the memory map, from the struct page of pfn 512 on */
	synth_hole(s, synth_va_to_pa(s, synth_buddy_page(s, base + 512)), 0x2000);
	k = unit_open(s);
	assert_int_equal(mm_memmap_open(k, &mm, &err), MM_OK);
	assert_int_equal(mm_zones_read(k, &z, &err), MM_OK);
	assert_int_equal(mm_map_zone(k, &mm, &z, &z.zone[0], 64, 16, &m, &err), MM_OK);
	/* 16 pages a cell: slab, reserved, in use (4 cells each), refcount 0, the order-10
	 * block from pfn 1024 (cell 64); '?' where no struct page of the cell can be read */
	for (int c = 0; c < 72; c++) {
		int bad = 0;
		for (int p = 0; p < 16; p++) {
			uint8_t b[36];
			struct mm_target *t = synth_target(s); /* reads as mmview does: holes fail */
			uint64_t pa = synth_va_to_pa(s, synth_buddy_page(s, base + 16 * c + p));
			bad += t->ops->read(t->ctx, pa, MM_PHYSADDR, b, sizeof(b)) != 0;
		}
		want[c] = bad == 16 ? '?' : c < 4 ? 'S' : c < 8 ? 'R' : c < 12 ? '#' : c < 64 ? '-' : 'A';
		nbad += bad == 16;
	}
	want[72] = 0;
	assert_true(nbad >= 8); /* 8K of 36-byte struct pages: over 200 pages */
	glyphs(&m, g, sizeof(g));
	g[72] = 0;
	assert_string_equal(g, want);
	mm_map_free(&m);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_buddy_command(void **state)
{
	struct synth *s = buddy_dump("6.1");
	struct mm_kernel *k = unit_open(s);
	char *out, *svg;

	(void)state;
	out = run(k, "buddy --map --width 80");
	assert_non_null(strstr(out, "ZONE DMA MAP  pfn 40000-43000 (48.0M), 16 pages a cell, 64 cells a row"));
	assert_non_null(strstr(out, "\n  40000 SSSSRRRR####------"));
	assert_non_null(strstr(out, "ZONE HighMem MAP"));
	assert_non_null(strstr(out, "    S  slab\n"));
	free(out);
	out = run(k, "-j buddy --map");
	assert_non_null(strstr(out, "\"unit\":\"pfn\",\"start\":\"0x40000\",\"end\":\"0x43000\",\"cell_size\":16"));
	assert_non_null(strstr(out, "{\"start\":\"0x40000\",\"end\":\"0x40010\",\"glyph\":\"S\""));
	free(out);
	svg = svg_of(k, "buddy");
	assert_non_null(strstr(svg, "<title>pfn 40400-4040f: phys 40400000-4040ffff; free 16, largest order 10 Movable"));
	free(svg);
	mm_kernel_close(k);
	synth_free(s);
}

/* ---- layout ---- */

static void test_layout_map(void **state)
{
	struct vd d;
	struct mm_map maps[2];
	char *out, *svg;
	int n, row = -1;

	(void)state;
	vd_open(&d, "6.1");
	out = run(d.k, "layout --map --ascii");
	free(out);
	n = mm_map_layout(d.k, NULL, 64, maps);
	assert_int_equal(n, 2);
	/* the strip covers 4 GiB in order, 64 cells */
	assert_int_equal(maps[0].ncells, 64);
	assert_int_equal(maps[0].cells[0].start, 0);
	assert_int_equal(maps[0].cells[63].end, 0x100000000ull);
	for (size_t i = 1; i < maps[0].ncells; i++)
		assert_int_equal(maps[0].cells[i].start, maps[0].cells[i - 1].end);
	assert_int_equal(maps[0].cells[0].glyph, 'U');
	{ /* the vectors page: 4K of 4G, still drawn, near the end */
		char g[80];
		glyphs(&maps[0], g, sizeof(g));
		assert_non_null(strstr(g + 56, "X"));
		assert_non_null(strstr(g, "MMMMKKKLLLL"));
	}
	/* the vmalloc row: its first slice holds the areas (a little), the rest nothing */
	for (int r = 0; r < maps[1].nrowname; r++)
		if (!strcmp(maps[1].rowname[r], "vmalloc"))
			row = r;
	assert_true(row >= 0);
	{
		const struct mm_map_cell *c = &maps[1].cells[(size_t)row * (size_t)maps[1].cols];
		assert_int_equal(c[0].start, d.base);
		assert_int_equal(c[0].glyph, '.');
		assert_int_equal(c[1].glyph, ' ');
	}
	mm_map_free(&maps[0]);
	mm_map_free(&maps[1]);
	out = run(d.k, "layout --map --ascii");
	assert_non_null(strstr(out, "VIRTUAL LAYOUT  00000000-ffffffff (4G)"));
	assert_non_null(strstr(out, "vmalloc      ."));
	free(out);
	svg = svg_of(d.k, "layout");
	assert_non_null(strstr(svg, ">vmalloc</text>")); /* the row names */
	free(svg);
	vd_close(&d);
}

/* Lowmem's row from the buddy free lists: the order-10 block is a run of empty slices. */
static void test_layout_lowmem(void **state)
{
	struct synth *s = buddy_dump("6.1");
	struct mm_kernel *k = unit_open(s);
	struct mm_map maps[2];
	const struct mm_map_cell *c = NULL;
	char *out;

	(void)state;
	assert_int_equal(mm_map_layout(k, NULL, 64, maps), 2);
	for (int r = 0; r < maps[1].nrowname; r++)
		if (!strcmp(maps[1].rowname[r], "lowmem"))
			c = &maps[1].cells[(size_t)r * (size_t)maps[1].cols];
	assert_non_null(c);
	assert_int_equal(maps[1].cols, 48); /* 48M of lowmem: 1M a slice */
	assert_int_equal(c[0].start, 0xc0000000u);
	assert_int_equal(c[1].start, 0xc0100000u);
	/* pfns 0-255 slab, reserved, in use, refcount 0: not on a free list, so in use */
	assert_int_equal(c[0].glyph, '#');
	/* the order-10 block at pfn +1024: c0400000-c0800000, nothing in use */
	for (int i = 4; i < 8; i++) {
		assert_int_equal(c[i].glyph, ' ');
		assert_int_equal(c[i].used, 0);
	}
	/* 1M from pfn +2048 holds blocks of orders 5, 3, 1, 1, 0, 0: 46 of 256 pages free, 82.03%
	 * in use (rounded up: any use shows); the next 1M has one free page */
	assert_int_equal(c[8].glyph, '#');
	assert_int_equal(c[8].used, 83);
	assert_int_equal(c[9].used, 100);
	assert_int_equal(c[9].glyph, '#');
	mm_map_free(&maps[0]);
	mm_map_free(&maps[1]);
	out = run(k, "-j layout --map");
	assert_non_null(strstr(out, "\"rows\":[\"vectors\""));
	assert_non_null(strstr(out, "\"lowmem\""));
	/* no vmalloc bookkeeping in this dump: said once, the maps still drawn */
	assert_non_null(strstr(out, "\"errors\":[{\"where\":\"layout map: vmalloc areas\""));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

UNIT_GROUP(maps,
	   cmocka_unit_test(test_xml_checker),
	   cmocka_unit_test(test_svg_writer),
	   cmocka_unit_test(test_vmalloc_cells),
	   cmocka_unit_test(test_vmalloc_command),
	   cmocka_unit_test(test_svg_stdout_errors),
	   cmocka_unit_test(test_buddy_cells),
	   cmocka_unit_test(test_buddy_unreadable),
	   cmocka_unit_test(test_buddy_command),
	   cmocka_unit_test(test_layout_map),
	   cmocka_unit_test(test_layout_lowmem))
