#include "err.h"
#include <stdio.h>
#include <string.h>

int mm_err_set(struct mm_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int mm_err_wrap(struct mm_err *err, const char *fmt, ...)
{
	char prefix[128], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return MM_OK;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%.100s: %.150s", prefix, old);
	return err->code;
}


const char *mm_status_name(int code)
{
	switch (code) {
	case MM_OK: return "ok";
	case MM_EREAD: return "unreadable";
	case MM_EABSENT: return "absent";
	case MM_ECORRUPT: return "corrupt";
	case MM_EUNMAPPED: return "unmapped";
	case MM_EINVAL: return "invalid";
	case MM_ENOMEM: return "out of memory";
	case MM_EUNSUPPORTED: return "unsupported";
	case MM_ELIMIT: return "limit reached";
	case MM_EEXCLUDED: return "excluded";
	}
	return "error";
}
