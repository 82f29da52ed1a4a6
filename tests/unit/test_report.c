/* The report layer: the same calls give aligned crash-style text and valid JSON. */
#include "unit.h"
#include "../../core/cmd.h"
#include "json_check.h"
#include <stdlib.h>
#include <string.h>

static char *render(enum mm_fmt fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct mm_out *o = mm_out_new(m, fmt);
	static const struct mm_col cols[] = {
		{ "start", "START", MM_COL_HEX },
		{ "size", "SIZE", MM_COL_SIZE },
		{ "count", "COUNT", MM_COL_U64 },
		{ "caller", "CALLER", MM_COL_STR },
	};
	struct mm_err e = { MM_EABSENT, "symbol vmap_area_list not found" };

	mm_out_begin(o, "demo");
	mm_out_section(o, "summary", "SUMMARY");
	mm_out_hex(o, "start", "start", 0xf0800000u);
	mm_out_size(o, "total", "total", 3 << 20);
	mm_out_pct(o, "frag", "fragmentation", 12.5);
	mm_out_str(o, "name", "name", "a \"quoted\" name");
	mm_out_end(o);
	mm_out_table(o, "areas", cols, 4);
	mm_out_cell_hex(o, 0xf0800000u);
	mm_out_cell_size(o, 8192);
	mm_out_cell_u64(o, 2);
	mm_out_cell_str(o, "vmalloc_node+0x1c");
	mm_out_row_end(o);
	mm_out_cell_hex(o, 0xff000000u);
	mm_out_cell_size(o, 12 << 20);
	mm_out_cell_u64(o, 123456);
	mm_out_cell_null(o);
	mm_out_row_end(o);
	mm_out_table_end(o);
	mm_out_error(o, "vmalloc", &e);
	mm_out_finish(o);
	fclose(m);
	return buf;
}

static void test_text(void **state)
{
	char *t = render(MM_FMT_TEXT);
	(void)state;
	assert_non_null(strstr(t, "SUMMARY\n"));
	assert_non_null(strstr(t, "             start: f0800000\n"));
	assert_non_null(strstr(t, "total: 3.0M (3145728 bytes)"));
	assert_non_null(strstr(t, "fragmentation: 12.5%"));
	/* columns aligned: hex left, numbers right, header as wide as the widest cell */
	assert_non_null(strstr(t, "START      SIZE   COUNT  CALLER\n"));
	assert_non_null(strstr(t, "f0800000   8.0K       2  vmalloc_node+0x1c\n"));
	assert_non_null(strstr(t, "ff000000  12.0M  123456  -\n"));
	assert_non_null(strstr(t, "mmview: vmalloc: symbol vmap_area_list not found\n"));
	free(t);
}

static void test_json(void **state)
{
	char *j = render(MM_FMT_JSON);
	(void)state;
	assert_string_equal(j,
		"{\"command\":\"demo\",\"summary\":{\"start\":\"0xf0800000\",\"total\":3145728,"
		"\"frag\":12.50,\"name\":\"a \\\"quoted\\\" name\"},\"areas\":["
		"{\"start\":\"0xf0800000\",\"size\":8192,\"count\":2,\"caller\":\"vmalloc_node+0x1c\"},"
		"{\"start\":\"0xff000000\",\"size\":12582912,\"count\":123456,\"caller\":null}],"
		"\"notes\":[],\"errors\":[{\"where\":\"vmalloc\",\"error\":\"absent\","
		"\"message\":\"symbol vmap_area_list not found\"}]}\n");
	free(j);
}

static void assert_json(const char *doc)
{
	char why[128];
	if (json_check(doc, strlen(doc), why, sizeof(why)))
		fail_msg("invalid JSON (%s): %.300s", why, doc);
}

/* The validator itself: what it must refuse. */
static void test_json_check(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "nan", "[NaN]", "01", "1.", "\"\t\"",
		"\"\xff\"", "\"\xc3\"", "\"\xe2\x82\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"",
		"\"\\x\"", "\"\\ud800\"", "{} {}", "[1] x",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(json_check(bad[i], strlen(bad[i]), NULL, 0), -1);
	assert_json("{\"a\":[1,-0.5,2e+10,true,false,null,\"caf\xc3\xa9 \\u00e9 \\ud83d\\ude00\"]}\n");
}

