#include "out.h"
#include "../copy.h"
#include "../digits.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define MAX_DEPTH 16
#define MAX_COLS 24
#define LABEL_WIDTH 18
#define MAX_CELL 4096 /* a text cell longer than this (a string from the dump) is cut */
/* Bytes past the end of the cells' text and of a rendered line that may be read or written:
 * lines are put together eight bytes at a time (see put_cell). */
#define TEXT_SLACK 8
#define MAX_HEAD 64 /* a column header longer than this is cut */

/* A text table is aligned only once every row is known: the cells' bytes go to one growing
 * arena (no allocation per cell), each cell keeps its place there, each column its widest. */
struct text_cell {
	uint32_t off, len;
};

struct text_table {
	struct mm_col cols[MAX_COLS];
	int ncols, cell;
	int width[MAX_COLS];
	struct text_cell *cells; /* rows * ncols */
	size_t nrows, ncells, cap; /* ncells: of the rows done and the one being made */
	char *text;
	size_t textlen, textcap;
};

struct mm_out {
	FILE *fp;                /* where the output is formatted: buf, or dest when it cannot be */
	FILE *dest;              /* the caller's stream (crash's fp: unbuffered, a write per call) */
	char *buf;
	size_t buflen;
	FILE *diag;              /* text errors and notes: fp, or stderr when fp carries a file format */
	enum mm_fmt fmt;
	int human;
	int depth;               /* JSON containers open / text indentation */
	int first[MAX_DEPTH];    /* JSON: nothing written yet in this container */
	char closer[MAX_DEPTH];  /* '}' or ']' */
	int in_table, row_open;
	struct text_table tab;
	int nerrors;
	char *errors;            /* JSON error objects, comma-joined */
	size_t errlen, errcap;
	char *notes;             /* JSON notes, comma-joined strings */
	size_t notelen, notecap;
};

/* Output is formatted in memory and handed to the caller's stream in large pieces: crash's
 * output stream writes each call through (a system call each, ~25 us under qemu-arm), and a
 * table row is a dozen calls. */
#define SPILL_AT (64u << 10)

struct mm_out *mm_out_new(FILE *fp, enum mm_fmt fmt)
{
	struct mm_out *o = calloc(1, sizeof(*o));
	if (o) {
		o->dest = fp;
		o->fp = open_memstream(&o->buf, &o->buflen);
		if (!o->fp)
			o->fp = fp;
		o->diag = o->fp;
		o->fmt = fmt;
		o->human = 1;
	}
	return o;
}

/* Hands what was formatted to the caller's stream (all of it, or once SPILL_AT is reached). */
static void spill(struct mm_out *o, int all)
{
	if (o->fp == o->dest || fflush(o->fp) || (!all && o->buflen < SPILL_AT))
		return;
	if (o->buflen)
		fwrite(o->buf, 1, o->buflen, o->dest);
	rewind(o->fp); /* a memstream's size follows its position: the next write starts anew */
	o->buflen = 0;
}

