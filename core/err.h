/* Errors that say what failed: every fallible core call fills one and returns its code. */
#ifndef MM_ERR_H
#define MM_ERR_H
#include <stdarg.h>

enum mm_status {
	MM_OK = 0,
	MM_EREAD = -1,     /* memory could not be read */
	MM_EABSENT = -2,   /* symbol, member or type absent from this kernel */
	MM_ECORRUPT = -3,  /* data read but impossible: cycle, wild pointer, bad count */
	MM_EUNMAPPED = -4, /* address not mapped (page-table walk ended) */
	MM_EINVAL = -5,    /* bad user input */
	MM_ENOMEM = -6,
	MM_EUNSUPPORTED = -7, /* kernel generation or configuration not handled */
	MM_ELIMIT = -8,    /* a bound was reached before the walk finished */
	MM_EEXCLUDED = -9, /* RAM the dump left out (filtered page), unlike MM_EREAD: not in the dump */
};

struct mm_err {
	int code;
	char msg[256];
};

/* Records code and message (printf-style) in err (may be NULL); returns code. */
int mm_err_set(struct mm_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefixes context to an existing message: "walking vmap_area_list: " + msg. */
int mm_err_wrap(struct mm_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empties err: code and message, not the whole buffer (what `= { 0 }` clears: 260 bytes per
 * call in loops that run once per slab or struct page). */
static inline void mm_err_clear(struct mm_err *err)
{
	if (err) {
		err->code = MM_OK;
		err->msg[0] = 0;
	}
}
const char *mm_status_name(int code);

#endif
