/* Short copies inline: under qemu-arm a call to the C library's memcpy or strlen goes through
 * the PLT and returns by an indirect jump, each a translation-block look-up that costs more
 * than copying or measuring a few dozen bytes (perf: a quarter of a listing in the look-ups). */
#ifndef MM_COPY_H
#define MM_COPY_H
#include <stddef.h>
#include <stdint.h>

#define MM_COPY_SHORT 64

/* memcpy out of line: inlined callers with a length the compiler cannot bound would otherwise
 * warn about the long branch they never take */
void mm_copy_long(void *dst, const void *src, size_t len);

static inline void mm_copy_short(void *dst, const void *src, size_t len)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (len > MM_COPY_SHORT) {
		mm_copy_long(dst, src, len);
		return;
	}
	for (; len >= 8; len -= 8, d += 8, s += 8) {
		uint64_t w;
		__builtin_memcpy(&w, s, 8); /* two loads and two stores (ARMv7 allows unaligned) */
		__builtin_memcpy(d, &w, 8);
	}
	if (len >= 4) {
		uint32_t w;
		__builtin_memcpy(&w, s, 4);
		__builtin_memcpy(d, &w, 4);
		len -= 4, d += 4, s += 4;
	}
	while (len--)
		*d++ = *s++;
}

static inline size_t mm_strlen_short(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

#endif
