/* Maps of address space: `--map` and `--svg FILE` of vmalloc, buddy and layout. A map is a
 * grid of cells, each a slice of addresses (or pfns) with one glyph of a legend; the builders
 * (map_vmalloc.c, map_buddy.c, map_layout.c) fill it from what the walkers return, and one
 * renderer draws every map as text rows, JSON cells or SVG. */
#ifndef MM_MAP_H
#define MM_MAP_H
#include <stdint.h>
#include <stdio.h>
#include "out.h"

#define MM_MAP_MAXCLS 40
#define MM_MAP_MAXROWNAMES 64
#define MM_MAP_ROWS 16       /* rows a builder aims at for the default cell size */

struct mm_map_class {
	char glyph;            /* ASCII */
	const char *utf8;      /* UTF-8 glyph, NULL: the ASCII one */
	const char *color;     /* SVG fill */
	int ansi;              /* SGR foreground for --color, 0 none */
	int keep;              /* in the legend even when no cell shows it (top callers) */
	char name[112];        /* legend text */
};

struct mm_map_cell {
	uint64_t start, end;   /* [start, end) in the map's unit */
	int cls;               /* index in the map's legend */
	char glyph;            /* shown in text: the class glyph, or a lower-case variant */
	uint8_t used;          /* percent of the cell in use (hover, JSON, SVG fill level) */
	uint8_t level;         /* SVG: 1..99 draws the class colour only to that height, 0 whole */
	char owner[120];       /* hover / JSON: who holds the cell, "" nobody */
};

struct mm_map {
	char key[32];          /* JSON "name" and SVG section id: "vmalloc", "zone Normal" */
	char title[160];
	int pfn;               /* cells count pfns, not virtual addresses */
	uint64_t lo, hi;
	uint64_t cell;         /* span of every cell; 0: cells of different spans */
	int cols;
	size_t ncells;
	struct mm_map_cell *cells;
	int ncls;
	struct mm_map_class cls[MM_MAP_MAXCLS];
	char note[200];        /* one line under the legend, "" none */
	int nrowname;          /* rows named after the address (layout occupancy), 0 none */
	char rowname[MM_MAP_MAXROWNAMES][20];
};

/* --map, --width, --svg, --utf8/--ascii, --color: the options every map-drawing subcommand
 * takes. Add MM_MAP_LONGOPTS to its long options and give each option to mm_map_opt. */
struct mm_map_opts {
	int map;
	int width;             /* 0: the terminal's when the output is one, else 80 */
	int utf8;              /* -1: as the locale says, 0 ASCII, 1 UTF-8 */
	int color;
	const char *svg;
};
enum { MM_MAP_OPT_MAP = 0x300, MM_MAP_OPT_WIDTH, MM_MAP_OPT_SVG, MM_MAP_OPT_UTF8, MM_MAP_OPT_ASCII,
       MM_MAP_OPT_COLOR };
#define MM_MAP_LONGOPTS                                                                     \
	{ "map", 0, MM_MAP_OPT_MAP }, { "width", 1, MM_MAP_OPT_WIDTH }, { "svg", 1, MM_MAP_OPT_SVG }, \
	{ "utf8", 0, MM_MAP_OPT_UTF8 }, { "ascii", 0, MM_MAP_OPT_ASCII },                   \
	{ "color", 0, MM_MAP_OPT_COLOR }, { "colour", 0, MM_MAP_OPT_COLOR }
void mm_map_opts_init(struct mm_map_opts *mo);
/* 1: c was a map option (taken), 0: not one, -1: bad value (err says why). */
int mm_map_opt(struct mm_map_opts *mo, int c, const char *arg, char *err, size_t errlen);
/* `--svg -`: the SVG is the output, so errors and notes go to stderr and the file stays valid XML. */
void mm_map_divert(struct mm_out *o, const struct mm_map_opts *mo);
static inline int mm_map_wanted(const struct mm_map_opts *mo) { return mo->map || mo->svg; }
/* Cells per text row for this output: (width - 13) rounded down to 16, at least 16. */
int mm_map_columns(const struct mm_map_opts *mo, FILE *fp);
/* The power-of-two cell span, at least min_cell, that draws range in about `rows` rows. */
uint64_t mm_map_cell_span(uint64_t range, int cols, int rows, uint64_t min_cell);

