/* The one seam between mmview's core and a dump: everything the core knows of a kernel comes
 * through these calls. Implementations: crash (extension/target_crash.c), the synthetic dump
 * builder (vmcores/synth), later a standalone file reader. No call may abort the process. */
#ifndef MM_TARGET_H
#define MM_TARGET_H
#include <stddef.h>
#include <stdint.h>

enum mm_space { MM_KVADDR, MM_PHYSADDR };

struct mm_target_ops {
	/* Copy len bytes at addr into buf: 0, or -1 (MM_EREAD) if any byte is not in the dump, or
	 * MM_EEXCLUDED (core/err.h) if the dump filtered the page out (makedumpfile -d). */
	int (*read)(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len);
	/* Value of a symbol: 0 and *value, or -1 if absent. */
	int (*symbol)(void *ctx, const char *name, uint64_t *value);
	/* "name+off" (or "name") for an address inside a known symbol: 0, or -1. */
	int (*symbol_name)(void *ctx, uint64_t addr, char *buf, size_t len);
	/* Size of struct/union/typedef `type` (bare name: "page", "vm_struct", "pte_t"), -1 absent. */
	long (*type_size)(void *ctx, const char *type);
	/* Byte offset / size of a member, -1 absent. Members of anonymous unions count as members. */
	long (*member_offset)(void *ctx, const char *type, const char *member);
	long (*member_size)(void *ctx, const char *type, const char *member);
	/* Value of an enumerator ("MIGRATE_MOVABLE", "NR_FREE_PAGES"): 0, or -1 if absent. */
	int (*enum_value)(void *ctx, const char *name, long *value);
	/* Optional (may be NULL): VMCOREINFO-style facts, e.g. "CONFIG_ARM_LPAE" -> "y",
	 * "PHYS_OFFSET" -> "0x40000000", "PAGE_OFFSET". 0 and the text, or -1. */
	int (*config)(void *ctx, const char *name, char *buf, size_t len);
	/* Optional: the kernel log text. Returns bytes written (truncated to len), or -1. */
	long (*log)(void *ctx, char *buf, size_t len);
	/* Optional: number of elements of an array symbol ("pkmap_count", "__per_cpu_offset"), -1. */
	long (*array_length)(void *ctx, const char *symbol);
	/* Optional: every enumerator of `enum type` in one query, through fn; the count, or -1 when
	 * the type is unknown. One query instead of one per name (absent names are the costly ones). */
	long (*enum_members)(void *ctx, const char *type,
			     void (*fn)(void *arg, const char *name, long value), void *arg);
	/* Optional: every member of struct (or union) `type` in one query, through fn with its
	 * offset and size: the members member_offset finds (its own, and those of its anonymous
	 * structs and unions, at any depth), never those of a named member's type. Returns
	 * sizeof(type); -1 when the type is absent; -2 when it is there but cannot be listed
	 * (the core then asks member by member). Only core/model_cache.c calls it. */
	long (*struct_members)(void *ctx, const char *type,
			       void (*fn)(void *arg, const char *member, long offset, long size), void *arg);
};

struct mm_target {
	const struct mm_target_ops *ops;
	void *ctx;
	/* 1 if read(MM_KVADDR) translates any mapped address itself (crash); 0 if the core must
	 * translate through its own page-table walk (synthetic dumps, raw files). */
	int reads_kvaddr;
	const char *name; /* "crash", "synthetic", ... for messages */
};

#endif
