#include "out.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16
#define MAX_COLS 24
#define LABEL_WIDTH 18

struct text_table {
	struct mm_col cols[MAX_COLS];
	int ncols, cell;
	char **cells; /* rows * ncols strings */
	size_t nrows, cap;
};

struct mm_out {
	FILE *fp;
	enum mm_fmt fmt;
	int human;
	int depth;               /* JSON containers open / text indentation */
	int first[MAX_DEPTH];    /* JSON: nothing written yet in this container */
	char closer[MAX_DEPTH];  /* '}' or ']' */
	int in_table, row_open;
	struct text_table tab;
	int nerrors;
	char *errors;            /* JSON error objects, comma-joined */
	size_t errlen;
	char *notes;             /* JSON notes, comma-joined strings */
	size_t notelen;
};

struct mm_out *mm_out_new(FILE *fp, enum mm_fmt fmt)
{
	struct mm_out *o = calloc(1, sizeof(*o));
	if (o) {
		o->fp = fp;
		o->fmt = fmt;
		o->human = 1;
	}
	return o;
}

enum mm_fmt mm_out_fmt(const struct mm_out *o) { return o->fmt; }
FILE *mm_out_file(const struct mm_out *o) { return o->fp; }
void mm_out_human(struct mm_out *o, int on) { o->human = on; }
int mm_out_nerrors(const struct mm_out *o) { return o->nerrors; }

static void json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

/* Appends a JSON-escaped string (quoted) to a growing buffer. */
static void buf_append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	char *nb = realloc(*buf, *len + n + 1);
	if (!nb)
		return;
	memcpy(nb + *len, s, n + 1);
	*buf = nb;
	*len += n;
}

static void buf_append_json(char **buf, size_t *len, const char *s)
{
	char *tmp = NULL;
	size_t sz = 0;
	FILE *m = open_memstream(&tmp, &sz);
	if (!m)
		return;
	json_string(m, s);
	fclose(m);
	buf_append(buf, len, tmp);
	free(tmp);
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
	snprintf(j, sizeof(j), "%.2f", pct);
	snprintf(t, sizeof(t), "%.1f%%", pct);
	field_raw(o, key, label, j, t);
}

void mm_out_float(struct mm_out *o, const char *key, const char *label, double v)
{
	char b[32];
	snprintf(b, sizeof(b), "%.3f", v);
	field_raw(o, key, label, b, b);
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
			buf_append(&o->notes, &o->notelen, ",");
		buf_append_json(&o->notes, &o->notelen, b);
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
		fprintf(o->fp, "mmview: %s: %s\n", what, msg);
		return;
	}
	if (o->errlen)
		buf_append(&o->errors, &o->errlen, ",");
	buf_append(&o->errors, &o->errlen, "{\"where\":");
	buf_append_json(&o->errors, &o->errlen, what);
	buf_append(&o->errors, &o->errlen, ",\"error\":");
	buf_append_json(&o->errors, &o->errlen, mm_status_name(err ? err->code : MM_EREAD));
	buf_append(&o->errors, &o->errlen, ",\"message\":");
	buf_append_json(&o->errors, &o->errlen, msg);
	buf_append(&o->errors, &o->errlen, "}");
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
	o->in_table = 1;
	o->row_open = 0;
	if (o->fmt == MM_FMT_JSON)
		json_open(o, key, '[', ']');
}

static void text_cell(struct mm_out *o, const char *s)
{
	struct text_table *t = &o->tab;
	size_t need = (t->nrows + 1) * t->ncols;

	if (t->cell >= t->ncols)
		return;
	if (need > t->cap) {
		size_t cap = need * 2;
		char **n = realloc(t->cells, cap * sizeof(*n));
		if (!n)
			return;
		t->cells = n;
		t->cap = cap;
	}
	t->cells[t->nrows * t->ncols + t->cell++] = strdup(s);
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
	char j[32], t[32];
	snprintf(j, sizeof(j), "\"0x%llx\"", (unsigned long long)v);
	snprintf(t, sizeof(t), "%llx", (unsigned long long)v);
	cell(o, j, t);
}

void mm_out_cell_u64(struct mm_out *o, uint64_t v)
{
	char b[32];
	snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
	cell(o, b, b);
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

void mm_out_cell_size(struct mm_out *o, uint64_t v)
{
	char j[32], t[32];
	snprintf(j, sizeof(j), "%llu", (unsigned long long)v);
	if (o->human)
		mm_fmt_size(t, sizeof(t), v);
	else
		snprintf(t, sizeof(t), "%llu", (unsigned long long)v);
	cell(o, j, t);
}

void mm_out_cell_pct(struct mm_out *o, double v)
{
	char j[32], t[32];
	snprintf(j, sizeof(j), "%.2f", v);
	snprintf(t, sizeof(t), "%.1f%%", v);
	cell(o, j, t);
}

void mm_out_cell_float(struct mm_out *o, double v)
{
	char b[32];
	snprintf(b, sizeof(b), "%.3f", v);
	cell(o, b, b);
}

void mm_out_cell_null(struct mm_out *o)
{
	cell(o, "null", "-");
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
	while (t->cell && t->cell < t->ncols)
		text_cell(o, "");
	if (t->cell)
		t->nrows++;
	t->cell = 0;
}

static int right_aligned(enum mm_coltype ty)
{
	return ty != MM_COL_HEX && ty != MM_COL_STR;
}

void mm_out_table_end(struct mm_out *o)
{
	struct text_table *t = &o->tab;
	int w[MAX_COLS];

	if (o->fmt == MM_FMT_JSON) {
		if (o->row_open)
			mm_out_row_end(o);
		json_close(o);
		o->in_table = 0;
		return;
	}
	for (int c = 0; c < t->ncols; c++) {
		w[c] = (int)strlen(t->cols[c].head);
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = t->cells[r * t->ncols + c];
			if (s && (int)strlen(s) > w[c])
				w[c] = (int)strlen(s);
		}
	}
	for (long r = -1; r < (long)t->nrows; r++) {
		text_indent(o);
		for (int c = 0; c < t->ncols; c++) {
			const char *s = r < 0 ? t->cols[c].head : t->cells[r * t->ncols + c];
			int last = c == t->ncols - 1;
			if (!s)
				s = "";
			if (right_aligned(t->cols[c].type))
				fprintf(o->fp, "%*s", w[c], s);
			else if (last)
				fputs(s, o->fp);
			else
				fprintf(o->fp, "%-*s", w[c], s);
			if (!last)
				fputs("  ", o->fp);
		}
		fputc('\n', o->fp);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	t->nrows = 0;
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
	fflush(o->fp);
	free(o->tab.cells);
	free(o->errors);
	free(o->notes);
	free(o);
}
