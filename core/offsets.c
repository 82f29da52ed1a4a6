#include "offsets.h"
#include <stddef.h>

const struct mm_offset_entry mm_offset_entries[] = {
#define MM_SIZE(t) { #t, NULL, 0, offsetof(struct mm_offsets, t##_size) },
#define MM_OFF(t, m) { #t, #m, 0, offsetof(struct mm_offsets, t##_##m) },
#define MM_MSIZE(t, m) { #t, #m, 1, offsetof(struct mm_offsets, t##_##m##_msize) },
#define MM_OFF_AS(f, t, m) { #t, #m, 0, offsetof(struct mm_offsets, f) },
#define MM_SIZE_AS(f, t) { #t, NULL, 0, offsetof(struct mm_offsets, f) },
#include "offsets/all.def"
#undef MM_SIZE
#undef MM_OFF
#undef MM_MSIZE
#undef MM_OFF_AS
#undef MM_SIZE_AS
};
const int mm_offset_nentries = sizeof(mm_offset_entries) / sizeof(mm_offset_entries[0]);
