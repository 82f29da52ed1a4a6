#define _GNU_SOURCE
/* The map grid and its three renderings: text rows (ASCII or UTF-8, optional ANSI colour),
 * JSON cells, and SVG (svg.c). Builders only fill cells; nothing here reads the dump. */
#include "map.h"
#include "svg.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

void mm_map_opts_init(struct mm_map_opts *mo)
{
	memset(mo, 0, sizeof(*mo));
	mo->utf8 = -1;
}

int mm_map_opt(struct mm_map_opts *mo, int c, const char *arg, char *err, size_t errlen)
{
	char *end;
	long w;

	switch (c) {
	case MM_MAP_OPT_MAP: mo->map = 1; return 1;
	case MM_MAP_OPT_UTF8: mo->utf8 = 1; return 1;
	case MM_MAP_OPT_ASCII: mo->utf8 = 0; return 1;
	case MM_MAP_OPT_COLOR: mo->color = 1; return 1;
	case MM_MAP_OPT_SVG:
		if (!arg || !*arg) {
			snprintf(err, errlen, "--svg needs a file name");
			return -1;
		}
		mo->svg = arg;
		return 1;
	case MM_MAP_OPT_WIDTH:
		w = arg ? strtol(arg, &end, 10) : 0;
		if (!arg || end == arg || *end || w < 40 || w > 1000) {
			snprintf(err, errlen, "--width wants a number of columns from 40 to 1000");
			return -1;
		}
		mo->width = (int)w;
		return 1;
	}
	return 0;
}

