#include "read.h"
#include "copy.h"
#include <stdlib.h>
#include <string.h>

#define EMPTY UINT64_MAX

static const char *space_name(enum mm_space s)
{
	return s == MM_PHYSADDR ? "physaddr" : "kvaddr";
}

/* Kernel-virtual read for targets that only read physical memory: page by page, since
 * consecutive virtual pages need not be physically contiguous outside lowmem. */
static int read_translated(struct mm_kernel *k, uint64_t va, uint8_t *buf, size_t len,
			   struct mm_err *err)
{
	while (len) {
		uint32_t page = k->page_size ? k->page_size : 4096;
		size_t chunk = page - (va & (page - 1));
		phys_t pa;
		int rc;

		if (chunk > len)
			chunk = len;
		if (va > 0xffffffffULL)
			return mm_err_set(err, MM_EINVAL, "kvaddr %llx beyond 32 bits",
					  (unsigned long long)va);
		if (mm_is_lowmem(k, va))
			pa = mm_lowmem_pa(k, (kva_t)va);
		else if (k->translate) {
			rc = k->translate(k, (kva_t)va, &pa, err);
			if (rc)
				return rc;
		} else
			return mm_err_set(err, MM_EUNMAPPED,
					  "kvaddr %llx is outside lowmem and no page-table walker is set",
					  (unsigned long long)va);
		rc = k->t->ops->read(k->t->ctx, pa, MM_PHYSADDR, buf, chunk);
		if (rc == MM_EEXCLUDED)
			return mm_err_set(err, MM_EEXCLUDED, "kvaddr %llx (physaddr %llx): page excluded from the dump",
					  (unsigned long long)va, (unsigned long long)pa);
		if (rc)
			return mm_err_set(err, MM_EREAD, "cannot read %zu bytes at kvaddr %llx (physaddr %llx)",
					  chunk, (unsigned long long)va, (unsigned long long)pa);
		va += chunk;
		buf += chunk;
		len -= chunk;
	}
	return MM_OK;
}

static int read_target(struct mm_kernel *k, uint64_t addr, enum mm_space space, void *buf, size_t len,
		       struct mm_err *err)
{
	int rc;

	k->target_reads++;
	if (space == MM_KVADDR && !k->t->reads_kvaddr)
		return read_translated(k, addr, buf, len, err);
	rc = k->t->ops->read(k->t->ctx, addr, space, buf, len);
	if (rc == MM_EEXCLUDED)
		return mm_err_set(err, MM_EEXCLUDED, "%s %llx: page excluded from the dump",
				  space_name(space), (unsigned long long)addr);
	if (rc)
		return mm_err_set(err, MM_EREAD, "cannot read %zu bytes at %s %llx", len,
				  space_name(space), (unsigned long long)addr);
	return MM_OK;
}

void mm_read_cache_begin(struct mm_kernel *k)
{
	/* unique across models too: a model freed and another allocated at its address must not
	 * find the first one's memos */
	static unsigned scopes;
	if (k->rcache_depth++ == 0)
		k->scope_gen = ++scopes ? scopes : ++scopes;
}

void mm_read_cache_end(struct mm_kernel *k)
{
	if (k->rcache_depth <= 0 || --k->rcache_depth)
		return;
	while (k->scope_memos) {
		struct mm_scope_memo *m = k->scope_memos;
		k->scope_memos = m->next;
		m->release(m->data);
		free(m);
	}
	if (k->rcache) {
		/* emptied, and kept for the next scope: 4 MiB freed and allocated again per command
		 * came back as a thousand page faults each time (a tenth of a command under qemu) */
		memset(k->rcache->tag, 0xff, sizeof(k->rcache->tag));
		k->rcache_spare = k->rcache;
		k->rcache = NULL;
	}
}

void mm_read_cache_release(struct mm_kernel *k)
{
	struct mm_read_cache *c[2] = { k->rcache, k->rcache_spare };

	for (int i = 0; i < 2; i++)
		if (c[i]) {
			free(c[i]->data);
			free(c[i]);
		}
	k->rcache = k->rcache_spare = NULL;
}

void *mm_scope_memo(const struct mm_kernel *k, const void *key)
{
	for (const struct mm_scope_memo *m = k->rcache_depth ? k->scope_memos : NULL; m; m = m->next)
		if (m->key == key)
			return m->data;
	return NULL;
}

int mm_scope_memo_keep(struct mm_kernel *k, const void *key, void *data, void (*release)(void *data))
{
	struct mm_scope_memo *m;

	if (!k->rcache_depth || !(m = malloc(sizeof(*m))))
		return -1;
	*m = (struct mm_scope_memo){ key, data, release, k->scope_memos };
	k->scope_memos = m;
	return 0;
}

