#define _GNU_SOURCE
#include "cmd.h"
#include "read.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define SUBCMD(n, s)                                                                   \
	extern int mm_cmd_##n(struct mm_kernel *, struct mm_out *, int, char **)      \
		__attribute__((weak));                                                 \
	extern const char *const mm_help_##n[] __attribute__((weak));
#include "subcmds.def"
#undef SUBCMD

const struct mm_subcmd mm_subcmds[] = {
#define SUBCMD(n, s) { #n, mm_cmd_##n, mm_help_##n, s },
#include "subcmds.def"
#undef SUBCMD
};
const int mm_nsubcmds = sizeof(mm_subcmds) / sizeof(mm_subcmds[0]);

void mm_argp_init(struct mm_argp *a, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->argc = argc;
	a->argv = argv;
	a->i = 1;
}

int mm_getopt(struct mm_argp *a, const char *shortopts, const struct mm_longopt *longopts)
{
	const char *s;

	if (a->i >= a->argc)
		return MM_ARG_END;
	s = a->argv[a->i++];
	a->arg = NULL;
	if (s[0] != '-' || !s[1] || (isdigit((unsigned char)s[1]))) {
		a->arg = s;
		return MM_ARG_POS;
	}
	if (s[1] == '-') {
		const char *name = s + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		for (const struct mm_longopt *l = longopts; l && l->name; l++) {
			if (strlen(l->name) != len || strncmp(l->name, name, len))
				continue;
			if (l->has_arg) {
				if (eq)
					a->arg = eq + 1;
				else if (a->i < a->argc)
					a->arg = a->argv[a->i++];
				else {
					snprintf(a->err, sizeof(a->err), "option --%s needs a value", l->name);
					return MM_ARG_BAD;
				}
			}
			return l->val;
		}
		snprintf(a->err, sizeof(a->err), "unknown option %s", s);
		return MM_ARG_BAD;
	}
	if (s[2] == 0) {
		const char *p = strchr(shortopts, s[1]);
		if (p && s[1] != ':') {
			if (p[1] == ':') {
				if (a->i >= a->argc) {
					snprintf(a->err, sizeof(a->err), "option -%c needs a value", s[1]);
					return MM_ARG_BAD;
				}
				a->arg = a->argv[a->i++];
			}
			return s[1];
		}
	}
	snprintf(a->err, sizeof(a->err), "unknown option %s", s);
	return MM_ARG_BAD;
}

int mm_parse_size(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !*s)
		return -1;
	x = strtoull(s, &end, 0);
	if (end == s)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': x <<= 10; end++; break;
	case 'M': x <<= 20; end++; break;
	case 'G': x <<= 30; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	*v = x;
	return 0;
}

int mm_parse_addr(struct mm_kernel *k, const char *s, uint64_t *v, struct mm_err *err)
{
	char name[128], *end;
	const char *plus;
	uint64_t base, off = 0;

	if (!s || !*s)
		return mm_err_set(err, MM_EINVAL, "empty address");
	base = strtoull(s, &end, 16);
	if (end != s && *end == 0) {
		*v = base;
		return MM_OK;
	}
	plus = strchr(s, '+');
	snprintf(name, sizeof(name), "%.*s", plus ? (int)(plus - s) : (int)strlen(s), s);
	if (plus) {
		off = strtoull(plus + 1, &end, 0);
		if (end == plus + 1 || *end)
			return mm_err_set(err, MM_EINVAL, "bad offset in \"%s\"", s);
	}
	base = strtoull(name, &end, 16);
	if ((end == name || *end) && mm_symbol(k, name, &base, NULL))
		return mm_err_set(err, MM_EINVAL, "\"%s\" is neither a hex address nor a symbol", s);
	*v = base + off;
	return MM_OK;
}

static const struct mm_subcmd *find_subcmd(const char *name)
{
	for (int i = 0; i < mm_nsubcmds; i++)
		if (!strcmp(mm_subcmds[i].name, name))
			return &mm_subcmds[i];
	return NULL;
}

