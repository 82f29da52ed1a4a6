#include "copy.h"
#include <string.h>

void mm_copy_long(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len);
}
