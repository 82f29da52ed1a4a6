/* The private, version-adaptive offset table (crash-gcore style): every struct size, member
 * offset and member size a walker uses, resolved once per dump; -1 records "absent in this
 * kernel". Each subsystem lists its entries in its own core/offsets/NAME.def:
 *   MM_SIZE(type)          -> off.type_size       (sizeof(struct type))
 *   MM_OFF(type, member)   -> off.type_member     (offsetof)
 *   MM_MSIZE(type, member) -> off.type_member_msize
 *   MM_OFF_AS(field, type, member) -> off.field  (when type_member would collide with
 *                                                 type_size: a member named "size")
 *   MM_SIZE_AS(field, type)        -> off.field  (likewise, for the struct size)
 *   MM_OFF_IF(type, member, gate)  -> off.type_member, asked only when off.gate (an entry
 *                                     listed before it) was found: a struct only some
 *                                     generations have, told by a member or struct they
 *                                     alone have. Asking crash's gdb for a struct the kernel
 *                                     lacks searches every compilation unit (~0.4 s each).
 */
#ifndef MM_OFFSETS_H
#define MM_OFFSETS_H

struct mm_offsets {
#define MM_SIZE(t) long t##_size;
#define MM_OFF(t, m) long t##_##m;
#define MM_MSIZE(t, m) long t##_##m##_msize;
#define MM_OFF_AS(f, t, m) long f;
#define MM_SIZE_AS(f, t) long f;
#define MM_OFF_IF(t, m, g) long t##_##m;
#include "offsets/all.def"
#undef MM_SIZE
#undef MM_OFF
#undef MM_MSIZE
#undef MM_OFF_AS
#undef MM_SIZE_AS
#undef MM_OFF_IF
};

struct mm_offset_entry {
	const char *type;
	const char *member; /* NULL for a struct size */
	int is_size;        /* member size rather than offset */
	unsigned long field; /* offsetof(struct mm_offsets, ...) */
	long gate;           /* offsetof the entry that must be found first, or -1 */
};
extern const struct mm_offset_entry mm_offset_entries[];
extern const int mm_offset_nentries;

#endif
