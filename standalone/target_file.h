/* The target over files: a dump (standalone/dumpfile.c) and its vmlinux
 * (standalone/debuginfo.c); debug-info answers memoized and cached by build-id (mc). */
#ifndef MMS_TARGET_FILE_H
#define MMS_TARGET_FILE_H
#include "../core/target.h"
#include "dumpfile.h"
#include "debuginfo.h"
#include "../core/model_cache.h"

struct file_target {
	struct mm_target t;          /* the files themselves */
	struct mm_model_cache mc;    /* in front of t: give mc.t to the core */
	struct dumpfile dump;
	struct dbg *dbg;
};

/* Opens both files: 0, or -1 with a one-line reason. use_cache 0 skips the cache file. */
int file_target_open(struct file_target *ft, const char *vmlinux, const char *const *dumps, int ndumps,
		     int use_cache, char *msg, size_t msglen);
/* Writes the cache (when new answers were found) and closes. */
void file_target_close(struct file_target *ft);

#endif