/* Bytes from the dump and the command line (issue 15 #6): 0x80+ bytes that are not UTF-8, a
 * sequence cut by truncation, DEL, NaN from a division by a corrupt zero, and a report with
 * 20,000 errors (one realloc per fragment made it quadratic) all give valid JSON. */
static void test_json_hostile_bytes(void **state)
{
	char *buf = NULL, *out;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct mm_out *o = mm_out_new(m, MM_FMT_JSON);
	struct mm_err e = { MM_ECORRUPT, "cache k\xffmalloc-\xe2\x82" };
	struct synth *s;
	struct mm_kernel *k;

	(void)state;
	mm_out_begin(o, "demo");
	mm_out_str(o, "name", "name", "caf\xc3\xa9 \xc3 \x80\x7f end");
	mm_out_float(o, "nan", "nan", 0.0 / 0.0);
	mm_out_pct(o, "inf", "inf", 1.0 / 0.0);
	mm_out_float(o, "huge", "huge", 1e300);
	mm_out_note(o, "note \xf5\x80");
	for (int i = 0; i < 20000; i++)
		mm_out_error(o, "walk", &e);
	mm_out_finish(o);
	fclose(m);
	assert_json(buf);
	assert_non_null(strstr(buf, "\"name\":\"caf\xc3\xa9 \\\\xc3 \\\\x80\\u007f end\""));
	assert_non_null(strstr(buf, "\"nan\":null,\"inf\":null,\"huge\":1.000000e+300"));
	assert_non_null(strstr(buf, "k\\\\xffmalloc-\\\\xe2\\\\x82"));
	free(buf);

	/* an argument with such bytes, and an unknown subcommand, under -j */
	s = synth_new(synth_profile("6.1"));
	k = unit_open(s);
	out = unit_run(k, "-j addr zz\xff\xfe");
	assert_json(out);
	free(out);
	out = unit_run(k, "-j nosuch\xc3");
	assert_json(out);
	assert_non_null(strstr(out, "unknown subcommand"));
	free(out);
	mm_kernel_close(k);
	synth_free(s);
}

/* Text tables against a reference built with printf: numbers are written by hand (32-bit
 * fast paths, two digits a step) and lines are put together eight bytes at a time, running
 * past each cell into what follows. Values at every digit boundary, strings of every length
 * from 0 to 40, tables ending in a left- and in a right-aligned column, indented and not. */
struct ref_table {
	char cell[300][4][48];
	size_t width[4];
	int nrows;
};

static void ref_cell(struct ref_table *r, int c, const char *text)
{
	snprintf(r->cell[r->nrows][c], sizeof(r->cell[0][0]), "%s", text);
	if (strlen(text) > r->width[c])
		r->width[c] = strlen(text);
}

