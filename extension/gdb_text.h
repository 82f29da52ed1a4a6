/* Decoders of the text crash's gdb prints, so that one query answers many questions. No crash
 * headers here: the unit tests run them natively on gdb's real output. */
#ifndef MM_GDB_TEXT_H
#define MM_GDB_TEXT_H

/* `ptype enum TYPE`: "type = enum TYPE {A, B, C = 8, D, ...}". fn for each enumerator; the
 * count, or -1 for a form not understood (the caller then asks names one by one). Edits text. */
long gdb_parse_enum(char *text, void (*fn)(void *arg, const char *name, long value), void *arg);

/* `ptype /o struct TYPE` (gdb 8.1+): fn for each member as crash's MEMBER_OFFSET finds them —
 * the struct's own members and those of its anonymous structs and unions at any depth (never
 * those inside a named member's type, which gdb prints expanded too) — with its byte offset
 * (a bit-field: the byte its first bit is in) and size. Returns the type's total size, or -1
 * when the text is not such a listing. Edits text. */
long gdb_parse_ptype_offsets(char *text, void (*fn)(void *arg, const char *member, long offset, long size),
			     void *arg);

#endif
