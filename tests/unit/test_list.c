/* The one list walker: counts, early stop, and every kind of corruption named. */
#include "unit.h"
#include "../../core/list.h"
#include "../../core/read.h"
#include <stdlib.h>
#include <string.h>

struct collect {
	kva_t seen[64];
	int n, stop_at;
};

static int collect(struct mm_kernel *k, kva_t entry, void *ctx)
{
	struct collect *c = ctx;
	(void)k;
	if (c->n < 64)
		c->seen[c->n++] = entry;
	return c->stop_at && c->n == c->stop_at;
}

/* A list of n entries of 32 bytes with the list_head at +8. */
static kva_t build(struct synth *s, int n, kva_t *entries)
{
	kva_t head = synth_alloc(s, 8, 4);
	synth_list_init(s, head);
	for (int i = 0; i < n; i++) {
		entries[i] = synth_alloc(s, 32, 4);
		synth_list_add_tail(s, head, entries[i] + 8);
	}
	return head;
}

static void test_list_walk(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_kernel *k = unit_open(s);
	struct mm_err err = { 0 };
	struct collect c = { 0 };
	kva_t e[10], head = build(s, 10, e);

	(void)state;
	assert_int_equal(mm_list_walk(k, head, 8, 100, collect, &c, &err), 10);
	for (int i = 0; i < 10; i++)
		assert_int_equal(c.seen[i], e[i]);
	/* stop early */
	memset(&c, 0, sizeof(c));
	c.stop_at = 3;
	assert_int_equal(mm_list_walk(k, head, 8, 100, collect, &c, &err), 3);
	/* bound */
	memset(&c, 0, sizeof(c));
	assert_int_equal(mm_list_walk(k, head, 8, 5, collect, &c, &err), MM_ELIMIT);
	assert_int_equal(c.n, 5);
	/* empty list */
	kva_t empty = synth_alloc(s, 8, 4);
	synth_list_init(s, empty);
	assert_int_equal(mm_list_walk(k, empty, 8, 5, collect, &c, &err), 0);
	mm_kernel_close(k);
	synth_free(s);
}

struct bytes_seen {
	kva_t entry[8];
	uint32_t tag[8]; /* the word at +0 of each entry, as handed over; ~0 for NULL bytes */
	int n;
};

static int keep_bytes(struct mm_kernel *k, kva_t entry, const uint8_t *b, void *ctx)
{
	struct bytes_seen *c = ctx;
	(void)k;
	if (c->n < 8) {
		c->entry[c->n] = entry;
		c->tag[c->n++] = b ? (uint32_t)mm_get32(b, 32, 0) : ~0u;
	}
	return 0;
}

/* Each entry read whole once and handed over with its bytes; an entry that cannot be read
 * whole but whose link reads is handed over with NULL bytes; a link outside the entry is
 * refused before any read. */
