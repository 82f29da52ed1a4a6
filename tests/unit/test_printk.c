/* The kernel log read from synthetic printk buffers: the 5.10+ lockless ring buffer (records in
 * order from tail to head, a data block wrapped to the start, a reusable descriptor skipped, a
 * data-less record) and the 3.5-5.9 log_buf records (wrap marker, header bounds). */
#include "unit.h"
#include "../../core/log/printk.h"
#include "../../core/log/klog.h"
#include <string.h>

#define NDESC 8     /* count_bits 3 */
#define RING 1024   /* size_bits 10 */

struct prb_fixture {
	struct synth *s;
	uint32_t descs, infos, data, rb;
	long desc_size, info_size;
};

static void prb_types(struct synth *s)
{
	synth_struct(s, "prb_data_blk_lpos", (struct synth_field[]){ { "begin", 4, 0 }, { "next", 4, 0 }, { NULL, 0, 0 } });
	synth_struct(s, "prb_desc", (struct synth_field[]){ { "state_var", 4, 0 }, { "text_blk_lpos", 8, 4 }, { NULL, 0, 0 } });
	synth_struct(s, "printk_info", (struct synth_field[]){ { "seq", 8, 0 }, { "ts_nsec", 8, 0 }, { "text_len", 2, 0 },
		{ "facility", 1, 0 }, { "flags", 1, 0 }, { "caller_id", 4, 0 }, { "dev_info", 64, 4 }, { NULL, 0, 0 } });
	synth_struct(s, "prb_desc_ring", (struct synth_field[]){ { "count_bits", 4, 0 }, { "descs", 4, 0 },
		{ "infos", 4, 0 }, { "head_id", 4, 0 }, { "tail_id", 4, 0 }, { NULL, 0, 0 } });
	synth_struct(s, "prb_data_ring", (struct synth_field[]){ { "size_bits", 4, 0 }, { "data", 4, 0 },
		{ "head_lpos", 4, 0 }, { "tail_lpos", 4, 0 }, { NULL, 0, 0 } });
	synth_struct(s, "printk_ringbuffer", (struct synth_field[]){ { "desc_ring", 20, 4 },
		{ "text_data_ring", 16, 4 }, { "fail", 4, 0 }, { NULL, 0, 0 } });
}

static struct prb_fixture prb_new(uint32_t head_id, uint32_t tail_id)
{
	struct prb_fixture f = { synth_new(synth_profile("6.1")) };
	uint32_t ptr;

	prb_types(f.s);
	f.desc_size = synth_size(f.s, "prb_desc");
	f.info_size = synth_size(f.s, "printk_info");
	f.descs = synth_alloc(f.s, NDESC * (uint32_t)f.desc_size, 8);
	f.infos = synth_alloc(f.s, NDESC * (uint32_t)f.info_size, 8);
	f.data = synth_alloc(f.s, RING, 8);
	f.rb = synth_alloc(f.s, (uint32_t)synth_size(f.s, "printk_ringbuffer"), 8);
	ptr = synth_var(f.s, "prb", 4);
	synth_w32(f.s, ptr, f.rb);
	synth_w32(f.s, f.rb + 0, 3);              /* desc_ring.count_bits */
	synth_w32(f.s, f.rb + 4, f.descs);
	synth_w32(f.s, f.rb + 8, f.infos);
	synth_w32(f.s, f.rb + 12, head_id);
	synth_w32(f.s, f.rb + 16, tail_id);
	synth_w32(f.s, f.rb + 20, 10);            /* text_data_ring.size_bits */
	synth_w32(f.s, f.rb + 24, f.data);
	return f;
}

/* A record: descriptor id in state `state`, its text at data lpos [begin, next). */
static void prb_record(struct prb_fixture *f, uint32_t id, unsigned state, uint32_t begin, uint32_t next,
		       uint64_t ts, const char *text)
{
	uint32_t d = f->descs + (id % NDESC) * (uint32_t)f->desc_size;
	uint32_t in = f->infos + (id % NDESC) * (uint32_t)f->info_size;
	uint32_t blk = (begin >> 10) == (next >> 10) ? begin % RING : 0;

	synth_w32(f->s, d, (uint32_t)state << 30 | id);
	synth_w32(f->s, d + 4, begin);
	synth_w32(f->s, d + 8, next);
	synth_w64(f->s, in + 8, ts);
	synth_w16(f->s, in + 16, (uint16_t)strlen(text));
	synth_w32(f->s, f->data + blk, id);       /* the block starts with its descriptor id */
	synth_write(f->s, f->data + blk + 4, MM_KVADDR, text, strlen(text));
}

