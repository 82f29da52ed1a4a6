/* What a vmlinux file says without a debug-info library: its build-id, and which names its
 * DWARF string table (.debug_str) holds. For the crash extension, whose debug-info questions go
 * through gdb at ~0.1 s each (an absent name costs the most: gdb searches every unit). */
#ifndef MM_ELF_NAMES_H
#define MM_ELF_NAMES_H
#include <stddef.h>

/* The build-id of an ELF file (its NT_GNU_BUILD_ID note) as lower-case hex: 0, or -1. */
int mm_elf_build_id(const char *path, char *hex, size_t len);

struct mm_elf_names;
/* Reads .debug_str (uncompressed, at most 64 MiB) and indexes it: NULL when there is none. */
struct mm_elf_names *mm_elf_names_open(const char *path);
void mm_elf_names_close(struct mm_elf_names *n);
/* 0 when name certainly is no DWARF name of the file (not in .debug_str, not even as the tail
 * of a longer string: the linker merges suffixes); 1 when it may be (then ask). Names shorter
 * than MM_ELF_NAME_MIN are always "may be" (a compiler may keep a short name inline). */
#define MM_ELF_NAME_MIN 8
int mm_elf_names_may_have(const struct mm_elf_names *n, const char *name);

#endif
