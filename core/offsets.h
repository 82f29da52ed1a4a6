/* The private, version-adaptive offset table (crash-gcore style): every struct size, member
 * offset and member size a walker uses, resolved once per dump; -1 records "absent in this
 * kernel". Each subsystem lists its entries in its own core/offsets/NAME.def:
 *   MM_SIZE(type)          -> off.type_size       (sizeof(struct type))
 *   MM_OFF(type, member)   -> off.type_member     (offsetof)
 *   MM_MSIZE(type, member) -> off.type_member_msize
 *   MM_OFF_AS(field, type, member) -> off.field  (when type_member would collide with
 *                                                 type_size: a member named "size")
 *   MM_SIZE_AS(field, type)        -> off.field  (likewise, for the struct size)
 */
#ifndef MM_OFFSETS_H
#define MM_OFFSETS_H

struct mm_offsets {
#define MM_SIZE(t) long t##_size;
#define MM_OFF(t, m) long t##_##m;
#define MM_MSIZE(t, m) long t##_##m##_msize;
#define MM_OFF_AS(f, t, m) long f;
#define MM_SIZE_AS(f, t) long f;
#include "offsets/all.def"
#undef MM_SIZE
#undef MM_OFF
#undef MM_MSIZE
#undef MM_OFF_AS
#undef MM_SIZE_AS
};

struct mm_offset_entry {
	const char *type;
	const char *member; /* NULL for a struct size */
	int is_size;        /* member size rather than offset */
	unsigned long field; /* offsetof(struct mm_offsets, ...) */
};
extern const struct mm_offset_entry mm_offset_entries[];
extern const int mm_offset_nentries;

#endif