static char *read_log(struct synth *s, struct mm_err *err, long *n)
{
	struct mm_kernel *k = unit_open(s);
	char *buf = calloc(1, 4096);
	*n = mm_printk_read(k, buf, 4096, err);
	mm_kernel_close(k);
	return buf;
}

static void test_prb_in_order_with_wrap(void **state)
{
	/* ids 5..9 (tail 5, head 9): 6 is reusable (skipped), 9's block wraps to the ring start */
	struct prb_fixture f = prb_new(9, 5);
	struct mm_err err = { 0 };
	long n;
	char *log;
	(void)state;

	prb_record(&f, 5, 2, 0x400 + 700, 0x400 + 720, 1500000000ull, "Booting Linux");
	prb_record(&f, 6, 3, 0x400 + 720, 0x400 + 740, 1600000000ull, "stale");
	prb_record(&f, 7, 2, 0x400 + 740, 0x400 + 812, 5633510000ull, "Unable to handle kernel paging request at virtual address f0b16000");
	prb_record(&f, 8, 1, 0x400 + 812, 0x400 + 860, 5645510000ull, "Kernel panic - not syncing: Fatal exception");
	prb_record(&f, 9, 2, 0x400 + 1000, 0x800 + 16, 5700000000ull, "after wrap");
	log = read_log(f.s, &err, &n);
	assert_true(n > 0);
	assert_string_equal(log,
		"[    1.500000] Booting Linux\n"
		"[    5.633510] Unable to handle kernel paging request at virtual address f0b16000\n"
		"[    5.645510] Kernel panic - not syncing: Fatal exception\n"
		"[    5.700000] after wrap\n");
	free(log);
	synth_free(f.s);
}

static void test_prb_text_bounded_by_block(void **state)
{
	/* text_len says 200 but the block holds 12 bytes of text: no read past the block */
	struct prb_fixture f = prb_new(1, 1);
	struct mm_err err = { 0 };
	long n;
	char *log;
	(void)state;

	prb_record(&f, 1, 2, 0, 16, 0, "0123456789ab");
	synth_w16(f.s, f.infos + (uint32_t)f.info_size + 16, 200);
	log = read_log(f.s, &err, &n);
	assert_string_equal(log, "[    0.000000] 0123456789ab\n");
	free(log);
	synth_free(f.s);
}

/* A data page filtered out of the dump (a zero page for makedumpfile) reads as zeros: the
 * records elsewhere are still read. */
static struct mm_target *inner;
static uint64_t excl_pa;

static int excluding_read(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len)
{
	if (space == MM_PHYSADDR && addr < excl_pa + 4096 && addr + len > excl_pa)
		return MM_EEXCLUDED;
	return inner->ops->read(ctx, addr, space, buf, len);
}

static void test_prb_excluded_page(void **state)
{
	struct prb_fixture f = prb_new(2, 1);
	struct mm_target_ops ops;
	struct mm_target t;
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	char buf[512];
	long n;
	(void)state;

	/* the ring spans pages: record 1 in the first, the second page excluded */
	prb_record(&f, 1, 2, 0x400 + 0, 0x400 + 20, 1000000ull, "kept");
	prb_record(&f, 2, 2, 0x400 + 20, 0x400 + 40, 2000000ull, "also kept");
	inner = synth_target(f.s);
	ops = *inner->ops;
	ops.read = excluding_read;
	t = *inner;
	t.ops = &ops;
	k = unit_open(f.s);
	k->t = &t;
	excl_pa = (synth_va_to_pa(f.s, f.data) + 4096) & ~4095ull;
	n = mm_printk_read(k, buf, sizeof(buf), &err);
	assert_true(n > 0);
	assert_string_equal(buf, "[    0.001000] kept\n[    0.002000] also kept\n");
	/* the records' own page (which also holds the ring's header here): no garbage, at most
	 * an "excluded" error */
	excl_pa = synth_va_to_pa(f.s, f.data) & ~4095ull;
	n = mm_printk_read(k, buf, sizeof(buf), &err);
	assert_true(n == 0 || (n == MM_EEXCLUDED && err.code == MM_EEXCLUDED));
	assert_null(strstr(buf, "kept"));
	k->t = inner;
	mm_kernel_close(k);
	synth_free(f.s);
}

