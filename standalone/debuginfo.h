/* vmlinux: symbols from its ELF symbol table, types and enumerators from its DWARF (elfutils
 * libdw). The DWARF is indexed on the first question, top-level names only; nothing is read
 * when every question is answered from the cache (standalone/cache.c). */
#ifndef MMS_DEBUGINFO_H
#define MMS_DEBUGINFO_H
#include <stddef.h>
#include <stdint.h>

struct dbg;

/* Opens vmlinux (an ARM ELF with a symbol table); NULL with a one-line reason in msg. */
struct dbg *dbg_open(const char *path, char *msg, size_t msglen);
void dbg_close(struct dbg *d);
/* The GNU build-id as hex ("" when the vmlinux has none). */
const char *dbg_build_id(const struct dbg *d);
/* The bytes of a symbol's object in the vmlinux file (e.g. linux_banner): its length, or -1. */
long dbg_symbol_bytes(struct dbg *d, const char *name, void *buf, size_t len);

int dbg_symbol(struct dbg *d, const char *name, uint64_t *value);
int dbg_symbol_name(struct dbg *d, uint64_t addr, char *buf, size_t len);
long dbg_type_size(struct dbg *d, const char *type);
long dbg_member_offset(struct dbg *d, const char *type, const char *member);
long dbg_member_size(struct dbg *d, const char *type, const char *member);
int dbg_enum_value(struct dbg *d, const char *name, long *value);
long dbg_enum_members(struct dbg *d, const char *type,
		      void (*fn)(void *arg, const char *name, long value), void *arg);
long dbg_array_length(struct dbg *d, const char *symbol);
/* Whether the DWARF has been read in this run (for the cache and tests). */
int dbg_dwarf_loaded(const struct dbg *d);

#endif
