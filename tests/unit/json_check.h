/* A strict JSON validator (RFC 8259, UTF-8 per RFC 3629) for what `mmview -j` prints: used
 * by the unit tests and the fuzz target on every JSON output. */
#ifndef JSON_CHECK_H
#define JSON_CHECK_H
#include <stddef.h>

/* 0 if buf[0..len) is exactly one JSON value (surrounding whitespace allowed); else -1 with
 * a message naming the byte offset and what was wrong in why. */
int json_check(const char *buf, size_t len, char *why, size_t whylen);

#endif
