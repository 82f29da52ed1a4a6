/* The one way the core reads dump memory. Kernel-virtual reads go to the target when it
 * translates itself, else through the linear map or the page-table walk (k->translate). */
#ifndef MM_READ_H
#define MM_READ_H
#include "kernel.h"
#include <string.h>

#include "copy.h"

int mm_read_slow(struct mm_kernel *k, uint64_t addr, enum mm_space space, void *buf, size_t len,
		 struct mm_err *err);

/* A scope in which small reads are served from page-sized blocks read whole: walkers that
 * chase pointers through struct pages, slabs or vmap areas read each block once instead of
 * once per field (a target read costs ~20 us under crash). The dump does not change inside a
 * scope; memory is bounded (MM_READ_CACHE_BLOCKS blocks): emptied when the outermost scope
 * ends, kept for the next, freed with the model. Scopes nest; mm_command opens one per
 * command. */
#define MM_READ_CACHE_BLOCK 4096u
#define MM_READ_CACHE_BLOCKS 1024u
/* Direct-mapped: block n of the address space goes to slot n % MM_READ_CACHE_BLOCKS. */
struct mm_read_cache {
	uint64_t tag[MM_READ_CACHE_BLOCKS]; /* block address | space, or UINT64_MAX */
	uint8_t *data;                      /* MM_READ_CACHE_BLOCKS blocks */
};

/* Reads len bytes at addr. The common case inline: walkers make tens of thousands of small
 * reads per command, nearly all inside a block already read, and under qemu-arm a call and
 * its return cost more than the copy. */
static inline int mm_read(struct mm_kernel *k, uint64_t addr, enum mm_space space, void *buf,
			  size_t len, struct mm_err *err)
{
	const struct mm_read_cache *c = k->rcache;
	uint64_t first = addr & ~(uint64_t)(MM_READ_CACHE_BLOCK - 1);

	if (c && len && ((addr + len - 1) & ~(uint64_t)(MM_READ_CACHE_BLOCK - 1)) == first) {
		size_t slot = (size_t)(first / MM_READ_CACHE_BLOCK) % MM_READ_CACHE_BLOCKS;
		if (c->tag[slot] == (first | (uint64_t)space)) {
			mm_copy_short(buf, c->data + slot * MM_READ_CACHE_BLOCK + (size_t)(addr - first), len);
			k->cached_reads++;
			return MM_OK;
		}
	}
	return mm_read_slow(k, addr, space, buf, len, err);
}
void mm_read_cache_begin(struct mm_kernel *k);
/* Inside a scope (k->rcache_depth > 0), k->scope_gen names it: what was derived from the dump
 * during it may be remembered until it ends (e.g. the %pS text of a caller address). */
void mm_read_cache_end(struct mm_kernel *k);
/* Frees the blocks' memory (kept between scopes for the next one): mm_kernel_close calls it. */
void mm_read_cache_release(struct mm_kernel *k);
/* Results a command derives from the dump and would otherwise derive again (triage's parts each
 * walk vmalloc): kept under an owner's key (the address of a static object) until the
 * outermost scope ends. mm_scope_memo returns the data kept, or NULL; mm_scope_memo_keep takes
 * data over (release frees it at the scope's end), or returns -1 outside a scope or without
 * memory, leaving it to the caller. */
struct mm_scope_memo {
	const void *key;
	void *data;
	void (*release)(void *data);
	struct mm_scope_memo *next;
};
void *mm_scope_memo(const struct mm_kernel *k, const void *key);
int mm_scope_memo_keep(struct mm_kernel *k, const void *key, void *data, void (*release)(void *data));
/* k->target_reads counts the reads that went to the target, k->cached_reads those served
 * from blocks (MMVIEW_STATS). */
int mm_read_u32(struct mm_kernel *k, kva_t va, uint32_t *v, struct mm_err *err);
int mm_read_u64(struct mm_kernel *k, kva_t va, uint64_t *v, struct mm_err *err);
/* An unsigned little-endian integer of 1, 2, 4 or 8 bytes (a member read with its own size). */
int mm_read_uint(struct mm_kernel *k, kva_t va, long size, uint64_t *v, struct mm_err *err);
/* The 32-bit value of a global variable, by symbol name. */
int mm_read_sym_u32(struct mm_kernel *k, const char *sym, uint32_t *v, struct mm_err *err);

/* Decode a little-endian member from a buffer read in bulk; 0 if off is absent (-1) or out of
 * the buffer, so a walker reading one struct can decode all members without more reads. */
static inline uint64_t mm_get(const void *buf, size_t buflen, long off, long size)
{
	const uint8_t *p = (const uint8_t *)buf + off;
	uint64_t v = 0;
	if (off < 0 || size <= 0 || size > 8 || (size_t)(off + size) > buflen)
		return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* one load on little-endian hosts (bulk scans decode a few members of every struct page) */
	if (size == 4) {
		uint32_t w;
		memcpy(&w, p, 4);
		return w;
	}
	if (size == 8) {
		memcpy(&v, p, 8);
		return v;
	}
#endif
	for (long i = size - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}
static inline uint32_t mm_get32(const void *buf, size_t buflen, long off)
{
	return (uint32_t)mm_get(buf, buflen, off, 4);
}

#endif
