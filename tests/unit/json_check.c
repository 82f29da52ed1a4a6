/* Strict JSON: one value, no trailing commas, no NaN, strings of well-formed UTF-8 without raw
 * control characters, escapes from the RFC's list only, nesting bounded. */
#include "json_check.h"
#include <stdio.h>
#include <string.h>

#define MAX_NEST 256

struct jc {
	const unsigned char *s;
	size_t len, i;
	char *why;
	size_t whylen;
	int failed;
};

static int bad(struct jc *j, const char *what)
{
	if (!j->failed)
		snprintf(j->why, j->whylen, "offset %zu: %s", j->i, what);
	j->failed = 1;
	return -1;
}

static int peek(const struct jc *j)
{
	return j->i < j->len ? j->s[j->i] : -1;
}

static void ws(struct jc *j)
{
	while (j->i < j->len && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
				 j->s[j->i] == '\r'))
		j->i++;
}

static int hex4(struct jc *j, unsigned *v)
{
	*v = 0;
	for (int k = 0; k < 4; k++, j->i++) {
		int c = peek(j);
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return bad(j, "bad \\u escape");
	}
	return 0;
}

static int utf8(struct jc *j)
{
	const unsigned char *s = j->s + j->i;
	size_t left = j->len - j->i, n;
	unsigned c = s[0];

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return bad(j, "byte not valid UTF-8");
	if (left < n)
		return bad(j, "UTF-8 sequence cut short");
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xc0) != 0x80)
			return bad(j, "UTF-8 sequence cut short");
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) || (c == 0xf0 && s[1] < 0x90) ||
	    (c == 0xf4 && s[1] >= 0x90))
		return bad(j, "overlong, surrogate or out-of-range UTF-8");
	j->i += n;
	return 0;
}

static int string(struct jc *j)
{
	j->i++; /* opening quote */
	for (;;) {
		int c = peek(j);
		unsigned u, lo;
		if (c < 0)
			return bad(j, "unterminated string");
		if (c == '"') {
			j->i++;
			return 0;
		}
		if (c < 0x20)
			return bad(j, "raw control character in string");
		if (c >= 0x80) {
			if (utf8(j))
				return -1;
			continue;
		}
		j->i++;
		if (c != '\\')
			continue;
		c = peek(j);
		if (c < 0 || !strchr("\"\\/bfnrtu", c))
			return bad(j, "bad escape");
		j->i++;
		if (c != 'u')
			continue;
		if (hex4(j, &u))
			return -1;
		if (u >= 0xdc00 && u <= 0xdfff)
			return bad(j, "lone low surrogate escape");
		if (u >= 0xd800 && u <= 0xdbff) {
			if (peek(j) != '\\' || j->i + 1 >= j->len || j->s[j->i + 1] != 'u')
				return bad(j, "high surrogate escape without its pair");
			j->i += 2;
			if (hex4(j, &lo))
				return -1;
			if (lo < 0xdc00 || lo > 0xdfff)
				return bad(j, "high surrogate escape without its pair");
		}
	}
}

static int digits(struct jc *j)
{
	size_t start = j->i;
	while (peek(j) >= '0' && peek(j) <= '9')
		j->i++;
	return j->i > start ? 0 : bad(j, "digit expected");
}

static int number(struct jc *j)
{
	if (peek(j) == '-')
		j->i++;
	if (peek(j) == '0')
		j->i++;
	else if (digits(j))
		return -1;
	if (peek(j) == '.') {
		j->i++;
		if (digits(j))
			return -1;
	}
	if (peek(j) == 'e' || peek(j) == 'E') {
		j->i++;
		if (peek(j) == '+' || peek(j) == '-')
			j->i++;
		if (digits(j))
			return -1;
	}
	return 0;
}

static int literal(struct jc *j, const char *word)
{
	size_t n = strlen(word);
	if (j->len - j->i < n || memcmp(j->s + j->i, word, n))
		return bad(j, "unknown literal");
	j->i += n;
	return 0;
}

static int value(struct jc *j, int depth);

static int container(struct jc *j, int depth, int object)
{
	char close = object ? '}' : ']';

	if (depth >= MAX_NEST)
		return bad(j, "nested too deep");
	j->i++;
	ws(j);
	if (peek(j) == close) {
		j->i++;
		return 0;
	}
	for (;;) {
		if (object) {
			if (peek(j) != '"')
				return bad(j, "object key expected");
			if (string(j))
				return -1;
			ws(j);
			if (peek(j) != ':')
				return bad(j, "':' expected");
			j->i++;
			ws(j);
		}
		if (value(j, depth + 1))
			return -1;
		ws(j);
		if (peek(j) == close) {
			j->i++;
			return 0;
		}
		if (peek(j) != ',')
			return bad(j, object ? "',' or '}' expected" : "',' or ']' expected");
		j->i++;
		ws(j);
	}
}

static int value(struct jc *j, int depth)
{
	int c = peek(j);

	switch (c) {
	case '{': return container(j, depth, 1);
	case '[': return container(j, depth, 0);
	case '"': return string(j);
	case 't': return literal(j, "true");
	case 'f': return literal(j, "false");
	case 'n': return literal(j, "null");
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return number(j);
		return bad(j, c < 0 ? "value expected, end of input" : "value expected");
	}
}

int json_check(const char *buf, size_t len, char *why, size_t whylen)
{
	struct jc j = { (const unsigned char *)buf, len, 0, why, whylen, 0 };
	char dummy[8];

	if (!why || !whylen)
		j.why = dummy, j.whylen = sizeof(dummy);
	ws(&j);
	if (value(&j, 0))
		return -1;
	ws(&j);
	if (j.i != len)
		return bad(&j, "text after the JSON value");
	return 0;
}
