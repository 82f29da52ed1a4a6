#include "gdb_text.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

long gdb_parse_enum(char *text, void (*fn)(void *, const char *, long), void *arg)
{
	char *open = strchr(text, '{'), *close = strrchr(text, '}'), *save = NULL, *tok;
	long next = 0, n = 0;

	if (!open || !close || close < open)
		return -1;
	*close = 0;
	for (tok = strtok_r(open + 1, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char name[128], *eq;
		long value = next;
		while (*tok == ' ' || *tok == '\n' || *tok == '\t')
			tok++;
		eq = strstr(tok, " = ");
		if (eq) {
			char *end;
			value = strtol(eq + 3, &end, 0);
			if (end == eq + 3)
				return -1;
			*eq = 0;
		}
		if (sscanf(tok, "%127[A-Za-z0-9_]", name) != 1)
			return -1;
		fn(arg, name, value);
		next = value + 1;
		n++;
	}
	return n;
}

/* ---- ptype /o
 * Each line starts with a comment: "/ *  OFF[: BIT]  |  SIZE * /" for a member of a struct,
 * "/ *  SIZE * /" for a member of a union (its offset is the union's), "/ * XXX ... * /" for
 * holes and padding, "/ * total size (bytes): N * /" before the "}" that ends a type. A line
 * ending in "{" opens a nested struct or union, closed by "} NAME;" (a named member, whose
 * inner members are not the outer type's) or "};" (anonymous: its members are). */

#define MAX_DEPTH 64
#define MAX_MEMBERS 4096

struct member {
	char name[64];
	long off, size;
};

struct frame {
	int first;     /* index of its first member in the flat list */
	long base;     /* its offset: the offset of a member of a union printed without one */
	long size;     /* as a member (an array: all of it) */
	long total;    /* its "total size" line (an array: one element) */
};

static char *trim(char *s)
{
	char *e;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* The member name of a declaration: "unsigned int inuse : 16;", "long x[4][2];",
 * "void (*ctor)(void *);", "} lru;" -> inuse, x, ctor, lru. 0, or -1 (none: anonymous). */
static int decl_name(const char *decl, char *name, size_t len)
{
	char buf[512], *p, *e;
	size_t n;

	snprintf(buf, sizeof(buf), "%s", decl);
	p = strchr(buf, ';');
	if (p)
		*p = 0;
	if ((p = strstr(buf, "(*"))) { /* a function pointer: (*NAME)(...) */
		p += 2;
		e = strchr(p, ')');
		if (!e)
			return -1;
		*e = 0;
	} else {
		e = buf + strlen(buf);
		/* a bit-field width ": N", then array dimensions "[N]..." */
		p = strrchr(buf, ':');
		if (p && !strchr(p, ']'))
			*(e = p) = 0;
		while (e > buf && isspace((unsigned char)e[-1]))
			*--e = 0;
		while (e > buf && e[-1] == ']') {
			char *o = strrchr(buf, '[');
			if (!o)
				return -1;
			*(e = o) = 0;
			while (e > buf && isspace((unsigned char)e[-1]))
				*--e = 0;
		}
		p = e;
		while (p > buf && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			p--;
	}
	n = strlen(p);
	if (!n || n >= len || (!isalpha((unsigned char)*p) && *p != '_'))
		return -1;
	memcpy(name, p, n + 1);
	return 0;
}

/* The leading comment of a line: 1 with *off (or -1 when only the size is shown) and *size,
 * 0 for a comment that is no member (hole, padding, total size), -1 for no comment. *rest:
 * what follows it. */
static int line_comment(char *line, long *off, long *size, char **rest)
{
	char *c = trim(line), *end, *bar;

	if (strncmp(c, "/*", 2))
		return -1;
	end = strstr(c, "*/");
	if (!end)
		return -1;
	*end = 0;
	*rest = trim(end + 2);
	c += 2;
	if (strstr(c, "XXX") || strstr(c, "offset") || strstr(c, "total size"))
		return 0;
	bar = strchr(c, '|');
	if (bar) {
		*bar = 0;
		*off = strtol(c, NULL, 10); /* "20: 7" -> 20 (the bit is left out) */
		*size = strtol(bar + 1, NULL, 10);
	} else {
		*off = -1;
		*size = strtol(c, NULL, 10);
	}
	return 1;
}

static long total_size(const char *line)
{
	const char *p = strstr(line, "total size (bytes):");
	return p ? strtol(p + strlen("total size (bytes):"), NULL, 10) : -1;
}

long gdb_parse_ptype_offsets(char *text, void (*fn)(void *, const char *, long, long), void *arg)
{
	struct frame fr[MAX_DEPTH];
	struct member *m = calloc(MAX_MEMBERS, sizeof(*m));
	int depth = 0, n = 0;
	long total = -1;
	char *save = NULL, *line;

	if (!m)
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		long off, size;
		char *rest = NULL, *t;
		int kind;

		if (depth == 0) { /* the header: "/ * offset | size * /  type = struct X {" */
			if (strstr(line, "type = ") && line[strlen(line) - 1] == '{') {
				fr[0] = (struct frame){ 0, 0, -1, -1 };
				depth = 1;
			}
			continue;
		}
		if (strstr(line, "total size (bytes):")) {
			fr[depth - 1].total = total_size(line);
			continue;
		}
		t = trim(line);
		if (*t == '}') { /* the end of a nested type, or of the listing */
			struct frame *f = &fr[--depth];
			char name[64];
			if (depth == 0) {
				total = f->total;
				break;
			}
			if (!decl_name(t + 1, name, sizeof(name))) {
				n = f->first; /* a named member: its insides are not ours */
				if (n >= MAX_MEMBERS)
					goto bad;
				{
					snprintf(m[n].name, sizeof(m[n].name), "%s", name);
					m[n].off = f->base;
					m[n++].size = f->size;
				}
			}
			continue; /* anonymous: its members stay, as the parent's */
		}
		kind = line_comment(t, &off, &size, &rest);
		if (kind <= 0)
			continue;
		if (off < 0)
			off = fr[depth - 1].base;
		if (rest[0] && rest[strlen(rest) - 1] == '{') {
			if (depth >= MAX_DEPTH)
				goto bad;
			fr[depth++] = (struct frame){ n, off, size, -1 };
			continue;
		}
		if (n >= MAX_MEMBERS)
			goto bad; /* a member left out would read as absent */
		if (!decl_name(rest, m[n].name, sizeof(m[n].name))) {
			m[n].off = off;
			m[n++].size = size;
		}
	}
	if (total < 0)
		goto bad;
	for (int i = 0; i < n; i++)
		fn(arg, m[i].name, m[i].off, m[i].size);
	free(m);
	return total;
bad:
	free(m);
	return -1;
}
