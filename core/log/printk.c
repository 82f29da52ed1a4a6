/* printk buffers (kernel/printk/printk_ringbuffer.[ch], kernel/printk/printk.c). Offsets come from
 * the debug info when the log is asked for (not with the model: only triage needs them); both
 * buffers are read in bulk and every index, length and id from the dump is bounded. */
#include "printk.h"
#include "../read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RING_BYTES (64u << 20)
#define MAX_DESCS (1u << 22)

enum { DESC_COMMITTED = 1, DESC_FINALIZED = 2 };

struct sink {
	char *buf;
	size_t len, n;
};

static void put(struct sink *s, const char *p, size_t n)
{
	if (s->n >= s->len)
		return;
	if (n > s->len - s->n)
		n = s->len - s->n;
	memcpy(s->buf + s->n, p, n);
	s->n += n;
}

/* One record: "[    1.234567] text", a line per line of text. */
static void record(struct sink *s, uint64_t ts_nsec, const char *text, size_t n)
{
	char head[48];
	int h = snprintf(head, sizeof(head), "[%5llu.%06llu] ", (unsigned long long)(ts_nsec / 1000000000u),
			 (unsigned long long)(ts_nsec % 1000000000u / 1000u));
	put(s, head, (size_t)h);
	for (size_t i = 0; i < n; i++) {
		char c = text[i] ? text[i] : ' ';
		put(s, &c, 1);
	}
	put(s, "\n", 1);
}

static long off(struct mm_kernel *k, const char *type, const char *member)
{
	return k->t->ops->member_offset(k->t->ctx, type, member);
}

static long size(struct mm_kernel *k, const char *type)
{
	return k->t->ops->type_size(k->t->ctx, type);
}

/* ---- 5.10+: the lockless ring buffer ---- */

struct prb_layout {
	long desc_ring, text_ring, count_bits, descs, infos, head_id, tail_id;
	long size_bits, data;
	long desc_size, sv, lpos, begin, next, lsize;
	long info_size, ts, text_len;
};

static int prb_layout(struct mm_kernel *k, struct prb_layout *l, struct mm_err *err)
{
	l->desc_ring = off(k, "printk_ringbuffer", "desc_ring");
	l->text_ring = off(k, "printk_ringbuffer", "text_data_ring");
	l->count_bits = off(k, "prb_desc_ring", "count_bits");
	l->descs = off(k, "prb_desc_ring", "descs");
	l->infos = off(k, "prb_desc_ring", "infos");
	l->head_id = off(k, "prb_desc_ring", "head_id");
	l->tail_id = off(k, "prb_desc_ring", "tail_id");
	l->size_bits = off(k, "prb_data_ring", "size_bits");
	l->data = off(k, "prb_data_ring", "data");
	l->desc_size = size(k, "prb_desc");
	l->sv = off(k, "prb_desc", "state_var");
	l->lpos = off(k, "prb_desc", "text_blk_lpos");
	l->begin = off(k, "prb_data_blk_lpos", "begin");
	l->next = off(k, "prb_data_blk_lpos", "next");
	l->lsize = k->t->ops->member_size(k->t->ctx, "prb_data_blk_lpos", "begin");
	l->info_size = size(k, "printk_info");
	l->ts = off(k, "printk_info", "ts_nsec");
	l->text_len = off(k, "printk_info", "text_len");
	const long *all = &l->desc_ring;
	for (size_t i = 0; i < sizeof(*l) / sizeof(long); i++)
		if (all[i] < 0)
			return mm_err_set(err, MM_EABSENT, "printk ring buffer layout incomplete in the debug info");
	if (l->lsize != 4 && l->lsize != 8)
		return mm_err_set(err, MM_ECORRUPT, "printk ring buffer: lpos of %ld bytes", l->lsize);
	return MM_OK;
}

/* The text of one record: from the data block its lpos pair names (a block that wraps starts
 * over at the beginning of the ring); NULL when the lpos pair is impossible. */
static const char *block_text(const uint8_t *data, uint64_t ring, unsigned size_bits, uint64_t begin,
			      uint64_t next, long lsize, size_t *avail)
{
	uint64_t b, dsize;

	if (begin & 1 || begin == next) /* data-less record */
		return NULL;
	if (begin >> size_bits == next >> size_bits) {
		b = begin & (ring - 1);
		dsize = next - begin;
	} else if ((begin + ring) >> size_bits == next >> size_bits) {
		b = 0; /* the block did not fit before the end: it starts over at 0 */
		dsize = next & (ring - 1);
	} else
		return NULL;
	if (dsize < (uint64_t)lsize || b + dsize > ring)
		return NULL;
	*avail = (size_t)(dsize - (uint64_t)lsize);
	return (const char *)data + b + lsize;
}