enum mm_fmt mm_out_fmt(const struct mm_out *o) { return o->fmt; }
FILE *mm_out_file(const struct mm_out *o) { return o->fp; }
void mm_out_human(struct mm_out *o, int on) { o->human = on; }
void mm_out_divert(struct mm_out *o, FILE *diag) { o->diag = diag ? diag : o->fp; }
int mm_out_nerrors(const struct mm_out *o) { return o->nerrors; }

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, surrogates or
 * code points past U+10FFFF), 0 if the bytes there are not one. Stops at a NUL. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) || (c == 0xf0 && s[1] < 0x90) ||
	    (c == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

/* Strings from the dump and the command line are bytes, not text: a byte that is not part of
 * well-formed UTF-8 (a stray 0x80+, a sequence cut by truncation) is written as the four
 * characters \xHH, so the document stays valid JSON and the byte stays visible. */
static void json_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', fp);
	while (s && *s) {
		unsigned char c = *s;
		size_t n = utf8_seq(s);
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else if (n == 0)
			fprintf(fp, "\\\\x%02x", c);
		else {
			fwrite(s, 1, n, fp);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', fp);
}

/* Appends to a growing buffer, doubling it: one error per list entry must stay linear. */
static void buf_append(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > *cap) {
		size_t nc = *cap ? *cap : 256;
		char *nb;
		while (nc < *len + n + 1)
			nc *= 2;
		if (!(nb = realloc(*buf, nc)))
			return;
		*buf = nb;
		*cap = nc;
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/* Appends a JSON-escaped string (quoted). */
static void buf_append_json(char **buf, size_t *len, size_t *cap, const char *s)
{
	char *tmp = NULL;
	size_t sz = 0;
	FILE *m = open_memstream(&tmp, &sz);
	if (!m)
		return;
	json_string(m, s);
	fclose(m);
	buf_append(buf, len, cap, tmp);
	free(tmp);
}

/* Numbers JSON can hold: NaN and infinities (a division by a corrupt zero) become null, and
 * huge values keep their magnitude instead of being cut to the buffer. */
static const char *fmt_double(char *b, size_t len, const char *fmt, double v, int json)
{
	if (!isfinite(v))
		snprintf(b, len, "%s", json ? "null" : "-");
	else if (v >= 1e15 || v <= -1e15)
		snprintf(b, len, "%.6e", v);
	else
		snprintf(b, len, fmt, v);
	return b;
}

/* JSON: separator and key before a value in the current container. */
static void json_key(struct mm_out *o, const char *key)
{
	if (!o->first[o->depth])
		fputc(',', o->fp);
	o->first[o->depth] = 0;
	if (key && o->closer[o->depth] != ']') {
		json_string(o->fp, key);
		fputc(':', o->fp);
	}
}

static void json_open(struct mm_out *o, const char *key, char open, char close)
{
	json_key(o, key);
	fputc(open, o->fp);
	if (o->depth + 1 < MAX_DEPTH)
		o->depth++;
	o->first[o->depth] = 1;
	o->closer[o->depth] = close;
}

static void json_close(struct mm_out *o)
{
	if (o->depth > 0) {
		fputc(o->closer[o->depth], o->fp);
		o->depth--;
	}
}

static void text_indent(struct mm_out *o)
{
	fprintf(o->fp, "%*s", 2 * (o->depth > 0 ? o->depth - 1 : 0), "");
}

void mm_out_begin(struct mm_out *o, const char *command)
{
	if (o->fmt == MM_FMT_JSON) {
		o->closer[0] = 0;
		o->first[0] = 1;
		json_open(o, NULL, '{', '}');
		mm_out_str(o, "command", NULL, command);
	} else
		o->depth = 1;
}

void mm_out_section(struct mm_out *o, const char *key, const char *title)
{
	if (o->fmt == MM_FMT_JSON) {
		json_open(o, key, '{', '}');
		return;
	}
	if (title) {
		text_indent(o);
		fprintf(o->fp, "%s\n", title);
	}
	o->depth++;
}

void mm_out_list(struct mm_out *o, const char *key)
{
	if (o->fmt == MM_FMT_JSON)
		json_open(o, key, '[', ']');
	else
		o->depth++;
}

void mm_out_item(struct mm_out *o, const char *title)
{
	mm_out_section(o, NULL, title);
}

void mm_out_end(struct mm_out *o)
{
	if (o->fmt == MM_FMT_JSON)
		json_close(o);
	else if (o->depth > 1)
		o->depth--;
}

static void text_field(struct mm_out *o, const char *label, const char *value)
{
	text_indent(o);
	fprintf(o->fp, "%*s: %s\n", LABEL_WIDTH, label, value);
}

/* A field with no key is text-only inside a JSON object (an array item needs none). */
static int json_skips(const struct mm_out *o, const char *key)
{
	return !key && o->closer[o->depth] == '}';
}

static void field_raw(struct mm_out *o, const char *key, const char *label, const char *json,
		      const char *text)
{
	if (o->fmt == MM_FMT_JSON) {
		if (json_skips(o, key))
			return;
		json_key(o, key);
		fputs(json, o->fp);
	} else if (label)
		text_field(o, label, text);
}

void mm_out_hex(struct mm_out *o, const char *key, const char *label, uint64_t v)
{
	char j[32], t[32];
	snprintf(j, sizeof(j), "\"0x%llx\"", (unsigned long long)v);
	snprintf(t, sizeof(t), "%llx", (unsigned long long)v);
	field_raw(o, key, label, j, t);
}

void mm_out_u64(struct mm_out *o, const char *key, const char *label, uint64_t v)
{
	char b[32];
	snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
	field_raw(o, key, label, b, b);
}

void mm_out_i64(struct mm_out *o, const char *key, const char *label, int64_t v)
{
	char b[32];
	snprintf(b, sizeof(b), "%lld", (long long)v);
	field_raw(o, key, label, b, b);
}

void mm_out_str(struct mm_out *o, const char *key, const char *label, const char *v)
{
	if (o->fmt == MM_FMT_JSON) {
		if (json_skips(o, key))
			return;
		json_key(o, key);
		if (v)
			json_string(o->fp, v);
		else
			fputs("null", o->fp);
	} else if (label)
		text_field(o, label, v ? v : "-");
}

void mm_out_bool(struct mm_out *o, const char *key, const char *label, int v)
{
	field_raw(o, key, label, v ? "true" : "false", v ? "yes" : "no");
}

const char *mm_fmt_size(char *buf, size_t len, uint64_t bytes)
{
	static const char unit[] = "KMGT";
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
		return buf;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f%c", v, unit[u]);
	return buf;
}

void mm_out_size(struct mm_out *o, const char *key, const char *label, uint64_t bytes)
{
	char j[32], t[64], h[32];
	snprintf(j, sizeof(j), "%llu", (unsigned long long)bytes);
	if (bytes >= 1024)
		snprintf(t, sizeof(t), "%s (%llu bytes)", mm_fmt_size(h, sizeof(h), bytes),
			 (unsigned long long)bytes);
	else
		snprintf(t, sizeof(t), "%llu bytes", (unsigned long long)bytes);
	field_raw(o, key, label, j, t);
}

void mm_out_pct(struct mm_out *o, const char *key, const char *label, double pct)
{
	char j[32], t[32];
	fmt_double(j, sizeof(j), "%.2f", pct, 1);
	fmt_double(t, sizeof(t), "%.1f%%", pct, 0);
	field_raw(o, key, label, j, t);
}

void mm_out_float(struct mm_out *o, const char *key, const char *label, double v)
{
	char j[32], t[32];
	field_raw(o, key, label, fmt_double(j, sizeof(j), "%.3f", v, 1), fmt_double(t, sizeof(t), "%.3f", v, 0));
}

void mm_out_null(struct mm_out *o, const char *key, const char *label, const char *why)
{
	field_raw(o, key, label, "null", why ? why : "-");
}

void mm_out_note(struct mm_out *o, const char *fmt, ...)
{
	char b[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	if (o->fmt == MM_FMT_JSON) {
		if (o->notelen)
			buf_append(&o->notes, &o->notelen, &o->notecap, ",");
		buf_append_json(&o->notes, &o->notelen, &o->notecap, b);
	} else if (o->diag != o->fp) {
		fprintf(o->diag, "mmview: %s\n", b);
	} else {
		text_indent(o);
		fprintf(o->fp, "%s\n", b);
	}
}

void mm_out_raw(struct mm_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->fmt == MM_FMT_JSON)
		return;
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
}

void mm_out_error(struct mm_out *o, const char *what, const struct mm_err *err)
{
	const char *msg = err && err->msg[0] ? err->msg : "failed";

	o->nerrors++;
	if (o->fmt == MM_FMT_TEXT) {
		fprintf(o->diag, "mmview: %s: %s\n", what, msg);
		return;
	}
	if (o->errlen)
		buf_append(&o->errors, &o->errlen, &o->errcap, ",");
	buf_append(&o->errors, &o->errlen, &o->errcap, "{\"where\":");
	buf_append_json(&o->errors, &o->errlen, &o->errcap, what);
	buf_append(&o->errors, &o->errlen, &o->errcap, ",\"error\":");
	buf_append_json(&o->errors, &o->errlen, &o->errcap, mm_status_name(err ? err->code : MM_EREAD));
	buf_append(&o->errors, &o->errlen, &o->errcap, ",\"message\":");
	buf_append_json(&o->errors, &o->errlen, &o->errcap, msg);
	buf_append(&o->errors, &o->errlen, &o->errcap, "}");
}

/* ---- tables ---- */

void mm_out_table(struct mm_out *o, const char *key, const struct mm_col *cols, int ncols)
{
	struct text_table *t = &o->tab;

	if (ncols > MAX_COLS)
		ncols = MAX_COLS;
	memcpy(t->cols, cols, sizeof(*cols) * ncols);
	t->ncols = ncols;
	t->cell = 0;
	t->nrows = 0;
	t->ncells = 0;
	t->textlen = 0;
	for (int c = 0; c < ncols; c++)
		t->width[c] = cols[c].head ? (int)strlen(cols[c].head) : 0; /* NULL: a JSON-only column */
	o->in_table = 1;
	o->row_open = 0;
	if (o->fmt == MM_FMT_JSON)
		json_open(o, key, '[', ']');
}

/* grow BUF (*cap elements of size) to hold need; 0 if memory ran out */
static int grow(void **buf, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return 1;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n * size);
	if (!p)
		return 0;
	*buf = p;
	*cap = n;
	return 1;
}

void mm_out_table_rows(struct mm_out *o, size_t rows)
{
	struct text_table *t = &o->tab;

	if (o->fmt == MM_FMT_JSON || !t->ncols || rows > (1u << 20)) /* a hint: never a huge reservation */
		return;
	/* cells exactly; their text at ~8 bytes a cell, grown further if need be */
	grow((void **)&t->cells, &t->cap, rows * t->ncols, sizeof(*t->cells));
	grow((void **)&t->text, &t->textcap, rows * t->ncols * 8 + TEXT_SLACK, 1);
}

/* The next cell of the row, len bytes long at the arena's end: where to write them, or NULL
 * (a full row; or out of memory, when the cell stays, empty, so the columns stay in place). */
static inline __attribute__((always_inline)) char *text_cell_begin(struct mm_out *o, size_t len)
{
	struct text_table *t = &o->tab;
	struct text_cell *cl;
	char *at;

	if (t->cell >= t->ncols)
		return NULL;
	if (t->ncells >= t->cap && !grow((void **)&t->cells, &t->cap, t->ncells + 1, sizeof(*t->cells)))
		return NULL;
	if (len > MAX_CELL)
		len = MAX_CELL;
	if (t->textlen + len + TEXT_SLACK > t->textcap &&
	    (t->textlen + len > UINT32_MAX - TEXT_SLACK ||
	     !grow((void **)&t->text, &t->textcap, t->textlen + len + TEXT_SLACK, 1)))
		len = 0;
	cl = &t->cells[t->ncells++];
	cl->off = (uint32_t)t->textlen;
	cl->len = (uint32_t)len;
	at = t->text + t->textlen;
	t->textlen += len;
	if ((int)len > t->width[t->cell])
		t->width[t->cell] = (int)len;
	t->cell++;
	return len ? at : NULL;
}

static inline __attribute__((always_inline)) void text_cell_n(struct mm_out *o, const char *s, size_t len)
{
	char *d = text_cell_begin(o, len);
	if (d)
		mm_copy_short(d, s, len > MAX_CELL ? MAX_CELL : len);
}

static void text_cell(struct mm_out *o, const char *s)
{
	text_cell_n(o, s, mm_strlen_short(s));
}

/* JSON: open the row object on its first cell, then key the cell by its column. */
static void json_cell(struct mm_out *o, const char *value)
{
	struct text_table *t = &o->tab;

	if (t->cell >= t->ncols)
		return;
	if (!o->row_open) {
		json_open(o, NULL, '{', '}');
		o->row_open = 1;
	}
	json_key(o, t->cols[t->cell++].key);
	fputs(value, o->fp);
}

static void cell(struct mm_out *o, const char *json, const char *text)
{
	if (o->fmt == MM_FMT_JSON)
		json_cell(o, json);
	else
		text_cell(o, text);
}

void mm_out_cell_hex(struct mm_out *o, uint64_t v)
{
	char b[24], *end = b + sizeof(b), *p;

	if (o->fmt == MM_FMT_JSON) {
		*--end = 0;
		*--end = '"';
		p = mm_hex_before(end, v);
		*--p = 'x';
		*--p = '0';
		*--p = '"';
		json_cell(o, p);
	} else {
		size_t n = mm_hex_digits(v);
		if ((p = text_cell_begin(o, n)))
			mm_hex_before(p + n, v);
	}
}

void mm_out_cell_u64(struct mm_out *o, uint64_t v)
{
	char b[24], *end = b + sizeof(b) - 1, *p;

	if (o->fmt == MM_FMT_JSON) {
		*end = 0;
		json_cell(o, mm_dec_before(end, v));
	} else {
		size_t n = mm_dec_digits(v);
		if ((p = text_cell_begin(o, n)))
			mm_dec_before(p + n, v);
	}
}

void mm_out_cell_i64(struct mm_out *o, int64_t v)
{
	char b[32];
	snprintf(b, sizeof(b), "%lld", (long long)v);
	cell(o, b, b);
}

void mm_out_cell_str(struct mm_out *o, const char *s)
{
	if (o->fmt == MM_FMT_JSON) {
		char *tmp = NULL;
		size_t sz = 0;
		FILE *m = open_memstream(&tmp, &sz);
		if (!m)
			return;
		json_string(m, s ? s : "");
		fclose(m);
		json_cell(o, tmp);
		free(tmp);
	} else
		text_cell(o, s && *s ? s : "-");
}

void mm_out_cell_strn(struct mm_out *o, const char *s, size_t len)
{
	if (o->fmt == MM_FMT_JSON) {
		char *z = strndup(s, len);
		if (z)
			mm_out_cell_str(o, z);
		else
			mm_out_cell_null(o);
		free(z);
	} else if (len)
		text_cell_n(o, s, len);
	else
		text_cell_n(o, "-", 1);
}

void mm_out_cell_size(struct mm_out *o, uint64_t v)
{
	char t[32];

	if (o->fmt == MM_FMT_JSON || !o->human) {
		mm_out_cell_u64(o, v);
		return;
	}
	cell(o, NULL, mm_fmt_size(t, sizeof(t), v));
}

void mm_out_cell_pct(struct mm_out *o, double v)
{
	char j[32], t[32];
	fmt_double(j, sizeof(j), "%.2f", v, 1);
	fmt_double(t, sizeof(t), "%.1f%%", v, 0);
	cell(o, j, t);
}

void mm_out_cell_float(struct mm_out *o, double v)
{
	char j[32], t[32];
	cell(o, fmt_double(j, sizeof(j), "%.3f", v, 1), fmt_double(t, sizeof(t), "%.3f", v, 0));
}

void mm_out_cell_null(struct mm_out *o)
{
	if (o->fmt == MM_FMT_JSON)
		json_cell(o, "null");
	else
		text_cell_n(o, "-", 1);
}

void mm_out_row_end(struct mm_out *o)
{
	struct text_table *t = &o->tab;

	if (o->fmt == MM_FMT_JSON) {
		if (o->row_open)
			json_close(o);
		o->row_open = 0;
		t->cell = 0;
		return;
	}
	while (t->cell && t->cell < t->ncols) {
		int at = t->cell;
		text_cell_n(o, "", 0);
		if (t->cell == at)
			break; /* out of memory: the row is dropped below */
	}
	if (t->cell == t->ncols)
		t->nrows++;
	t->ncells = t->nrows * (size_t)t->ncols; /* a row cut short is dropped whole */
	t->cell = 0;
}

/* One cell through its own call: JSON, and text when the fast path below cannot make room. */
static void cell_of(struct mm_out *o, const struct mm_cell *c)
{
	if (c->kind == MM_CELL_HEX)
		mm_out_cell_hex(o, c->v);
	else if (c->kind == MM_CELL_U64)
		mm_out_cell_u64(o, c->v);
	else if (c->kind == MM_CELL_STRN)
		mm_out_cell_strn(o, c->s, c->len);
	else
		mm_out_cell_null(o);
}

/* Text: room for the whole row is made once (a number takes at most 20 bytes), then each cell
 * is written as text_cell_begin would place it. 0 when room cannot be made. */
static int text_row(struct mm_out *o, const struct mm_cell *cells, int n)
{
	struct text_table *t = &o->tab;
	size_t room = 0, off;
	struct text_cell *cl;
	int *width;

	for (int i = 0; i < n; i++)
		room += cells[i].kind == MM_CELL_STRN && cells[i].len > 20
				? (cells[i].len > MAX_CELL ? MAX_CELL : cells[i].len) : 20;
	if (t->ncells + (size_t)n > t->cap &&
	    !grow((void **)&t->cells, &t->cap, t->ncells + (size_t)n, sizeof(*t->cells)))
		return 0;
	if (t->textlen + room + TEXT_SLACK > t->textcap &&
	    (t->textlen + room > UINT32_MAX - TEXT_SLACK ||
	     !grow((void **)&t->text, &t->textcap, t->textlen + room + TEXT_SLACK, 1)))
		return 0;
	cl = t->cells + t->ncells;
	width = t->width + t->cell;
	off = t->textlen;
	for (int i = 0; i < n; i++) {
		const struct mm_cell *c = &cells[i];
		char *at = t->text + off;
		size_t len;

		if (c->kind == MM_CELL_HEX) {
			len = mm_hex_digits(c->v);
			mm_hex_before(at + len, c->v);
		} else if (c->kind == MM_CELL_U64) {
			len = mm_dec_digits(c->v);
			mm_dec_before(at + len, c->v);
		} else if (c->kind == MM_CELL_STRN && c->len) {
			len = c->len > MAX_CELL ? MAX_CELL : c->len;
			mm_copy_short(at, c->s, len);
		} else {
			*at = '-';
			len = 1;
		}
		cl[i] = (struct text_cell){ (uint32_t)off, (uint32_t)len };
		if ((int)len > width[i])
			width[i] = (int)len;
		off += len;
	}
	t->textlen = off;
	t->ncells += (size_t)n;
	t->cell += n;
	return 1;
}

void mm_out_row(struct mm_out *o, const struct mm_cell *cells, int n)
{
	const struct text_table *t = &o->tab;

	if (n > t->ncols - t->cell) /* cells past the last column are dropped, as one by one */
		n = t->ncols - t->cell;
	if (n > 0 && (o->fmt == MM_FMT_JSON || !text_row(o, cells, n)))
		for (int i = 0; i < n; i++)
			cell_of(o, &cells[i]);
	mm_out_row_end(o);
}

static int right_aligned(enum mm_coltype ty)
{
	return ty != MM_COL_HEX && ty != MM_COL_STR;
}

/* Where each column's text goes in a line: it starts at `at`, or ends at `at` (right aligned). */
struct col_place {
	size_t at;
	int right;
};

/* One cell of a line: spaces from *end up to where the cell starts, then its bytes; *end moves
 * past them. Both go eight bytes at a time (a cell is mostly one step: under qemu-arm each
 * step of a loop costs more than its stores) and may run up to seven bytes past their end:
 * what the spaces overrun, the cell overwrites; what the cell overruns, the spaces before the
 * next cell (at least two: one store) or the newline and the next line overwrite. So the
 * line has TEXT_SLACK bytes of room past its end, and so has the cells' text. */
static inline __attribute__((always_inline)) void put_cell(char *line, size_t *end, const char *s,
							   size_t len, const struct col_place *p)
{
	size_t start = p->right ? p->at - len : p->at;
	char *d = line + *end, *stop = line + start;
	static const uint64_t blanks = 0x2020202020202020ull;

	for (; d < stop; d += 8)
		__builtin_memcpy(d, &blanks, 8);
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w;
		__builtin_memcpy(&w, s + i, 8);
		__builtin_memcpy(stop + i, &w, 8);
	}
	*end = start + len;
}

/* One aligned line into line (room for the widest, plus TEXT_SLACK), its length returned. */
static inline __attribute__((always_inline)) size_t text_line(const struct text_cell *cl, const char *text, const struct col_place *place,
			int ncols, char *line)
{
	size_t end = 0;

	for (int c = 0; c < ncols; c++)
		put_cell(line, &end, text + cl[c].off, cl[c].len, &place[c]);
	line[end] = '\n';
	return end + 1;
}

void mm_out_table_end(struct mm_out *o)
{
	struct text_table *t = &o->tab;
	size_t indent = 2 * (size_t)(o->depth > 0 ? o->depth - 1 : 0), at = indent, linecap, chunkcap;
	size_t used = 0, headlen = 0;
	struct col_place place[MAX_COLS];
	struct text_cell head[MAX_COLS];
	char headtext[MAX_COLS * MAX_HEAD + TEXT_SLACK], *chunk;

	if (o->fmt == MM_FMT_JSON) {
		if (o->row_open)
			mm_out_row_end(o);
		json_close(o);
		o->in_table = 0;
		return;
	}
	for (int c = 0; c < t->ncols; c++) {
		const char *h = t->cols[c].head ? t->cols[c].head : "";
		size_t n = strnlen(h, MAX_HEAD);

		place[c].right = right_aligned(t->cols[c].type);
		place[c].at = place[c].right ? at + (size_t)t->width[c] : at;
		at += (size_t)t->width[c] + 2;
		memcpy(headtext + headlen, h, n);
		head[c] = (struct text_cell){ (uint32_t)headlen, (uint32_t)n };
		headlen += n;
	}
	linecap = at + TEXT_SLACK + 1;
	/* lines are laid side by side in a chunk handed over whole (a write and a flush per line
	 * were a fifth of a 12,000-row table), straight to the caller's stream once what was
	 * formatted before is handed over: not copied through the memory stream */
	spill(o, 1);
	chunkcap = linecap > SPILL_AT ? linecap : SPILL_AT;
	chunk = malloc(chunkcap);
	for (long r = -1; chunk && r < (long)t->nrows; r++) {
		if (used + linecap > chunkcap) {
			fwrite(chunk, 1, used, o->dest);
			used = 0;
		}
		used += r < 0 ? text_line(head, headtext, place, t->ncols, chunk + used)
			      : text_line(t->cells + (size_t)r * (size_t)t->ncols, t->text, place, t->ncols,
					  chunk + used);
	}
	if (chunk && used)
		fwrite(chunk, 1, used, o->dest);
	free(chunk);
	t->nrows = 0;
	t->ncells = 0;
	t->textlen = 0;
	o->in_table = 0;
}

void mm_out_finish(struct mm_out *o)
{
	if (!o)
		return;
	if (o->fmt == MM_FMT_JSON) {
		while (o->depth > 1)
			json_close(o);
		if (o->depth == 1) {
			json_key(o, "notes");
			fprintf(o->fp, "[%s]", o->notes ? o->notes : "");
			json_key(o, "errors");
			fprintf(o->fp, "[%s]", o->errors ? o->errors : "");
			json_close(o);
			fputc('\n', o->fp);
		}
	}
	spill(o, 1);
	if (o->fp != o->dest)
		fclose(o->fp);
	free(o->buf);
	fflush(o->dest);
	free(o->tab.cells);
	free(o->tab.text);
	free(o->errors);
	free(o->notes);
	free(o);
}
