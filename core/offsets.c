#include "offsets.h"
#include <stddef.h>

const struct mm_offset_entry mm_offset_entries[] = {
#define MM_SIZE(t) { #t, NULL, 0, offsetof(struct mm_offsets, t##_size), -1 },
#define MM_OFF(t, m) { #t, #m, 0, offsetof(struct mm_offsets, t##_##m), -1 },
#define MM_MSIZE(t, m) { #t, #m, 1, offsetof(struct mm_offsets, t##_##m##_msize), -1 },
#define MM_OFF_AS(f, t, m) { #t, #m, 0, offsetof(struct mm_offsets, f), -1 },
#define MM_SIZE_AS(f, t) { #t, NULL, 0, offsetof(struct mm_offsets, f), -1 },
#define MM_OFF_IF(t, m, g) { #t, #m, 0, offsetof(struct mm_offsets, t##_##m), offsetof(struct mm_offsets, g) },
#include "offsets/all.def"
#undef MM_SIZE
#undef MM_OFF
#undef MM_MSIZE
#undef MM_OFF_AS
#undef MM_SIZE_AS
#undef MM_OFF_IF
};
const int mm_offset_nentries = sizeof(mm_offset_entries) / sizeof(mm_offset_entries[0]);
