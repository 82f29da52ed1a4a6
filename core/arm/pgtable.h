/* ARM kernel page tables: one walker driven by a description of the paging form (classic
 * short-descriptor with Linux's PTE halves, or LPAE), as libkdumpfile's addrxlat does. The
 * kernel reads its page tables through physical addresses, and so does this code. */
#ifndef MM_ARM_PGTABLE_H
#define MM_ARM_PGTABLE_H
#include "../kernel.h"

#define MM_PT_MAXLEVELS 3

enum mm_pt_kind {
	MM_PT_INVALID, /* fault / not present */
	MM_PT_TABLE,   /* points at the next level's table */
	MM_PT_LEAF,    /* maps memory: section, supersection, block, large or small page */
};

/* A named bit field of an entry: one bit shows as its name when set; a wider field always
 * shows as name=value, or by its value's name when `values` names it. */
struct mm_pt_bits {
	const char *name;
	unsigned shift, width;
	const char *const *values; /* indexed by the field value, may be NULL */
	unsigned nvalues;
};

/* One kind of entry at one level: matches when (entry & mask) == match. */
struct mm_pt_type {
	uint64_t mask, match;
	enum mm_pt_kind kind;
	const char *name;          /* "table", "section", "supersection", "small page" ... */
	unsigned size_shift;       /* leaf: log2 of the size it maps */
	uint64_t addr_mask;        /* table or leaf base in the entry */
	/* Leaf base when it is not entry & addr_mask (supersection PA[35:32]). */
	phys_t (*base)(uint64_t entry);
	const struct mm_pt_bits *bits; /* flag decoding, {NULL}-terminated */
	const char *why;           /* invalid: why the walk stops here */
};

/* One level of a paging form. */
struct mm_pt_level {
	const char *name;          /* "pgd", "pmd", "pte" */
	unsigned shift, bits;      /* index = (va >> shift) & ((1 << bits) - 1) */
	unsigned entry_size;       /* 4 or 8 bytes */
	/* Short-descriptor PTE pages: Linux's own copy of an entry sits this many bytes from the
	 * hardware one (-2048); 0 when the level has none. */
	long linux_off;
	const struct mm_pt_type *types; /* first match wins; {0}-terminated (kind INVALID last) */
	const struct mm_pt_bits *linux_bits; /* decoding of the Linux copy */
};

struct mm_paging_form {
	const char *name;
	int nlevels;
	const struct mm_pt_level *levels;
};

extern const struct mm_paging_form mm_pt_short, mm_pt_lpae;
const struct mm_paging_form *mm_pt_form(const struct mm_kernel *k);

/* One level of a walk, kept so the walk can be shown. */
struct mm_pt_entry {
	const struct mm_pt_level *level;
	unsigned index;
	phys_t table;         /* physical base of the table this entry was read from */
	phys_t addr;          /* physical address of the entry */
	uint64_t value;
	const struct mm_pt_type *type;
	int has_linux;        /* short-descriptor PTE: Linux's copy read too */
	phys_t linux_addr;
	uint64_t linux_value;
};

struct mm_walk {
	kva_t va;
	const struct mm_paging_form *form;
	int n;                          /* levels read (including the failing one) */
	struct mm_pt_entry e[MM_PT_MAXLEVELS];
	/* Success only: */
	phys_t pa;
	uint32_t size;                  /* bytes the leaf maps */
	/* The hardware entry is invalid but Linux's copy is present (an old page with
	 * L_PTE_YOUNG clear): pa then comes from the Linux PTE. */
	int linux_only;
};

/* Which type of `level` an entry is (never NULL: the table ends with a catch-all). */
const struct mm_pt_type *mm_pt_decode(const struct mm_pt_level *level, uint64_t entry);
/* Leaf / table base of an entry of a given type. */
phys_t mm_pt_base(const struct mm_pt_type *t, uint64_t entry);
/* "AP=1 XN TEX=1 C B" for an entry under a bit table. */
const char *mm_pt_flags(const struct mm_pt_bits *bits, uint64_t entry, char *buf, size_t len);
/* Is a Linux PTE (short descriptor) present? */
int mm_pt_linux_present(uint64_t linux_pte);

/* Walks the kernel page tables for va. MM_OK with w->pa; MM_EUNMAPPED naming the level,
 * index and entry when not present; MM_EREAD naming the unreadable table. w is filled as far
 * as the walk went in every case. */
int mm_pt_walk(struct mm_kernel *k, kva_t va, struct mm_walk *w, struct mm_err *err);

/* Scans the kernel page tables over [start, end), reading each table page once, and calls fn
 * for every leaf (va, pa, size and the walk to it). fn returns 0 to go on, > 0 to stop, < 0 an
 * error. Unreadable tables are reported through bad (if set) and skipped. */
struct mm_pt_leaf {
	kva_t va;
	phys_t pa;
	uint32_t size;
	int linux_only;
	const struct mm_walk *walk;
};
typedef int (*mm_pt_leaf_fn)(struct mm_kernel *k, const struct mm_pt_leaf *leaf, void *ctx);
typedef void (*mm_pt_bad_fn)(struct mm_kernel *k, const struct mm_err *err, void *ctx);
int mm_pt_scan(struct mm_kernel *k, kva_t start, uint64_t end, mm_pt_leaf_fn fn,
	       mm_pt_bad_fn bad, void *ctx, struct mm_err *err);

/* Sets k->translate; called at the end of mm_kernel_open. */
void mm_arm_mmu_init(struct mm_kernel *k);

#endif
