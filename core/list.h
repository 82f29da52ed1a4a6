/* The one way to walk a kernel list: bounded, cycle-checked, every read checked. */
#ifndef MM_LIST_H
#define MM_LIST_H
#include "kernel.h"

/* Called with the address of each entry (the list_head address minus link_off). Returns 0 to
 * go on, > 0 to stop early (the walk then succeeds), < 0 an error code the walk returns. */
typedef int (*mm_list_fn)(struct mm_kernel *k, kva_t entry, void *ctx);

/* Circular list_head list anchored at head. Stops after max entries (MM_ELIMIT); a cycle not
 * through head, a NULL or unreadable next, or next->prev != current give MM_ECORRUPT naming the
 * entry. Returns the number of entries visited (>= 0) or an error code. */
long mm_list_walk(struct mm_kernel *k, kva_t head, long link_off, long max, mm_list_fn fn,
		  void *ctx, struct mm_err *err);

/* The same walk, each entry read whole once (entry_len bytes from its start, the link among
 * them) and handed to fn with its bytes: a walker that decodes its entries reads each once,
 * not once for the link and again for the entry. An entry that cannot be read whole is
 * passed with b NULL when its link still reads. entry_len <= MM_LIST_MAX_ENTRY. */
#define MM_LIST_MAX_ENTRY 256
#define MM_LIST_LINK 8 /* struct list_head on 32-bit ARM: next, prev */
typedef int (*mm_list_bytes_fn)(struct mm_kernel *k, kva_t entry, const uint8_t *b, void *ctx);
long mm_list_walk_bytes(struct mm_kernel *k, kva_t head, long link_off, size_t entry_len, long max,
			mm_list_bytes_fn fn, void *ctx, struct mm_err *err);

/* NULL-terminated singly linked list (vm_struct.next, llist): first entry address given. */
long mm_slist_walk(struct mm_kernel *k, kva_t first, long next_off, long max, mm_list_fn fn,
		   void *ctx, struct mm_err *err);

/* A set of addresses, for cycle and duplicate detection in walkers. */
struct mm_addrset {
	uint64_t *slot;
	size_t cap, n;
};
int mm_addrset_add(struct mm_addrset *s, uint64_t a); /* 1 added, 0 present, <0 no memory */
int mm_addrset_has(const struct mm_addrset *s, uint64_t a);
void mm_addrset_free(struct mm_addrset *s);

#endif