/* A printk array in bulk; a page the dump filtered out was a zero page (makedumpfile drops
 * zero pages at -d 1 and up, and never kernel data otherwise), so it reads as zeros: an unused
 * stretch of the ring must not cost the whole log. Any other failure is the caller's error. */
static int read_ring(struct mm_kernel *k, kva_t va, uint8_t *buf, uint64_t len, struct mm_err *err)
{
	int rc = mm_read(k, va, MM_KVADDR, buf, len, err);

	if (rc != MM_EEXCLUDED)
		return rc;
	for (uint64_t off = 0; off < len;) {
		uint64_t chunk = k->page_size - ((va + off) & (k->page_size - 1));
		if (chunk > len - off)
			chunk = len - off;
		rc = mm_read(k, va + off, MM_KVADDR, buf + off, chunk, err);
		if (rc == MM_EEXCLUDED)
			memset(buf + off, 0, chunk);
		else if (rc)
			return rc;
		off += chunk;
	}
	return MM_OK;
}

static long read_prb(struct mm_kernel *k, uint64_t prb_sym, struct sink *s, struct mm_err *err)
{
	struct prb_layout l;
	uint8_t hdr[256], *descs = NULL, *infos = NULL, *data = NULL;
	uint32_t prb;
	uint64_t count, ring, head, tail, mask, shift;
	long rb_size;
	int rc;

	if ((rc = prb_layout(k, &l, err)))
		return rc;
	if ((rc = mm_read_u32(k, (kva_t)prb_sym, &prb, err)))
		return mm_err_wrap(err, "reading prb");
	rb_size = size(k, "printk_ringbuffer");
	if (rb_size <= 0 || rb_size > (long)sizeof(hdr))
		return mm_err_set(err, MM_EABSENT, "struct printk_ringbuffer size unknown");
	if ((rc = mm_read(k, prb, MM_KVADDR, hdr, (size_t)rb_size, err)))
		return mm_err_wrap(err, "printk_ringbuffer at %x", prb);
	unsigned cbits = (unsigned)mm_get32(hdr, sizeof(hdr), l.desc_ring + l.count_bits);
	unsigned sbits = (unsigned)mm_get32(hdr, sizeof(hdr), l.text_ring + l.size_bits);
	kva_t descs_va = mm_get32(hdr, sizeof(hdr), l.desc_ring + l.descs);
	kva_t infos_va = mm_get32(hdr, sizeof(hdr), l.desc_ring + l.infos);
	kva_t data_va = mm_get32(hdr, sizeof(hdr), l.text_ring + l.data);
	head = mm_get(hdr, sizeof(hdr), l.desc_ring + l.head_id, l.lsize);
	tail = mm_get(hdr, sizeof(hdr), l.desc_ring + l.tail_id, l.lsize);
	if (cbits > 22 || sbits > 26 || sbits < 4)
		return mm_err_set(err, MM_ECORRUPT, "printk ring buffer at %x: %u descriptor bits, %u data bits",
				  prb, cbits, sbits);
	count = 1ull << cbits;
	ring = 1ull << sbits;
	if (count > MAX_DESCS || ring > MAX_RING_BYTES)
		return mm_err_set(err, MM_ELIMIT, "printk ring buffer too large");
	descs = malloc(count * (uint64_t)l.desc_size);
	infos = malloc(count * (uint64_t)l.info_size);
	data = malloc(ring);
	if (!descs || !infos || !data) {
		rc = mm_err_set(err, MM_ENOMEM, "out of memory reading the printk ring buffer");
		goto out;
	}
	if ((rc = read_ring(k, descs_va, descs, count * (uint64_t)l.desc_size, err)) ||
	    (rc = read_ring(k, infos_va, infos, count * (uint64_t)l.info_size, err)) ||
	    (rc = read_ring(k, data_va, data, ring, err))) {
		mm_err_wrap(err, "printk ring buffer");
		goto out;
	}
	shift = (uint64_t)l.lsize * 8 - 2;
	mask = (l.lsize == 8 ? ~0ull : 0xffffffffull) >> 2;
	/* from the oldest descriptor to the newest: at most one lap of the ring */
	for (uint64_t id = tail & mask, n = 0; n < count; id = (id + 1) & mask, n++) {
		const uint8_t *d = descs + (id % count) * (uint64_t)l.desc_size;
		const uint8_t *in = infos + (id % count) * (uint64_t)l.info_size;
		uint64_t sv = mm_get(d, (size_t)l.desc_size, l.sv, l.lsize);
		unsigned state = (unsigned)(sv >> shift) & 3;
		size_t avail, tl;
		const char *text;

		if ((sv & mask) == id && (state == DESC_COMMITTED || state == DESC_FINALIZED)) {
			text = block_text(data, ring, sbits, mm_get(d, (size_t)l.desc_size, l.lpos + l.begin, l.lsize),
					  mm_get(d, (size_t)l.desc_size, l.lpos + l.next, l.lsize), l.lsize, &avail);
			tl = (size_t)mm_get(in, (size_t)l.info_size, l.text_len, 2);
			if (text)
				record(s, mm_get(in, (size_t)l.info_size, l.ts, 8), text, tl < avail ? tl : avail);
		}
		if (id == (head & mask))
			break;
	}
	rc = MM_OK;
out:
	free(descs);
	free(infos);
	free(data);
	return rc;
}