static int terminal_width(FILE *fp)
{
	struct winsize ws;
	int fd = fp ? fileno(fp) : -1;

	if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

int mm_map_columns(const struct mm_map_opts *mo, FILE *fp)
{
	int w = mo->width ? mo->width : terminal_width(fp);
	int cols = (w - 13) / 16 * 16;
	return cols < 16 ? 16 : cols > 1024 ? 1024 : cols;
}

uint64_t mm_map_cell_span(uint64_t range, int cols, int rows, uint64_t min_cell)
{
	uint64_t cell = min_cell ? min_cell : 1, want;

	if (cols <= 0 || rows <= 0)
		return cell;
	want = (range + (uint64_t)cols * (uint64_t)rows - 1) / ((uint64_t)cols * (uint64_t)rows);
	while (cell < want && cell < (1ULL << 40))
		cell <<= 1;
	return cell;
}

int mm_map_init_cells(struct mm_map *m, size_t n, int cols)
{
	free(m->cells);
	m->cells = calloc(n ? n : 1, sizeof(*m->cells));
	m->ncells = m->cells ? n : 0;
	m->cols = cols > 0 ? cols : 64;
	return m->cells ? 0 : -1;
}

int mm_map_init(struct mm_map *m, uint64_t lo, uint64_t hi, uint64_t cell, int cols)
{
	size_t n;

	if (!cell || hi <= lo)
		return -1;
	n = (size_t)((hi - lo + cell - 1) / cell);
	if (n > (1u << 20))
		return -1;
	if (mm_map_init_cells(m, n, cols))
		return -1;
	m->lo = lo;
	m->hi = hi;
	m->cell = cell;
	for (size_t i = 0; i < n; i++) {
		m->cells[i].start = lo + i * cell;
		m->cells[i].end = i + 1 == n ? hi : lo + (i + 1) * cell;
	}
	return 0;
}

int mm_map_class(struct mm_map *m, char glyph, const char *utf8, const char *color, int ansi,
		 const char *fmt, ...)
{
	struct mm_map_class *c;
	va_list ap;

	if (m->ncls >= MM_MAP_MAXCLS)
		return MM_MAP_MAXCLS - 1;
	c = &m->cls[m->ncls];
	c->glyph = glyph;
	c->utf8 = utf8;
	c->color = color;
	c->ansi = ansi;
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
	return m->ncls++;
}

void mm_map_legend(struct mm_map *m, const struct mm_map_legend *t, int n)
{
	for (int i = 0; i < n; i++)
		mm_map_class(m, t[i].glyph, t[i].utf8, t[i].color, t[i].ansi, "%s", t[i].name);
}

void mm_map_free(struct mm_map *m)
{
	free(m->cells);
	m->cells = NULL;
	m->ncells = 0;
}

long mm_map_cell_of(const struct mm_map *m, uint64_t x)
{
	size_t lo = 0, hi = m->ncells;

	while (lo < hi) { /* cells are in address order */
		size_t mid = (lo + hi) / 2;
		if (x < m->cells[mid].start)
			hi = mid;
		else if (x >= m->cells[mid].end)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

void mm_map_spread(const struct mm_map *m, uint64_t s, uint64_t e,
		   void (*fn)(size_t cell, uint64_t n, void *ctx), void *ctx)
{
	if (s < m->lo)
		s = m->lo;
	if (e > m->hi)
		e = m->hi;
	for (uint64_t x = s; x < e;) {
		long i = mm_map_cell_of(m, x);
		uint64_t end;
		if (i < 0)
			break;
		end = m->cells[i].end < e ? m->cells[i].end : e;
		fn((size_t)i, end - x, ctx);
		x = end;
	}
}

/* ---- text ---- */

/* Legends show only the classes some cell has (JSON keeps them all: indexes stay put). */
static int class_shown(const struct mm_map *m, int c)
{
	if (m->cls[c].keep)
		return 1;
	for (size_t i = 0; i < m->ncells; i++)
		if (m->cells[i].cls == c)
			return 1;
	return 0;
}

static int classes_shown(const struct mm_map *m)
{
	int n = 0;
	for (int c = 0; c < m->ncls; c++)
		n += class_shown(m, c);
	return n;
}

static int locale_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) /* the first one set decides, as setlocale would */
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return 0;
}

static int label_digits(const struct mm_map *m)
{
	int d = 1;
	uint64_t top = m->hi ? m->hi - 1 : 0;

	while (d < 16 && (top >> (4 * d)))
		d++;
	return m->pfn ? (d < 5 ? 5 : d) : 8;
}

static void glyph_text(char *buf, size_t len, const struct mm_map *m, const struct mm_map_cell *c,
		       int utf8, int color)
{
	const struct mm_map_class *k = &m->cls[c->cls >= 0 && c->cls < m->ncls ? c->cls : 0];
	char g[8];

	if (utf8 && k->utf8 && c->glyph == k->glyph)
		snprintf(g, sizeof(g), "%s", k->utf8);
	else
		snprintf(g, sizeof(g), "%c", c->glyph ? c->glyph : k->glyph);
	if (color && k->ansi)
		snprintf(buf, len, "\033[%dm%s\033[0m", k->ansi, g);
	else
		snprintf(buf, len, "%s", g);
}

static void print_text(struct mm_out *o, const struct mm_map_opts *mo, const struct mm_map *m)
{
	int utf8 = mo->utf8 < 0 ? locale_utf8() : mo->utf8;
	int digits = label_digits(m);
	char g[32];

	mm_out_raw(o, "%s\n", m->title);
	for (size_t i = 0; i < m->ncells; i += (size_t)m->cols) {
		size_t row = i / (size_t)m->cols;
		mm_out_raw(o, "  %0*llx ", digits, (unsigned long long)m->cells[i].start);
		if (m->nrowname)
			mm_out_raw(o, "%-12.12s ", row < (size_t)m->nrowname ? m->rowname[row] : "");
		for (size_t j = i; j < i + (size_t)m->cols && j < m->ncells; j++) {
			glyph_text(g, sizeof(g), m, &m->cells[j], utf8, mo->color);
			mm_out_raw(o, "%s", g);
		}
		mm_out_raw(o, "\n");
	}
	for (int c = 0; c < m->ncls; c++) {
		struct mm_map_cell sample = { .cls = c, .glyph = m->cls[c].glyph };
		if (!class_shown(m, c))
			continue;
		glyph_text(g, sizeof(g), m, &sample, utf8, mo->color);
		mm_out_raw(o, "    %s  %s\n", g, m->cls[c].name);
	}
	if (m->note[0])
		mm_out_raw(o, "  %s\n", m->note);
	mm_out_raw(o, "\n");
}

/* ---- JSON ---- */

static const struct mm_col cell_cols[] = {
	{ "start", "START", MM_COL_HEX }, { "end", "END", MM_COL_HEX },
	{ "glyph", "GLYPH", MM_COL_STR }, { "class", "CLASS", MM_COL_U64 },
	{ "used_pct", "USED", MM_COL_U64 }, { "owner", "OWNER", MM_COL_STR },
};

static void print_json(struct mm_out *o, const struct mm_map *m)
{
	char g[2] = { 0, 0 };

	mm_out_item(o, NULL);
	mm_out_str(o, "name", NULL, m->key);
	mm_out_str(o, "title", NULL, m->title);
	mm_out_str(o, "unit", NULL, m->pfn ? "pfn" : "address");
	mm_out_hex(o, "start", NULL, m->lo);
	mm_out_hex(o, "end", NULL, m->hi);
	if (m->cell)
		mm_out_u64(o, "cell_size", NULL, m->cell);
	else
		mm_out_null(o, "cell_size", NULL, NULL);
	mm_out_u64(o, "columns", NULL, (uint64_t)m->cols);
	if (m->nrowname) {
		mm_out_list(o, "rows");
		for (int r = 0; r < m->nrowname; r++)
			mm_out_str(o, NULL, NULL, m->rowname[r]);
		mm_out_end(o);
	}
	mm_out_list(o, "legend");
	for (int c = 0; c < m->ncls; c++) {
		mm_out_item(o, NULL);
		g[0] = m->cls[c].glyph;
		mm_out_u64(o, "class", NULL, (uint64_t)c);
		mm_out_str(o, "glyph", NULL, g);
		mm_out_str(o, "name", NULL, m->cls[c].name);
		mm_out_str(o, "color", NULL, m->cls[c].color);
		mm_out_end(o);
	}
	mm_out_end(o);
	mm_out_table(o, "cells", cell_cols, 6);
	for (size_t i = 0; i < m->ncells; i++) {
		const struct mm_map_cell *c = &m->cells[i];
		g[0] = c->glyph ? c->glyph : m->cls[c->cls].glyph;
		mm_out_cell_hex(o, c->start);
		mm_out_cell_hex(o, c->end);
		mm_out_cell_str(o, g);
		mm_out_cell_u64(o, (uint64_t)c->cls);
		mm_out_cell_u64(o, c->used);
		mm_out_cell_str(o, c->owner);
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	if (m->note[0])
		mm_out_str(o, "note", NULL, m->note);
	mm_out_end(o);
}

void mm_map_print(struct mm_out *o, const struct mm_map_opts *mo, const struct mm_map *maps, int n)
{
	if (mm_out_fmt(o) == MM_FMT_JSON) {
		mm_out_list(o, "maps");
		for (int i = 0; i < n; i++)
			print_json(o, &maps[i]);
		mm_out_end(o);
		return;
	}
	for (int i = 0; i < n; i++)
		print_text(o, mo, &maps[i]);
}

/* ---- SVG ---- */

#define CW 10     /* cell width, px */
#define CH 14     /* row height */
#define LM 84     /* left margin: the row labels */
#define TITLE_H 34
#define LEGEND_H 16
#define GAP 22
#define MIN_W 720

static int rows_of(const struct mm_map *m)
{
	return (int)((m->ncells + (size_t)m->cols - 1) / (size_t)m->cols);
}

static int map_height(const struct mm_map *m)
{
	return TITLE_H + rows_of(m) * CH + 8 + classes_shown(m) * LEGEND_H + (m->note[0] ? LEGEND_H : 0) + GAP;
}

void mm_map_svg_size(const struct mm_map *maps, int n, int *width, int *height)
{
	int w = MIN_W, h = 40;

	for (int i = 0; i < n; i++) {
		int mw = LM + maps[i].cols * CW + 24 + (maps[i].nrowname ? 140 : 0);
		int tw = 20 + (int)strlen(maps[i].title) * 9; /* the bold 14px title */
		if (tw > mw)
			mw = tw;
		if (mw > w)
			w = mw;
		h += map_height(&maps[i]);
	}
	*width = w;
	*height = h;
}

static void svg_map(FILE *fp, const struct mm_map *m, int y)
{
	int digits = label_digits(m);
	const char *free_color = m->ncls ? m->cls[0].color : "#eeeeee";
	char title[320], range[64];

	mm_svg_group(fp, NULL);
	mm_svg_text(fp, 10, y + 16, "start", "title", "%s", m->title);
	/* the column axis: offsets from the row start, in hex */
	for (int c = 0; m->cell && c < m->cols; c += 16)
		mm_svg_text(fp, LM + c * CW, y + TITLE_H - 4, "start", "small", "+%llx",
			    (unsigned long long)(c * m->cell));
	y += TITLE_H;
	for (size_t i = 0; i < m->ncells; i++) {
		const struct mm_map_cell *c = &m->cells[i];
		const struct mm_map_class *k = &m->cls[c->cls >= 0 && c->cls < m->ncls ? c->cls : 0];
		int row = (int)(i / (size_t)m->cols), col = (int)(i % (size_t)m->cols);
		double x = LM + col * CW, cy = y + row * CH;

		if (col == 0)
			mm_svg_text(fp, LM - 6, cy + CH - 3, "end", NULL, "%0*llx", digits,
				    (unsigned long long)c->start);
		if (col == 0 && row < m->nrowname)
			mm_svg_text(fp, LM + m->cols * CW + 6, cy + CH - 3, "start", NULL, "%s", m->rowname[row]);
		snprintf(range, sizeof(range), "%s%llx-%llx", m->pfn ? "pfn " : "",
			 (unsigned long long)c->start, (unsigned long long)(c->end - 1));
		snprintf(title, sizeof(title), "%s: %s (%u%% used)", range, c->owner[0] ? c->owner : k->name,
			 c->used);
		if (c->level > 0 && c->level < 100) {
			double h = (CH - 1) * c->level / 100.0;
			mm_svg_group(fp, title); /* one hover title for both rectangles */
			mm_svg_rect(fp, x, cy, CW - 1, CH - 1, free_color, NULL);
			mm_svg_rect(fp, x, cy + CH - 1 - h, CW - 1, h, k->color, NULL);
			mm_svg_group_end(fp);
		} else
			mm_svg_rect(fp, x, cy, CW - 1, CH - 1, k->color, title);
	}
	y += rows_of(m) * CH + 8;
	for (int c = 0; c < m->ncls; c++) {
		if (!class_shown(m, c))
			continue;
		mm_svg_rect(fp, LM, y, 12, 12, m->cls[c].color, NULL);
		mm_svg_text(fp, LM + 18, y + 10, "start", NULL, "%c  %s", m->cls[c].glyph, m->cls[c].name);
		y += LEGEND_H;
	}
	if (m->note[0])
		mm_svg_text(fp, LM, y + 11, "start", "small", "%s", m->note);
	mm_svg_group_end(fp);
}

void mm_map_svg_write(FILE *fp, const char *title, const struct mm_map *maps, int n)
{
	int w, h, y = 40;

	mm_map_svg_size(maps, n, &w, &h);
	mm_svg_begin(fp, w, h, title);
	mm_svg_text(fp, 10, 24, "start", "title", "%s", title);
	for (int i = 0; i < n; i++) {
		svg_map(fp, &maps[i], y);
		y += map_height(&maps[i]);
	}
}

int mm_map_svg(const char *path, const char *title, const struct mm_map *maps, int n,
	       struct mm_err *err)
{
	FILE *fp = fopen(path, "w");
	int bad;

	if (!fp)
		return mm_err_set(err, MM_EINVAL, "cannot write %s", path);
	mm_map_svg_write(fp, title, maps, n);
	bad = mm_svg_end(fp);
	if (fclose(fp) || bad)
		return mm_err_set(err, MM_EREAD, "writing %s failed", path);
	return MM_OK;
}

void mm_map_divert(struct mm_out *o, const struct mm_map_opts *mo)
{
	if (mo->svg && !strcmp(mo->svg, "-") && mm_out_fmt(o) == MM_FMT_TEXT)
		mm_out_divert(o, stderr);
}

void mm_map_emit(struct mm_out *o, const struct mm_map_opts *mo, const char *title,
		 const struct mm_map *maps, int n)
{
	struct mm_err err = { 0 };

	if (mo->svg && !strcmp(mo->svg, "-")) { /* the SVG is the output: for pipes and redirection */
		if (mm_out_fmt(o) == MM_FMT_JSON) {
			mm_err_set(&err, MM_EINVAL, "--svg - writes SVG, not JSON: drop -j or give a file");
			mm_out_error(o, "svg", &err);
			return;
		}
		mm_map_svg_write(mm_out_file(o), title, maps, n);
		mm_svg_end(mm_out_file(o));
		return;
	}
	if (mo->map)
		mm_map_print(o, mo, maps, n);
	if (!mo->svg)
		return;
	if (mm_map_svg(mo->svg, title, maps, n, &err)) {
		mm_out_error(o, "svg", &err);
		return;
	}
	if (mm_out_fmt(o) == MM_FMT_JSON)
		mm_out_str(o, "svg", NULL, mo->svg);
	else {
		int w, h;
		mm_map_svg_size(maps, n, &w, &h);
		mm_out_note(o, "wrote %s (%d map%s, %dx%d px)", mo->svg, n, n == 1 ? "" : "s", w, h);
	}
}