static void print_usage(FILE *fp)
{
	fprintf(fp, "usage: mmview [-j] SUBCOMMAND [options]   (help mmview for details)\n");
	for (int i = 0; i < mm_nsubcmds; i++)
		if (mm_subcmds[i].fn)
			fprintf(fp, "  %-8s %s\n", mm_subcmds[i].name, mm_subcmds[i].summary);
}

static int run_command(struct mm_kernel *k, FILE *fp, enum mm_fmt fmt, int n, char **args)
{
	const struct mm_subcmd *sc;
	struct mm_out *o;
	int rc;

	if (n == 0 || !strcmp(args[0], "help") || !strcmp(args[0], "-h")) {
		print_usage(fp);
		return n == 0;
	}
	sc = find_subcmd(args[0]);
	if (!sc || !sc->fn) {
		struct mm_err e = { MM_EINVAL, "" };
		if (fmt == MM_FMT_TEXT) {
			if (sc)
				fprintf(fp, "mmview: %s: not available in this build\n", sc->name);
			else {
				fprintf(fp, "mmview: unknown subcommand \"%s\"\n", args[0]);
				print_usage(fp);
			}
			return 1;
		}
		/* -j asks for one JSON document whatever happens */
		if (!(o = mm_out_new(fp, fmt)))
			return 1;
		mm_out_begin(o, sc ? sc->name : args[0]);
		if (sc)
			mm_err_set(&e, MM_EUNSUPPORTED, "not available in this build");
		else
			mm_err_set(&e, MM_EINVAL, "unknown subcommand \"%.200s\"", args[0]);
		mm_out_error(o, "mmview", &e);
		mm_out_finish(o);
		return 1;
	}
	o = mm_out_new(fp, fmt);
	if (!o)
		return 1;
	mm_out_begin(o, sc->name);
	mm_read_cache_begin(k); /* the dump does not change during one command */
	rc = sc->fn(k, o, n, args);
	mm_read_cache_end(k);
	mm_out_finish(o);
	return rc;
}

int mm_command(struct mm_kernel *k, FILE *fp, int argc, char **argv)
{
	enum mm_fmt fmt = MM_FMT_TEXT;
	char **args = calloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof(*args)); /* every word kept */
	int n = 0, rc;

	if (!args) {
		fprintf(fp, "mmview: out of memory\n");
		return 1;
	}
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			fmt = MM_FMT_JSON;
		else
			args[n++] = argv[i];
	}
	args[n] = NULL;
	rc = run_command(k, fp, fmt, n, args);
	free(args);
	return rc;
}

const char *const *mm_help_lines(void)
{
	static const char **lines;
	size_t n = 0, cap = 64;

	if (lines)
		return lines;
	lines = malloc(cap * sizeof(*lines));
	if (!lines)
		return NULL;
#define ADD(s)                                                   \
	do {                                                     \
		if (n + 2 > cap) {                               \
			const char **nl = realloc(lines, (cap *= 2) * sizeof(*lines)); \
			if (!nl)                                 \
				goto done;                       \
			lines = nl;                              \
		}                                                \
		lines[n++] = (s);                                \
	} while (0)
	ADD("  Inspects a 32-bit ARM kernel's memory from the dump: where an address belongs and");
	ADD("  what owns it, the virtual layout, vmalloc space, the page allocator and the slabs.");
	ADD("  Every subcommand takes -j for JSON output (addresses as \"0x...\" strings).");
	ADD("");
	for (int i = 0; i < mm_nsubcmds; i++) {
		const char *const *h = mm_subcmds[i].help;
		char *title;
		if (!mm_subcmds[i].fn)
			continue;
		/* "  synopsis" then the summary, as a heading for the subcommand's own lines */
		if (asprintf(&title, "  %s\n      %s", h && h[0] ? h[0] : mm_subcmds[i].name,
			     mm_subcmds[i].summary) < 0)
			goto done;
		ADD(title);
		for (int j = 1; h && h[j]; j++)
			ADD(h[j]);
		ADD("");
	}
done:
	lines[n] = NULL;
	return lines;
#undef ADD
}