/* ---- 3.5-5.9: variable-length records in log_buf ---- */

static long read_log_buf(struct mm_kernel *k, struct sink *s, struct mm_err *err)
{
	const char *type = size(k, "printk_log") > 0 ? "printk_log" : "log";
	long hsize = size(k, type), o_ts = off(k, type, "ts_nsec"), o_len = off(k, type, "len"),
	     o_tl = off(k, type, "text_len");
	uint32_t buf_va, blen, first, next;
	uint8_t *buf;
	int rc;

	if (hsize <= 0 || o_ts < 0 || o_len < 0 || o_tl < 0)
		return mm_err_set(err, MM_EABSENT, "no printk record layout (struct printk_log / struct log)");
	if ((rc = mm_read_sym_u32(k, "log_buf", &buf_va, err)) || (rc = mm_read_sym_u32(k, "log_buf_len", &blen, err)) ||
	    (rc = mm_read_sym_u32(k, "log_first_idx", &first, err)) ||
	    (rc = mm_read_sym_u32(k, "log_next_idx", &next, err)))
		return rc;
	if (!blen || blen > MAX_RING_BYTES || first >= blen || next > blen)
		return mm_err_set(err, MM_ECORRUPT, "log_buf of %u bytes, first %u, next %u", blen, first, next);
	buf = malloc(blen);
	if (!buf)
		return mm_err_set(err, MM_ENOMEM, "out of memory reading log_buf");
	if ((rc = read_ring(k, buf_va, (uint8_t *)buf, blen, err))) {
		free(buf);
		return mm_err_wrap(err, "log_buf");
	}
	/* records from log_first_idx to log_next_idx; a zero len sends back to the start */
	for (uint32_t idx = first, n = 0, wrapped = 0; idx != next && n < blen / (uint32_t)hsize + 2; n++) {
		uint32_t len, tl;
		if ((uint64_t)idx + (uint64_t)hsize > blen) {
			if (wrapped++)
				break;
			idx = 0;
			continue;
		}
		len = (uint32_t)mm_get(buf, blen, idx + o_len, 2);
		if (!len) {
			if (wrapped++)
				break;
			idx = 0;
			continue;
		}
		if ((long)len < hsize || (uint64_t)idx + len > blen)
			break; /* a record that cannot be: the rest is unreadable */
		tl = (uint32_t)mm_get(buf, blen, idx + o_tl, 2);
		if (tl > len - (uint32_t)hsize)
			tl = len - (uint32_t)hsize;
		record(s, mm_get(buf, blen, idx + o_ts, 8), (const char *)buf + idx + hsize, tl);
		idx += len;
	}
	free(buf);
	return MM_OK;
}

long mm_printk_read(struct mm_kernel *k, char *buf, size_t len, struct mm_err *err)
{
	struct sink s = { buf, len ? len - 1 : 0, 0 };
	uint64_t prb;
	long rc;

	if (!len)
		return 0;
	if (mm_symbol(k, "prb", &prb, NULL) == 0)
		rc = read_prb(k, prb, &s, err);
	else if (mm_has_symbol(k, "log_first_idx"))
		rc = read_log_buf(k, &s, err);
	else
		rc = mm_err_set(err, MM_EUNSUPPORTED, "no printk buffer this reader knows (prb, log_first_idx)");
	buf[s.n] = 0;
	return rc < 0 ? rc : (long)s.n;
}
