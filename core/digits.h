/* Numbers written by hand, for the report's tables and symbol names. */
#ifndef MM_DIGITS_H
#define MM_DIGITS_H
#include <stddef.h>
#include <stdint.h>

/* Numbers by hand: a 12,000-row table spent most of its time in snprintf. Each writes the
 * digits of v ending just before end and returns where they start. Values that fit 32 bits
 * (nearly all of them) take 32-bit arithmetic: on the 32-bit host crash runs on, each 64-bit
 * shift or division is several instructions or a library call. Two digits a step, from
 * tables of every pair: "00" to "ff" and "00" to "99". */
extern const char mm_hex_pairs[513], mm_dec_pairs[201];

static inline __attribute__((always_inline)) char *mm_hex_before(char *end, uint64_t v)
{
	if (v <= UINT32_MAX) {
		uint32_t w = (uint32_t)v;
		for (; w > 0xff; w >>= 8) {
			end -= 2;
			__builtin_memcpy(end, mm_hex_pairs + 2 * (w & 0xff), 2);
		}
		if (w > 0xf) {
			end -= 2;
			__builtin_memcpy(end, mm_hex_pairs + 2 * w, 2);
		} else {
			*--end = mm_hex_pairs[2 * w + 1];
		}
		return end;
	}
	do {
		*--end = mm_hex_pairs[2 * (v & 15) + 1];
		v >>= 4;
	} while (v);
	return end;
}

static inline __attribute__((always_inline)) char *mm_dec_before(char *end, uint64_t v)
{
	if (v <= UINT32_MAX) {
		uint32_t w = (uint32_t)v;
		while (w >= 100) {
			uint32_t q = w / 100;
			end -= 2;
			__builtin_memcpy(end, mm_dec_pairs + 2 * (w - q * 100), 2);
			w = q;
		}
		if (w >= 10) {
			end -= 2;
			__builtin_memcpy(end, mm_dec_pairs + 2 * w, 2);
		} else {
			*--end = (char)('0' + w);
		}
		return end;
	}
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* Digits of v in base 16 and 10: a number's room is known before it is written. */
static inline __attribute__((always_inline)) size_t mm_hex_digits(uint64_t v)
{
	if (v <= UINT32_MAX)
		return (size_t)(32 - __builtin_clz((uint32_t)v | 1) + 3) / 4;
	return (size_t)(64 - __builtin_clzll(v) + 3) / 4;
}

static inline __attribute__((always_inline)) size_t mm_dec_digits(uint64_t v)
{
	size_t n = 1;

	if (v <= UINT32_MAX) {
		uint32_t w = (uint32_t)v;
		return n + (w >= 10) + (w >= 100) + (w >= 1000) + (w >= 10000) + (w >= 100000) +
		       (w >= 1000000) + (w >= 10000000) + (w >= 100000000) + (w >= 1000000000);
	}
	for (; v >= 10000; v /= 10000)
		n += 4;
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

#endif