static void test_prb_corrupt_sizes(void **state)
{
	struct prb_fixture f = prb_new(1, 1);
	struct mm_err err = { 0 };
	long n;
	char *log;
	(void)state;

	synth_w32(f.s, f.rb + 0, 30); /* 2^30 descriptors: refused, not allocated */
	log = read_log(f.s, &err, &n);
	assert_int_equal(n, MM_ECORRUPT);
	assert_non_null(strstr(err.msg, "descriptor bits"));
	free(log);
	synth_free(f.s);
}

/* 3.5-5.9: struct printk_log records packed in log_buf, len 0 = wrap to the start. */
static void test_log_buf_records(void **state)
{
	struct synth *s = synth_new(synth_profile("4.19"));
	struct mm_err err = { 0 };
	uint32_t buf, at = 0;
	long n, hs;
	char *log;
	const char *texts[] = { "first line", "page allocation failure: order:3, mode:0x40cc0", "" };
	(void)state;

	hs = synth_struct(s, "printk_log", (struct synth_field[]){ { "ts_nsec", 8, 0 }, { "len", 2, 0 },
		{ "text_len", 2, 0 }, { "dict_len", 2, 0 }, { "facility", 1, 0 }, { "flags", 1, 0 }, { NULL, 0, 0 } });
	assert_int_equal(hs, 16);
	buf = synth_alloc(s, 256, 8);
	synth_w32(s, synth_var(s, "log_buf", 4), buf);
	synth_w32(s, synth_var(s, "log_buf_len", 4), 256);
	/* record 0 at 160 (oldest), then the wrap marker at 192, then record 1 at 0 */
	at = 160;
	synth_w64(s, buf + at, 2000000ull);
	synth_w16(s, buf + at + 8, 16 + 16);
	synth_w16(s, buf + at + 10, (uint16_t)strlen(texts[0]));
	synth_write(s, buf + at + 16, MM_KVADDR, texts[0], strlen(texts[0]));
	synth_w16(s, buf + 192 + 8, 0);
	synth_w64(s, buf + 0, 3000000000ull);
	synth_w16(s, buf + 8, 16 + 48);
	synth_w16(s, buf + 10, (uint16_t)strlen(texts[1]));
	synth_write(s, buf + 16, MM_KVADDR, texts[1], strlen(texts[1]));
	synth_w32(s, synth_var(s, "log_first_idx", 4), 160);
	synth_w32(s, synth_var(s, "log_next_idx", 4), 64);
	log = read_log(s, &err, &n);
	assert_string_equal(log, "[    0.002000] first line\n"
				 "[    3.000000] page allocation failure: order:3, mode:0x40cc0\n");
	{
		struct mm_panic_facts pf;
		mm_klog_parse(log, (size_t)n, &pf);
		assert_int_equal(pf.failed_order, 3);
	}
	free(log);
	/* a record claiming more than the buffer holds stops the walk, without reading past it */
	synth_w16(s, buf + 8, 300);
	log = read_log(s, &err, &n);
	assert_string_equal(log, "[    0.002000] first line\n");
	free(log);
	/* first index outside the buffer: corrupt */
	synth_w32(s, synth_symval(s, "log_first_idx"), 4096);
	log = read_log(s, &err, &n);
	assert_int_equal(n, MM_ECORRUPT);
	free(log);
	synth_free(s);
}

UNIT_GROUP(printk,
	   cmocka_unit_test(test_prb_in_order_with_wrap),
	   cmocka_unit_test(test_prb_text_bounded_by_block),
	   cmocka_unit_test(test_prb_excluded_page),
	   cmocka_unit_test(test_prb_corrupt_sizes),
	   cmocka_unit_test(test_log_buf_records))
