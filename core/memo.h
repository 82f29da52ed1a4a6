/* Answers of debug-info questions, remembered for the run and kept across runs in a cache file
 * keyed by the vmlinux build-id, one file for both front ends (the standalone program and the
 * crash extension, 64- and 32-bit hosts alike): a second run over the same vmlinux asks its
 * debug info nothing. Core/model_cache.c puts it in front of a target. */
#ifndef MM_MEMO_H
#define MM_MEMO_H
#include <stddef.h>

#define MM_MEMO_ABSENT (-0x7fffffffffffffffLL - 1) /* LLONG_MIN: "no such thing" is an answer too */

struct mm_memo;

struct mm_memo *mm_memo_new(void);
void mm_memo_free(struct mm_memo *m);
/* 0 and *value (possibly MM_MEMO_ABSENT), or -1 when the question was never answered. */
int mm_memo_get(const struct mm_memo *m, const char *key, long long *value);
/* Text answers (enum member lists "A=0,B=1"): the text, or NULL. */
const char *mm_memo_get_text(const struct mm_memo *m, const char *key);
void mm_memo_put(struct mm_memo *m, const char *key, long long value);
void mm_memo_put_text(struct mm_memo *m, const char *key, const char *text);
/* Whether answers were added since load or save (the cache file is then rewritten). */
int mm_memo_dirty(const struct mm_memo *m);

/* The cache file of a build-id: ${XDG_CACHE_HOME:-~/.cache}/mmview/model-BUILDID.memo, or -1. */
int mm_memo_cache_path(const char *build_id, char *buf, size_t len);
/* Loads a cache file; a missing, foreign (another build-id or version) or malformed file is
 * ignored whole (returns -1, memo untouched). */
int mm_memo_load(struct mm_memo *m, const char *path, const char *build_id);
/* Writes atomically (temporary file, rename); the memo is then clean. 0, or -1. */
int mm_memo_save(struct mm_memo *m, const char *path, const char *build_id);

#endif
