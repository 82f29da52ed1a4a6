/* The report layer: every subcommand describes its result once through these calls and gets
 * crash-style text or JSON from it. Walkers never print.
 *
 * Text: sections are a title line; fields are "  LABEL: value" lines; tables are aligned
 * columns with upper-case headers, hex without 0x (crash's convention).
 * JSON: one object per command; fields are keys; tables are arrays of objects; addresses are
 * "0x..." strings, counts and sizes are numbers, absent values are null. */
#ifndef MM_OUT_H
#define MM_OUT_H
#include <stdio.h>
#include <stdint.h>
#include "../err.h"

enum mm_fmt { MM_FMT_TEXT, MM_FMT_JSON };

enum mm_coltype {
	MM_COL_HEX,   /* address or raw value: text "c0001000", JSON "0xc0001000" */
	MM_COL_U64,   /* count: decimal both ways */
	MM_COL_I64,
	MM_COL_STR,
	MM_COL_SIZE,  /* bytes: text "4096" or "12.0M" when human, JSON number */
	MM_COL_PCT,   /* 0..100: text "12.5%", JSON number */
	MM_COL_FLOAT, /* text "%.3f" */
};

struct mm_col {
	const char *key;   /* JSON key */
	const char *head;  /* text header */
	enum mm_coltype type;
};

struct mm_out;

struct mm_out *mm_out_new(FILE *fp, enum mm_fmt fmt);
/* Ends the document (JSON: closes everything, emits "errors"), frees. */
void mm_out_finish(struct mm_out *o);
enum mm_fmt mm_out_fmt(const struct mm_out *o);
FILE *mm_out_file(const struct mm_out *o); /* where the text goes (a terminal's width) */
/* Human sizes in text tables ("12.0M"); off gives exact byte counts. */
void mm_out_human(struct mm_out *o, int on);
/* Text errors and notes go to diag instead of the output (the output is an SVG on stdout). */
void mm_out_divert(struct mm_out *o, FILE *diag);

/* Document structure. The first call names the command: JSON {"command": name, ...}. */
void mm_out_begin(struct mm_out *o, const char *command);
void mm_out_section(struct mm_out *o, const char *key, const char *title);
void mm_out_end(struct mm_out *o); /* ends the innermost section */
/* A JSON array of objects that prints nothing of its own in text (items use sections). */
void mm_out_list(struct mm_out *o, const char *key);
void mm_out_item(struct mm_out *o, const char *title); /* an object inside a list */

/* Fields. label is the text label (NULL: JSON only); key the JSON key (NULL: text only). */
void mm_out_hex(struct mm_out *o, const char *key, const char *label, uint64_t v);
void mm_out_u64(struct mm_out *o, const char *key, const char *label, uint64_t v);
void mm_out_i64(struct mm_out *o, const char *key, const char *label, int64_t v);
void mm_out_str(struct mm_out *o, const char *key, const char *label, const char *v);
void mm_out_bool(struct mm_out *o, const char *key, const char *label, int v);
void mm_out_size(struct mm_out *o, const char *key, const char *label, uint64_t bytes);
void mm_out_pct(struct mm_out *o, const char *key, const char *label, double pct);
void mm_out_float(struct mm_out *o, const char *key, const char *label, double v);
void mm_out_null(struct mm_out *o, const char *key, const char *label, const char *why);
/* A line of prose in text; a string in the "notes" of JSON. */
void mm_out_note(struct mm_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Raw text line, text mode only (e.g. -p /proc formats); ignored in JSON. */
void mm_out_raw(struct mm_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A failure in one part of a report: text "mmview: WHAT: message" on its own line, JSON an entry
 * {"where": what, "error": kind, "message": ...} in the top-level "errors". The report goes on. */
void mm_out_error(struct mm_out *o, const char *what, const struct mm_err *err);
int mm_out_nerrors(const struct mm_out *o);

/* Tables: rows buffered in text (for alignment), streamed in JSON. */
void mm_out_table(struct mm_out *o, const char *key, const struct mm_col *cols, int ncols);
/* After mm_out_table, when the number of rows is known: room for them is made once (a text
 * table of 12,000 rows otherwise grows, and is copied, a dozen times). A hint only. */
void mm_out_table_rows(struct mm_out *o, size_t rows);
void mm_out_cell_hex(struct mm_out *o, uint64_t v);
void mm_out_cell_u64(struct mm_out *o, uint64_t v);
void mm_out_cell_i64(struct mm_out *o, int64_t v);
void mm_out_cell_str(struct mm_out *o, const char *s);
/* The first len bytes of s (no NUL needed): a listing that repeats a few strings measures each
 * once, not per row. */
void mm_out_cell_strn(struct mm_out *o, const char *s, size_t len);
void mm_out_cell_size(struct mm_out *o, uint64_t v);
void mm_out_cell_pct(struct mm_out *o, double v);
void mm_out_cell_float(struct mm_out *o, double v);
void mm_out_cell_null(struct mm_out *o); /* "-" in text, null in JSON */
void mm_out_row_end(struct mm_out *o);

/* A row given whole, then ended (as mm_out_row_end): one call for all its cells. A listing of
 * 12,000 rows made a call per cell, ~130,000 a command, and under qemu-arm each return is a
 * jump whose target must be looked up. The cells say what each mm_out_cell_* call would. */
enum mm_cell_kind { MM_CELL_NULL, MM_CELL_HEX, MM_CELL_U64, MM_CELL_STRN };
struct mm_cell {
	enum mm_cell_kind kind;
	size_t len;    /* MM_CELL_STRN: bytes at s (0: "-", as mm_out_cell_strn) */
	union {
		uint64_t v;
		const char *s;
	};
};
void mm_out_row(struct mm_out *o, const struct mm_cell *cells, int n);
static inline struct mm_cell mm_cell_hex(uint64_t v) { return (struct mm_cell){ MM_CELL_HEX, 0, { .v = v } }; }
static inline struct mm_cell mm_cell_u64(uint64_t v) { return (struct mm_cell){ MM_CELL_U64, 0, { .v = v } }; }
static inline struct mm_cell mm_cell_strn(const char *s, size_t len)
{
	return (struct mm_cell){ MM_CELL_STRN, len, { .s = s } };
}
static inline struct mm_cell mm_cell_null(void) { return (struct mm_cell){ MM_CELL_NULL, 0, { .v = 0 } }; }
void mm_out_table_end(struct mm_out *o);

/* Shared formatting helpers. */
const char *mm_fmt_size(char *buf, size_t len, uint64_t bytes); /* "12.0M", "4.0K", "512" */

#endif
