#include "list.h"
#include "read.h"
#include <stdlib.h>
#include <string.h>

#define EMPTY UINT64_MAX

static size_t slot_of(const struct mm_addrset *s, uint64_t a)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 20) & (s->cap - 1);
}

int mm_addrset_has(const struct mm_addrset *s, uint64_t a)
{
	if (!s->cap)
		return 0;
	for (size_t i = slot_of(s, a);; i = (i + 1) & (s->cap - 1)) {
		if (s->slot[i] == a)
			return 1;
		if (s->slot[i] == EMPTY)
			return 0;
	}
}

static int grow(struct mm_addrset *s)
{
	struct mm_addrset n = { .cap = s->cap ? s->cap * 2 : 256 };

	n.slot = malloc(n.cap * sizeof(*n.slot));
	if (!n.slot)
		return -1;
	for (size_t i = 0; i < n.cap; i++)
		n.slot[i] = EMPTY;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i] != EMPTY)
			mm_addrset_add(&n, s->slot[i]);
	free(s->slot);
	*s = n;
	return 0;
}

int mm_addrset_add(struct mm_addrset *s, uint64_t a)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap && grow(s))
		return -1;
	for (i = slot_of(s, a); s->slot[i] != EMPTY; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == a)
			return 0;
	s->slot[i] = a;
	s->n++;
	return 1;
}

void mm_addrset_free(struct mm_addrset *s)
{
	free(s->slot);
	s->slot = NULL;
	s->cap = s->n = 0;
}

/* An entry on a page the dump left out (makedumpfile filtering) ends the walk without making
 * the list corrupt. */
static int excluded(struct mm_err *err, const char *what, kva_t start, long n, kva_t cur)
{
	return mm_err_set(err, MM_EEXCLUDED, "%s %x: entry %ld at %x: page excluded from the dump", what,
			  start, n, cur);
}

/* The link read alone, for walks that want no bytes or whose entry cannot be read whole. */
static int read_link(struct mm_kernel *k, kva_t at, uint32_t link[MM_LIST_LINK / 4], struct mm_err *err)
{
	return mm_read(k, at, MM_KVADDR, link, MM_LIST_LINK, err);
}

/* No set of visited entries is needed: every entry's prev is checked against the entry the
 * walk came from, and the dump does not change. The first entry met twice would have to name
 * two different predecessors (or head, where the walk stops), so any cycle fails that check. */
long mm_list_walk_bytes(struct mm_kernel *k, kva_t head, long link_off, size_t entry_len, long max,
			mm_list_bytes_fn fn, void *ctx, struct mm_err *err)
{
	struct mm_err rerr = { 0 };
	kva_t prev = head, cur;
	uint32_t link[MM_LIST_LINK / 4];
	uint8_t bytes[MM_LIST_MAX_ENTRY];
	long n = 0;
	int rc;

	if (entry_len && (link_off < 0 || entry_len > sizeof(bytes) ||
			  (size_t)link_off + sizeof(link) > entry_len))
		return mm_err_set(err, MM_EINVAL, "list at %x: link at +%ld outside an entry of %zu bytes",
				  head, link_off, entry_len);
	if (read_link(k, head, link, err))
		return mm_err_wrap(err, "list head %x", head);
	cur = link[0];
	while (cur != head) {
		const uint8_t *b = NULL;

		if (n >= max) {
			rc = mm_err_set(err, MM_ELIMIT, "list at %x: stopped after %ld entries", head, max);
			goto out;
		}
		/* the entry whole when it reads: its link is among its bytes (one read, not two);
		 * else the link alone, and the callback is told the entry is unreadable (NULL) */
		if (cur && entry_len && !mm_read(k, cur - (kva_t)link_off, MM_KVADDR, bytes, entry_len, NULL)) {
			memcpy(link, bytes + link_off, sizeof(link));
			b = bytes;
		} else if (!cur || read_link(k, cur, link, &rerr)) {
			rc = cur && rerr.code == MM_EEXCLUDED ? excluded(err, "list at", head, n, cur)
				: mm_err_set(err, MM_ECORRUPT, "corrupt list at %x: entry %ld: %s next pointer %x",
					     head, n, cur ? "unreadable" : "NULL", cur);
			goto out;
		}
		if (link[1] != prev) {
			rc = mm_err_set(err, MM_ECORRUPT,
					"corrupt list at %x: entry %x has prev %x, expected %x", head, cur,
					link[1], prev);
			goto out;
		}
		rc = fn(k, cur - (kva_t)link_off, b, ctx);
		n++;
		if (rc > 0) { /* the caller found what it wanted */
			rc = MM_OK;
			goto out;
		}
		if (rc)
			goto out;
		prev = cur;
		cur = link[0];
	}
	rc = MM_OK;
out:
	return rc ? rc : n;
}

struct addr_only {
	mm_list_fn fn;
	void *ctx;
};

static int call_addr_only(struct mm_kernel *k, kva_t entry, const uint8_t *b, void *ctx)
{
	const struct addr_only *a = ctx;
	return a->fn(k, entry, a->ctx);
}

long mm_list_walk(struct mm_kernel *k, kva_t head, long link_off, long max, mm_list_fn fn,
		  void *ctx, struct mm_err *err)
{
	struct addr_only a = { fn, ctx };
	return mm_list_walk_bytes(k, head, link_off, 0, max, call_addr_only, &a, err);
}

long mm_slist_walk(struct mm_kernel *k, kva_t first, long next_off, long max, mm_list_fn fn,
		   void *ctx, struct mm_err *err)
{
	struct mm_err rerr = { 0 };
	struct mm_addrset seen = { 0 };
	kva_t cur = first;
	uint32_t next;
	long n = 0;
	int rc = MM_OK;

	while (cur) {
		if (n >= max) {
			rc = mm_err_set(err, MM_ELIMIT, "list from %x: stopped after %ld entries", first, max);
			break;
		}
		rc = mm_addrset_add(&seen, cur);
		if (rc <= 0) {
			rc = rc < 0 ? mm_err_set(err, MM_ENOMEM, "list from %x: out of memory", first)
				    : mm_err_set(err, MM_ECORRUPT, "corrupt list from %x: cycle at entry %x",
						 first, cur);
			break;
		}
		if (mm_read_u32(k, cur + next_off, &next, &rerr)) {
			rc = rerr.code == MM_EEXCLUDED ? excluded(err, "list from", first, n, cur)
				: mm_err_set(err, MM_ECORRUPT, "corrupt list from %x: entry %ld at %x unreadable",
					     first, n, cur);
			break;
		}
		rc = fn(k, cur, ctx);
		n++;
		if (rc > 0) {
			rc = MM_OK;
			break;
		}
		if (rc)
			break;
		cur = next;
	}
	mm_addrset_free(&seen);
	return rc ? rc : n;
}
