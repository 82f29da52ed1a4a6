/* "What is this address?": its region, its translation, and who owns it — most specific
 * owner first — with what could not be read. Plain data; core/report/addr.c prints it. */
#ifndef MM_IDENTIFY_H
#define MM_IDENTIFY_H
#include "../kernel.h"
#include "../arm/layout.h"
#include "../arm/pgtable.h"
#include "../slab/track.h"

enum mm_confidence {
	MM_SURE,     /* read from the structure that owns the address */
	MM_LIKELY,   /* inferred (e.g. a page's state without its allocator's own record) */
	MM_UNKNOWN,
};

#define MM_ID_MAX_OWNERS 6
#define MM_ID_MAX_ERRORS 6

struct mm_owner {
	const char *kind;  /* "slab object", "vmalloc area", "guard page", "module", "kernel image",
			      "pkmap slot", "fixmap slot", "vector page", "free block", "page", ... */
	enum mm_confidence confidence;
	char what[200];    /* one line a kernel engineer reads */
	kva_t start;       /* the owner's range when it has one (0, 0 otherwise) */
	uint64_t end;
	long offset;       /* addr - start, -1 when meaningless */
};

struct mm_ident {
	uint64_t addr;
	int physical;              /* the question was a physical address (-p) */
	struct mm_region region;
	/* Translation */
	int translated;            /* pa is valid */
	phys_t pa;
	uint64_t pfn;
	kva_t page;                /* struct page, 0 unknown */
	int linear;                /* lowmem: pa from the linear map */
	int walk_disagrees;        /* lowmem: the page tables map it elsewhere */
	struct mm_walk walk;
	int walked;
	struct mm_err xlat;        /* why it is not translated */
	/* Owners, most specific first */
	int nowners;
	struct mm_owner owner[MM_ID_MAX_OWNERS];
	int nerrors;
	struct mm_err error[MM_ID_MAX_ERRORS];
	/* A SLUB object: its user tracks (1), none kept by its cache (-1, how to enable them in
	 * track_hint), or not a slab object (0). */
	int tracked;
	struct mm_tracking tracking;
	struct mm_track track[2];  /* MM_TRACK_ALLOC, MM_TRACK_FREE */
	char track_hint[240];
};

/* Identifies a kernel virtual (or user) address. Never fails: what cannot be said is recorded
 * in id->error[]. */
void mm_identify(struct mm_kernel *k, uint64_t addr, struct mm_ident *id);

/* Used by the owner finders (core/identify_*.c). */
struct mm_owner *mm_id_owner(struct mm_ident *id, const char *kind, enum mm_confidence c);
void mm_id_error(struct mm_ident *id, const struct mm_err *err, const char *what);
const char *mm_confidence_name(enum mm_confidence c);

#endif
