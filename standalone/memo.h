/* Answers of debug-info questions, remembered for the run and kept across runs in a cache file
 * keyed by the vmlinux build-id: a second run over the same vmlinux asks libdw nothing. */
#ifndef MMS_MEMO_H
#define MMS_MEMO_H
#include <stddef.h>

#define MEMO_ABSENT (-0x7fffffffffffffffL - 1) /* LONG_MIN: "no such thing" is an answer too */

struct memo;

struct memo *memo_new(void);
void memo_free(struct memo *m);
/* 0 and *value (possibly MEMO_ABSENT), or -1 when the question was never answered. */
int memo_get(const struct memo *m, const char *key, long *value);
/* Text answers (enum member lists "A=0,B=1"): the text, or NULL. */
const char *memo_get_text(const struct memo *m, const char *key);
void memo_put(struct memo *m, const char *key, long value);
void memo_put_text(struct memo *m, const char *key, const char *text);
/* Whether answers were added since load (the cache file is then rewritten). */
int memo_dirty(const struct memo *m);

/* The cache file of a build-id: ${XDG_CACHE_HOME:-~/.cache}/mmview/model-BUILDID.memo, or -1. */
int memo_cache_path(const char *build_id, char *buf, size_t len);
/* Loads a cache file; a missing, foreign (another build-id or version) or malformed file is
 * ignored whole (returns -1, memo untouched). */
int memo_load(struct memo *m, const char *path, const char *build_id);
/* Writes atomically (temporary file, rename). 0, or -1. */
int memo_save(const struct memo *m, const char *path, const char *build_id);

#endif