static void check_table(int last_right, int indent_depth, int by_row)
{
	static const uint64_t edge[] = { 0, 1, 9, 10, 15, 16, 99, 100, 255, 256, 999, 1000, 4095, 4096,
					 65535, 65536, 999999, 1000000, 16777215, 16777216,
					 99999999, 100000000, 268435455, 268435456, 999999999,
					 1000000000, 4294967295u, 4294967296ull, 0xfedcba9876543210ull,
					 UINT64_MAX };
	static const char *const head[4] = { "ADDRESS", "COUNT", "NAME", "LAST" };
	struct mm_col cols[4] = {
		{ "a", head[0], MM_COL_HEX }, { "b", head[1], MM_COL_U64 },
		{ "c", head[2], MM_COL_STR }, { "d", head[3], last_right ? MM_COL_U64 : MM_COL_STR },
	};
	struct ref_table *r = calloc(1, sizeof(*r));
	char *buf = NULL, *want = NULL, t[64], name[48];
	size_t len = 0, wlen = 0;
	FILE *m = open_memstream(&buf, &len), *w = open_memstream(&want, &wlen);
	struct mm_out *o = mm_out_new(m, MM_FMT_TEXT);
	uint32_t seed = 12345;
	int pad = 2 * indent_depth;

	assert_non_null(r);
	mm_out_begin(o, "table");
	for (int d = 0; d < indent_depth; d++)
		mm_out_section(o, NULL, NULL);
	mm_out_table(o, "rows", cols, 4);
	for (int c = 0; c < 4; c++)
		r->width[c] = strlen(head[c]);
	for (int i = 0; i < 300; i++, r->nrows++) {
		uint64_t a = edge[i % 30], b = edge[(i * 7 + 3) % 30];
		size_t nlen;

		seed = seed * 1103515245u + 12345u;
		nlen = (seed >> 16) % 41;
		for (size_t j = 0; j < nlen; j++)
			name[j] = (char)('a' + (j + (size_t)i) % 26);
		name[nlen] = 0;
		if (by_row) { /* the same cells through mm_out_row */
			const char *last = i % 5 ? name + nlen / 2 : "x";
			struct mm_cell row[4] = { mm_cell_hex(a), mm_cell_u64(b), mm_cell_strn(name, nlen),
						  last_right ? mm_cell_u64(a) : mm_cell_strn(last, strlen(last)) };
			mm_out_row(o, row, 4);
		}
		if (!by_row)
			mm_out_cell_hex(o, a);
		snprintf(t, sizeof(t), "%llx", (unsigned long long)a);
		ref_cell(r, 0, t);
		if (!by_row)
			mm_out_cell_u64(o, b);
		snprintf(t, sizeof(t), "%llu", (unsigned long long)b);
		ref_cell(r, 1, t);
		if (!by_row)
			mm_out_cell_str(o, name);
		ref_cell(r, 2, nlen ? name : "-");
		if (last_right) {
			if (!by_row)
				mm_out_cell_u64(o, a);
			snprintf(t, sizeof(t), "%llu", (unsigned long long)a);
		} else {
			if (!by_row)
				mm_out_cell_str(o, i % 5 ? name + nlen / 2 : "x");
			snprintf(t, sizeof(t), "%s", i % 5 ? (name[nlen / 2] ? name + nlen / 2 : "-") : "x");
		}
		ref_cell(r, 3, t);
		if (!by_row)
			mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_finish(o);
	fclose(m);
	for (int i = -1; i < r->nrows; i++) {
		const char *c0 = i < 0 ? head[0] : r->cell[i][0], *c1 = i < 0 ? head[1] : r->cell[i][1];
		const char *c2 = i < 0 ? head[2] : r->cell[i][2], *c3 = i < 0 ? head[3] : r->cell[i][3];
		fprintf(w, "%*s%-*s  %*s  %-*s  ", pad, "", (int)r->width[0], c0, (int)r->width[1], c1,
			(int)r->width[2], c2);
		if (last_right)
			fprintf(w, "%*s\n", (int)r->width[3], c3);
		else
			fprintf(w, "%s\n", c3);
	}
	fclose(w);
	assert_string_equal(buf, want);
	free(buf);
	free(want);
	free(r);
}

static void test_table_text_exact(void **state)
{
	(void)state;
	for (int by_row = 0; by_row < 2; by_row++) {
		check_table(0, 0, by_row);
		check_table(1, 0, by_row);
		check_table(0, 2, by_row);
		check_table(1, 1, by_row);
	}
}

/* The rows of one table, given cell by cell or whole (mm_out_row): the same document. */
static char *rows_doc(enum mm_fmt fmt, int by_row)
{
	static const struct mm_col cols[] = { { "a", "A", MM_COL_HEX }, { "s", "S", MM_COL_STR },
					      { "n", "N", MM_COL_U64 } };
	static char longs[5000];
	struct mm_cell rows[][4] = {
		{ mm_cell_hex(0xc0001000), mm_cell_strn("vmalloc,ioremap", 7), mm_cell_u64(12) },
		{ mm_cell_null(), mm_cell_strn("", 0), mm_cell_null() },
		{ mm_cell_hex(UINT64_MAX), mm_cell_strn(longs, sizeof(longs)), mm_cell_u64(UINT64_MAX) },
		{ mm_cell_hex(1), mm_cell_strn("a\"b", 3), mm_cell_u64(0), mm_cell_u64(99) }, /* 4 > 3 */
		{ mm_cell_hex(2) }, /* short: the rest empty */
	};
	const int n[] = { 3, 3, 3, 4, 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct mm_out *o = mm_out_new(m, fmt);

	memset(longs, 'z', sizeof(longs));
	mm_out_begin(o, "rows");
	mm_out_table(o, "rows", cols, 3);
	for (size_t r = 0; r < sizeof(n) / sizeof(n[0]); r++) {
		if (by_row) {
			mm_out_row(o, rows[r], n[r]);
			continue;
		}
		for (int c = 0; c < n[r]; c++) {
			const struct mm_cell *cl = &rows[r][c];
			if (cl->kind == MM_CELL_HEX)
				mm_out_cell_hex(o, cl->v);
			else if (cl->kind == MM_CELL_U64)
				mm_out_cell_u64(o, cl->v);
			else if (cl->kind == MM_CELL_STRN)
				mm_out_cell_strn(o, cl->s, cl->len);
			else
				mm_out_cell_null(o);
		}
		mm_out_row_end(o);
	}
	mm_out_table_end(o);
	mm_out_finish(o);
	fclose(m);
	return buf;
}

static void test_row_as_cells(void **state)
{
	(void)state;
	for (int f = MM_FMT_TEXT; f <= MM_FMT_JSON; f++) {
		char *cells = rows_doc((enum mm_fmt)f, 0), *row = rows_doc((enum mm_fmt)f, 1);
		assert_string_equal(row, cells);
		if (f == MM_FMT_TEXT) {
			/* A is 16 wide (UINT64_MAX), S 4096: a null and an empty string are "-" */
			assert_non_null(strstr(cells, "\nc0001000          vmalloc "));
			assert_non_null(strstr(cells, "\n-                 - "));
			assert_non_null(strstr(cells, "\n1                 a\"b "));
			assert_int_equal(strspn(strstr(cells, "zzz"), "z"), 4096); /* cut to MAX_CELL */
		} else
			assert_json(cells);
		free(cells);
		free(row);
	}
}

/* A string cell of a known length: the bytes before len, no further; empty is "-" in text. */
static void test_cell_strn(void **state)
{
	static const struct mm_col cols[] = { { "s", "S", MM_COL_STR }, { "n", "N", MM_COL_U64 } };
	const enum mm_fmt fmts[] = { MM_FMT_TEXT, MM_FMT_JSON };

	(void)state;
	for (int f = 0; f < 2; f++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		struct mm_out *o = mm_out_new(m, fmts[f]);

		mm_out_begin(o, "strn");
		mm_out_table(o, "rows", cols, 2);
		mm_out_cell_strn(o, "vmalloc,ioremap", 7);
		mm_out_cell_u64(o, 1);
		mm_out_row_end(o);
		mm_out_cell_strn(o, "", 0);
		mm_out_cell_u64(o, 2);
		mm_out_row_end(o);
		mm_out_table_end(o);
		mm_out_finish(o);
		fclose(m);
		if (fmts[f] == MM_FMT_TEXT) {
			assert_string_equal(buf, "S        N\nvmalloc  1\n-        2\n");
		} else {
			assert_json(buf);
			assert_non_null(strstr(buf, "{\"s\":\"vmalloc\",\"n\":1},{\"s\":\"\",\"n\":2}"));
		}
		free(buf);
	}
}

static void test_parse(void **state)
{
	uint64_t v;
	(void)state;
	assert_int_equal(mm_parse_size("4096", &v), 0);
	assert_true(v == 4096);
	assert_int_equal(mm_parse_size("0x1000", &v), 0);
	assert_true(v == 4096);
	assert_int_equal(mm_parse_size("12M", &v), 0);
	assert_true(v == 12 << 20);
	assert_int_equal(mm_parse_size("1g", &v), 0);
	assert_true(v == 1ULL << 30);
	assert_int_equal(mm_parse_size("12Q", &v), -1);
	assert_int_equal(mm_parse_size("", &v), -1);
}

UNIT_GROUP(report,
	   cmocka_unit_test(test_text),
	   cmocka_unit_test(test_json),
	   cmocka_unit_test(test_json_check),
	   cmocka_unit_test(test_json_hostile_bytes),
	   cmocka_unit_test(test_table_text_exact),
	   cmocka_unit_test(test_cell_strn),
	   cmocka_unit_test(test_row_as_cells),
	   cmocka_unit_test(test_parse))