static struct mm_read_cache *cache_of(struct mm_kernel *k)
{
	struct mm_read_cache *c;

	if (k->rcache || !k->rcache_depth)
		return k->rcache;
	if (!k->rcache_off_checked) { /* MMVIEW_READ_BLOCKS=0: every read to the target (A/B timing) */
		const char *e = getenv("MMVIEW_READ_BLOCKS");
		k->rcache_off = e && !strcmp(e, "0");
		k->rcache_off_checked = 1;
	}
	if (k->rcache_off)
		return NULL;
	if (k->rcache_spare) {
		k->rcache = k->rcache_spare;
		k->rcache_spare = NULL;
		return k->rcache;
	}
	c = calloc(1, sizeof(*c));
	if (!c || !(c->data = malloc((size_t)MM_READ_CACHE_BLOCKS * MM_READ_CACHE_BLOCK))) {
		free(c);
		return NULL;
	}
	memset(c->tag, 0xff, sizeof(c->tag));
	k->rcache = c;
	return c;
}

/* The cached block at block address b: its bytes, or NULL when the block cannot be read
 * whole (the caller then reads just what it wants, for the exact error). */
static const uint8_t *block(struct mm_kernel *k, struct mm_read_cache *c, uint64_t b, enum mm_space space)
{
	uint64_t tag = b | (uint64_t)space;
	size_t slot = (size_t)(b / MM_READ_CACHE_BLOCK) % MM_READ_CACHE_BLOCKS;
	uint8_t *d = c->data + slot * MM_READ_CACHE_BLOCK;

	if (c->tag[slot] == tag)
		return d;
	c->tag[slot] = EMPTY;
	if (read_target(k, b, space, d, MM_READ_CACHE_BLOCK, NULL))
		return NULL;
	c->tag[slot] = tag;
	return d;
}

/* Everything but a read inside one block already cached (mm_read, inline in read.h): fills
 * blocks, reads across two, or goes to the target. */
int mm_read_slow(struct mm_kernel *k, uint64_t addr, enum mm_space space, void *buf, size_t len,
		 struct mm_err *err)
{
	struct mm_read_cache *c = len && len <= MM_READ_CACHE_BLOCK ? cache_of(k) : NULL;
	uint64_t first = addr & ~(uint64_t)(MM_READ_CACHE_BLOCK - 1);
	uint64_t last = (addr + len - 1) & ~(uint64_t)(MM_READ_CACHE_BLOCK - 1);
	const uint8_t *b0, *b1 = NULL;

	if (!c || last < first || (space == MM_KVADDR && addr + len - 1 > 0xffffffffULL))
		return read_target(k, addr, space, buf, len, err);
	/* at most two blocks (len <= one block); both whole, or the exact read. A block is
	 * copied out before the next is fetched: filling one may read page tables through the
	 * cache, into any slot. */
	if (!(b0 = block(k, c, first, space)))
		return read_target(k, addr, space, buf, len, err);
	if (last == first)
		memcpy(buf, b0 + (addr - first), len);
	else {
		size_t head = (size_t)(last - addr);
		memcpy(buf, b0 + (addr - first), head);
		if (!(b1 = block(k, c, last, space)))
			return read_target(k, addr, space, buf, len, err);
		memcpy((uint8_t *)buf + head, b1, len - head);
	}
	k->cached_reads++;
	return MM_OK;
}

int mm_read_uint(struct mm_kernel *k, kva_t va, long size, uint64_t *v, struct mm_err *err)
{
	uint8_t b[8];
	int rc;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return mm_err_set(err, MM_EINVAL, "cannot read an integer of %ld bytes", size);
	rc = mm_read(k, va, MM_KVADDR, b, size, err);
	if (rc)
		return rc;
	*v = mm_get(b, sizeof(b), 0, size);
	return MM_OK;
}

int mm_read_u32(struct mm_kernel *k, kva_t va, uint32_t *v, struct mm_err *err)
{
	uint64_t x;
	int rc = mm_read_uint(k, va, 4, &x, err);
	if (!rc)
		*v = (uint32_t)x;
	return rc;
}

int mm_read_u64(struct mm_kernel *k, kva_t va, uint64_t *v, struct mm_err *err)
{
	return mm_read_uint(k, va, 8, v, err);
}

int mm_read_sym_u32(struct mm_kernel *k, const char *sym, uint32_t *v, struct mm_err *err)
{
	uint64_t addr;
	int rc = mm_symbol(k, sym, &addr, err);
	if (rc)
		return rc;
	rc = mm_read_u32(k, (kva_t)addr, v, err);
	if (rc)
		mm_err_wrap(err, "reading %s", sym);
	return rc;
}