/* Sets the grid up: cells of `cell` from lo (the last one ends at hi). Returns 0 or -1. */
int mm_map_init(struct mm_map *m, uint64_t lo, uint64_t hi, uint64_t cell, int cols);
/* Cells of the given spans: the caller fills start/end of n cells. Returns 0 or -1. */
int mm_map_init_cells(struct mm_map *m, size_t n, int cols);
/* Adds a legend entry; returns its index (the last one when the legend is full). */
int mm_map_class(struct mm_map *m, char glyph, const char *utf8, const char *color, int ansi,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A fixed legend, in order (class i is table[i] when the legend was empty). */
struct mm_map_legend {
	char glyph;
	const char *utf8, *color;
	int ansi;
	const char *name;
};
void mm_map_legend(struct mm_map *m, const struct mm_map_legend *table, int n);
void mm_map_free(struct mm_map *m);
/* Calls fn with every cell [s, e) overlaps (clipped to the map) and the size of the overlap. */
void mm_map_spread(const struct mm_map *m, uint64_t s, uint64_t e,
		   void (*fn)(size_t cell, uint64_t n, void *ctx), void *ctx);
/* The cell holding x, or -1 (cells in address order). */
long mm_map_cell_of(const struct mm_map *m, uint64_t x);

/* Text rows (or JSON cells) of every map, under "maps" in JSON. */
void mm_map_print(struct mm_out *o, const struct mm_map_opts *mo, const struct mm_map *maps, int n);
/* The maps as one SVG document at path. */
int mm_map_svg(const char *path, const char *title, const struct mm_map *maps, int n,
	       struct mm_err *err);
/* The SVG document without its closing tag (mm_svg_end). */
void mm_map_svg_write(FILE *fp, const char *title, const struct mm_map *maps, int n);
/* What a subcommand calls: --map prints, --svg writes (and says where), errors reported;
 * --svg - writes the SVG as the output itself (no map text). */
void mm_map_emit(struct mm_out *o, const struct mm_map_opts *mo, const char *title,
		 const struct mm_map *maps, int n);
/* SVG geometry, for tests: the document's size in pixels. */
void mm_map_svg_size(const struct mm_map *maps, int n, int *width, int *height);

/* ---- the builders ---- */
struct mm_kernel;
struct mm_vmalloc;
struct mm_zones;
struct mm_zone;
struct mm_memmap;

/* [lo, hi) of vmalloc space from the areas v holds; cell 0: a power of two (pages) giving
 * about MM_MAP_ROWS rows. Legend: free, mostly free, guard, lazily freed, vm_map_ram, static,
 * setup, pooled, other callers, then the top callers in [lo, hi) by bytes as A, B, ... */
int mm_map_vmalloc(struct mm_kernel *k, const struct mm_vmalloc *v, uint32_t lo, uint64_t hi,
		   int cols, uint64_t cell, const char *key, const char *name, struct mm_map *m);
void mm_map_vmalloc_emit(struct mm_kernel *k, struct mm_out *o, const struct mm_map_opts *mo,
			 const struct mm_vmalloc *v);
/* One zone's pfns: free block orders from the free lists, the rest from the struct pages. */
int mm_map_zone(struct mm_kernel *k, const struct mm_memmap *mm, const struct mm_zones *z,
		const struct mm_zone *zn, int cols, uint64_t cell, struct mm_map *m, struct mm_err *err);
void mm_map_buddy_emit(struct mm_kernel *k, struct mm_out *o, const struct mm_map_opts *mo,
		       const struct mm_zones *z, const struct mm_memmap *mm);
/* The layout strip and the per-region occupancy rows; returns how many maps were made. */
int mm_map_layout(struct mm_kernel *k, struct mm_out *o, int cols, struct mm_map maps[2]);
void mm_map_layout_emit(struct mm_kernel *k, struct mm_out *o, const struct mm_map_opts *mo);

#endif