static void test_list_walk_bytes(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k = unit_open(s);
	struct mm_err err = { 0 };
	struct bytes_seen c = { 0 };
	kva_t e[4], head = build(s, 4, e), pages, split;

	(void)state;
	for (int i = 0; i < 4; i++)
		synth_w32(s, e[i], 0xa0 + (uint32_t)i);
	mm_read_cache_begin(k);
	assert_int_equal(mm_list_walk_bytes(k, head, 8, 32, 100, keep_bytes, &c, &err), 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(c.entry[i], e[i]);
		assert_int_equal(c.tag[i], 0xa0 + (uint32_t)i);
	}
	/* an entry across a page boundary, its first page missing from the dump, its link on the
	 * second: the walk goes on and the callback is told the entry is unreadable */
	pages = synth_alloc(s, 2 * 4096, 4096);
	split = pages + 4096 - 16; /* link at +24: on the second page */
	synth_hole(s, synth_va_to_pa(s, pages), 4096);
	mm_read_cache_end(k);
	head = synth_alloc(s, 8, 4);
	synth_list_init(s, head);
	synth_list_add_tail(s, head, e[0] + 24);
	synth_list_add_tail(s, head, split + 24);
	memset(&c, 0, sizeof(c));
	assert_int_equal(mm_list_walk_bytes(k, head, 24, 32, 100, keep_bytes, &c, &err), 2);
	assert_int_equal(c.entry[0], e[0]);
	assert_int_equal(c.tag[0], 0xa0);
	assert_int_equal(c.entry[1], split);
	assert_int_equal(c.tag[1], ~0u);
	/* without bytes (entry_len 0) the same list walks, every entry NULL */
	memset(&c, 0, sizeof(c));
	assert_int_equal(mm_list_walk_bytes(k, head, 24, 0, 100, keep_bytes, &c, &err), 2);
	assert_int_equal(c.tag[0], ~0u);
	/* the link must lie inside the entry */
	assert_int_equal(mm_list_walk_bytes(k, head, 28, 32, 100, keep_bytes, &c, &err), MM_EINVAL);
	assert_non_null(strstr(err.msg, "outside an entry"));
	assert_int_equal(mm_list_walk_bytes(k, head, 8, MM_LIST_MAX_ENTRY + 1, 100, keep_bytes, &c, &err),
			 MM_EINVAL);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_list_corruption(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_kernel *k = unit_open(s);
	struct mm_err err = { 0 };
	struct collect c = { 0 };
	kva_t e[6], head = build(s, 6, e);

	(void)state;
	/* A cycle not through the head: entry 5 points back to entry 2 (prev fixed up to match). */
	synth_w32(s, e[5] + 8, e[2] + 8);
	synth_w32(s, e[2] + 8 + 4, e[5] + 8);
	assert_int_equal(mm_list_walk(k, head, 8, 1000, collect, &c, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "corrupt list"));

	/* A broken prev link. */
	head = build(s, 4, e);
	synth_w32(s, e[2] + 8 + 4, 0x12345678);
	assert_int_equal(mm_list_walk(k, head, 8, 1000, collect, &c, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "prev 12345678"));

	/* A wild next pointer and a NULL one. */
	head = build(s, 4, e);
	synth_w32(s, e[1] + 8, 0x00001000);
	assert_int_equal(mm_list_walk(k, head, 8, 1000, collect, &c, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "unreadable next pointer 1000"));
	synth_w32(s, e[1] + 8, 0);
	assert_int_equal(mm_list_walk(k, head, 8, 1000, collect, &c, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "NULL"));

	/* An unreadable head. */
	assert_true(mm_list_walk(k, 0x10, 8, 10, collect, &c, &err) < 0);

	/* The same findings when each entry is read whole (the link taken from its bytes). */
	{
		struct bytes_seen bs = { 0 };
		head = build(s, 6, e);
		synth_w32(s, e[5] + 8, e[2] + 8);
		synth_w32(s, e[2] + 8 + 4, e[5] + 8);
		assert_int_equal(mm_list_walk_bytes(k, head, 8, 32, 1000, keep_bytes, &bs, &err), MM_ECORRUPT);
		assert_non_null(strstr(err.msg, "corrupt list"));
		head = build(s, 4, e);
		synth_w32(s, e[2] + 8 + 4, 0x12345678);
		assert_int_equal(mm_list_walk_bytes(k, head, 8, 32, 1000, keep_bytes, &bs, &err), MM_ECORRUPT);
		assert_non_null(strstr(err.msg, "prev 12345678"));
		head = build(s, 4, e);
		synth_w32(s, e[1] + 8, 0x00001000);
		assert_int_equal(mm_list_walk_bytes(k, head, 8, 32, 1000, keep_bytes, &bs, &err), MM_ECORRUPT);
		assert_non_null(strstr(err.msg, "unreadable next pointer 1000"));
		synth_w32(s, e[1] + 8, 0);
		assert_int_equal(mm_list_walk_bytes(k, head, 8, 32, 1000, keep_bytes, &bs, &err), MM_ECORRUPT);
		assert_non_null(strstr(err.msg, "NULL"));
	}
	mm_kernel_close(k);
	synth_free(s);
}

static void test_slist_walk(void **state)
{
	struct synth *s = synth_new(synth_profile("3.4"));
	struct mm_kernel *k = unit_open(s);
	struct mm_err err = { 0 };
	struct collect c = { 0 };
	kva_t n[5];

	(void)state;
	for (int i = 0; i < 5; i++)
		n[i] = synth_alloc(s, 16, 4);
	for (int i = 0; i < 4; i++)
		synth_w32(s, n[i], n[i + 1]);
	assert_int_equal(mm_slist_walk(k, n[0], 0, 100, collect, &c, &err), 5);
	assert_int_equal(c.seen[4], n[4]);
	synth_w32(s, n[4], n[1]); /* cycle */
	memset(&c, 0, sizeof(c));
	assert_int_equal(mm_slist_walk(k, n[0], 0, 100, collect, &c, &err), MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "cycle"));
	assert_int_equal(c.n, 5); /* each entry reported once */
	assert_int_equal(mm_slist_walk(k, 0, 0, 100, collect, &c, &err), 0);
	mm_kernel_close(k);
	synth_free(s);
}

static void test_addrset(void **state)
{
	struct mm_addrset set = { 0 };
	(void)state;
	for (uint64_t a = 0; a < 10000; a++)
		assert_int_equal(mm_addrset_add(&set, a * 4096), 1);
	assert_int_equal(mm_addrset_add(&set, 4096), 0);
	assert_true(mm_addrset_has(&set, 9999 * 4096));
	assert_false(mm_addrset_has(&set, 10000 * 4096));
	mm_addrset_free(&set);
}

UNIT_GROUP(list,
	   cmocka_unit_test(test_list_walk),
	   cmocka_unit_test(test_list_walk_bytes),
	   cmocka_unit_test(test_list_corruption),
	   cmocka_unit_test(test_slist_walk),
	   cmocka_unit_test(test_addrset))
