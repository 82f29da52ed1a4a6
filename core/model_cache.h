/* The kernel model's debug-info answers, remembered: a target in front of a front end's own
 * target that answers type_size, member_offset, member_size, enum_value, enum_members and
 * array_length from the memo (core/memo.h), asks the inner target only what the memo lacks,
 * and keeps the memo in the cache file of the vmlinux build-id, the same file for the
 * standalone program and the crash extension. Everything else goes straight to the inner
 * target. When the inner target can list a whole struct (struct_members), one question
 * answers every member of it. */
#ifndef MM_MODEL_CACHE_H
#define MM_MODEL_CACHE_H
#include "target.h"
#include "memo.h"
#include "elf_names.h"

struct mm_model_cache {
	struct mm_target t;             /* hand this one to mm_kernel_open */
	struct mm_target_ops ops;       /* t's: the optional ones only where the inner has them */
	struct mm_target *inner;
	struct mm_memo *memo;
	char path[4096];                /* the cache file, "" when none */
	char build_id[96];
	unsigned long questions;        /* debug-info questions the inner target was asked */
	double seconds;                 /* the time they took */
	struct { char key[80]; double seconds; } slowest[8]; /* for MMVIEW_STATS */
	struct { char kind[8]; unsigned long n; double seconds; } per_kind[8];
	/* Names the vmlinux's DWARF cannot hold (core/elf_names.c), read on the first question
	 * when names_path is set: a type, member or enumerator absent from .debug_str is absent
	 * without asking (an absent name is the costliest question under crash). */
	char names_path[4096];
	struct mm_elf_names *names;
	int names_tried;
	unsigned long spared;           /* questions answered "absent" that way */
};

/* build_id: hex, or NULL/"" (then nothing is read or written); use_file 0: memo for this run
 * only. Loads the cache file when there is one. 0, or -1 (out of memory). */
int mm_model_cache_open(struct mm_model_cache *c, struct mm_target *inner, const char *build_id, int use_file);
/* Writes the cache file if answers were added since it was loaded or saved. 1 written, 0 not
 * needed, -1 failed. */
int mm_model_cache_save(struct mm_model_cache *c);
/* Whether answers were added since the cache file was loaded or saved. */
int mm_model_cache_dirty(const struct mm_model_cache *c);
void mm_model_cache_close(struct mm_model_cache *c);
/* One line: questions, their time, the slowest ones. */
void mm_model_cache_stats(const struct mm_model_cache *c, char *buf, size_t len);

/* Answer "absent" for names the vmlinux's .debug_str lacks (see names_path): for a target
 * whose absent answers are costly (crash). */
void mm_model_cache_names(struct mm_model_cache *c, const char *vmlinux);

#endif
