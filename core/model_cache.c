/* The memoizing target in front of a front end's own (see model_cache.h). Keys of the memo:
 *   size:TYPE  off:TYPE.MEMBER  msize:TYPE.MEMBER  enum:NAME  alen:SYMBOL
 *   enumt:TYPE   "NAME=VALUE,..." every enumerator of a type ("-": the type is absent)
 *   layout:TYPE  1 when every member of TYPE is in the memo (listed at once), 0 when the
 *                inner target could not list it (then members are asked one by one)
 * Absent answers are remembered too (MM_MEMO_ABSENT). */
#define _GNU_SOURCE
#include "model_cache.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct mm_model_cache *MC(void *ctx)
{
	return ctx;
}

static struct mm_target *IN(void *ctx)
{
	return MC(ctx)->inner;
}

/* ---- pass-through */

static int w_read(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len)
{
	return IN(ctx)->ops->read(IN(ctx)->ctx, addr, space, buf, len);
}

static int w_symbol(void *ctx, const char *name, uint64_t *value)
{
	return IN(ctx)->ops->symbol(IN(ctx)->ctx, name, value);
}

static int w_symbol_name(void *ctx, uint64_t addr, char *buf, size_t len)
{
	return IN(ctx)->ops->symbol_name(IN(ctx)->ctx, addr, buf, len);
}

static int w_config(void *ctx, const char *name, char *buf, size_t len)
{
	return IN(ctx)->ops->config ? IN(ctx)->ops->config(IN(ctx)->ctx, name, buf, len) : -1;
}

static long w_log(void *ctx, char *buf, size_t len)
{
	return IN(ctx)->ops->log ? IN(ctx)->ops->log(IN(ctx)->ctx, buf, len) : -1;
}

/* ---- remembered answers */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Counts a question to the inner target that started at t0, and keeps the slowest. */
static void asked(struct mm_model_cache *c, const char *key, double t0)
{
	double dt = now() - t0;
	int n = (int)(sizeof(c->slowest) / sizeof(c->slowest[0])), min = 0;

	c->questions++;
	c->seconds += dt;
	for (int i = 0; i < (int)(sizeof(c->per_kind) / sizeof(c->per_kind[0])); i++) {
		size_t kl = strcspn(key, ":");
		if (c->per_kind[i].kind[0] && (strlen(c->per_kind[i].kind) != kl || strncmp(c->per_kind[i].kind, key, kl)))
			continue;
		if (!c->per_kind[i].kind[0])
			snprintf(c->per_kind[i].kind, sizeof(c->per_kind[i].kind), "%.*s", (int)kl, key);
		c->per_kind[i].n++;
		c->per_kind[i].seconds += dt;
		break;
	}
	for (int i = 1; i < n; i++)
		if (c->slowest[i].seconds < c->slowest[min].seconds)
			min = i;
	if (dt > c->slowest[min].seconds) {
		snprintf(c->slowest[min].key, sizeof(c->slowest[min].key), "%s", key);
		c->slowest[min].seconds = dt;
	}
}

void mm_model_cache_stats(const struct mm_model_cache *c, char *buf, size_t len)
{
	int n = (int)(sizeof(c->slowest) / sizeof(c->slowest[0]));
	size_t used = (size_t)snprintf(buf, len, "%lu debug-info questions in %.3f s (%lu absent names not asked); slowest:",
				       c->questions, c->seconds, c->spared);
	for (int i = 0; i < n && used < len; i++)
		if (c->slowest[i].key[0])
			used += (size_t)snprintf(buf + used, len - used, " %s %.3f", c->slowest[i].key, c->slowest[i].seconds);
	for (int i = 0; i < (int)(sizeof(c->per_kind) / sizeof(c->per_kind[0])) && used < len; i++)
		if (c->per_kind[i].kind[0])
			used += (size_t)snprintf(buf + used, len - used, "%s %s %lu in %.3f s", i ? "," : "; by kind:",
						 c->per_kind[i].kind, c->per_kind[i].n, c->per_kind[i].seconds);
}

static void key_of(char *key, size_t len, const char *kind, const char *a, const char *b)
{
	snprintf(key, len, "%s:%s%s%s", kind, a, b ? "." : "", b ? b : "");
}

/* A question to the inner target: its answer, or -1 for "absent". */
typedef long (*question)(struct mm_target *in, const char *a, const char *b);

/* 1 when name cannot be in the vmlinux's DWARF (its .debug_str lacks it), else 0. */
static int lacks(struct mm_model_cache *c, const char *name)
{
	if (!c->names_path[0])
		return 0;
	if (!c->names_tried) {
		c->names_tried = 1;
		c->names = mm_elf_names_open(c->names_path);
	}
	return !mm_elf_names_may_have(c->names, name);
}

/* As lacks(), counting the question spared. */
static int may_exist(struct mm_model_cache *c, const char *name)
{
	if (!lacks(c, name))
		return 1;
	c->spared++;
	return 0;
}

/* The name a question is about: the member for member questions, else the type/enumerator. */
static long long ask(struct mm_model_cache *c, const char *kind, const char *a, const char *b, question q)
{
	char key[300];
	long long v;

	key_of(key, sizeof(key), kind, a, b);
	if (mm_memo_get(c->memo, key, &v) && !may_exist(c, b ? b : a))
		mm_memo_put(c->memo, key, v = MM_MEMO_ABSENT);
	else if (mm_memo_get(c->memo, key, &v)) {
		double t0 = now();
		long r = q(c->inner, a, b);
		asked(c, key, t0);
		v = r < 0 ? MM_MEMO_ABSENT : r;
		mm_memo_put(c->memo, key, v);
	}
	return v;
}

static long answer(long long v)
{
	return v == MM_MEMO_ABSENT ? -1 : (long)v;
}

static long q_size(struct mm_target *in, const char *type, const char *unused)
{
	return in->ops->type_size(in->ctx, type);
}

static long q_offset(struct mm_target *in, const char *type, const char *member)
{
	return in->ops->member_offset(in->ctx, type, member);
}

static long q_msize(struct mm_target *in, const char *type, const char *member)
{
	return in->ops->member_size(in->ctx, type, member);
}

static long q_alen(struct mm_target *in, const char *symbol, const char *unused)
{
	return in->ops->array_length ? in->ops->array_length(in->ctx, symbol) : -1;
}

/* ---- whole structs */

struct layout_fill {
	struct mm_model_cache *c;
	const char *type;
};

static void put_if_new(struct mm_memo *m, const char *key, long long v)
{
	long long old;
	if (mm_memo_get(m, key, &old) || old != v)
		mm_memo_put(m, key, v);
}

static void fill_member(void *arg, const char *member, long offset, long size)
{
	struct layout_fill *f = arg;
	char key[300];

	key_of(key, sizeof(key), "off", f->type, member);
	put_if_new(f->c->memo, key, offset);
	key_of(key, sizeof(key), "msize", f->type, member);
	put_if_new(f->c->memo, key, size);
}

/* Whether every member of type is in the memo: listed now in one question when the inner
 * target can, remembered either way. */
static int laid_out(struct mm_model_cache *c, const char *type)
{
	struct layout_fill f = { c, type };
	char key[300];
	long long v;
	long size;
	double t0;

	key_of(key, sizeof(key), "layout", type, NULL);
	if (!mm_memo_get(c->memo, key, &v))
		return v == 1;
	if (!c->inner->ops->struct_members || lacks(c, type))
		return 0;
	t0 = now();
	size = c->inner->ops->struct_members(c->inner->ctx, type, fill_member, &f);
	asked(c, key, t0);
	if (size >= 0 || size == -1) { /* listed, or absent: either way its size is known */
		char skey[300];
		key_of(skey, sizeof(skey), "size", type, NULL);
		put_if_new(c->memo, skey, size >= 0 ? size : MM_MEMO_ABSENT);
	}
	mm_memo_put(c->memo, key, size >= 0);
	return size >= 0;
}

static long w_type_size(void *ctx, const char *type)
{
	struct mm_model_cache *c = ctx;
	char key[300];
	long long v;

	key_of(key, sizeof(key), "size", type, NULL);
	if (!mm_memo_get(c->memo, key, &v))
		return answer(v);
	laid_out(c, type); /* a listing (or an absent type) answers the size too */
	if (!mm_memo_get(c->memo, key, &v))
		return answer(v);
	return answer(ask(c, "size", type, NULL, q_size));
}

/* A member of an absent type is absent without a question of its own; a member of a type
 * listed whole is absent when the list lacks it. */
static long member(struct mm_model_cache *c, const char *kind, const char *type, const char *m, question q)
{
	char key[300];
	long long v;

	if (w_type_size(c, type) < 0)
		return -1;
	key_of(key, sizeof(key), kind, type, m);
	if (!mm_memo_get(c->memo, key, &v))
		return answer(v);
	if (laid_out(c, type)) {
		mm_memo_put(c->memo, key, MM_MEMO_ABSENT);
		return -1;
	}
	return answer(ask(c, kind, type, m, q));
}

static long w_member_offset(void *ctx, const char *type, const char *m)
{
	return member(ctx, "off", type, m, q_offset);
}

static long w_member_size(void *ctx, const char *type, const char *m)
{
	/* as the targets answer: no size for a member that is not there */
	if (w_member_offset(ctx, type, m) < 0)
		return -1;
	return member(ctx, "msize", type, m, q_msize);
}

static int w_enum_value(void *ctx, const char *name, long *value)
{
	struct mm_model_cache *c = ctx;
	char key[300];
	long long v;

	/* enumerators may be negative: asked apart from ask(), whose -1 means absent */
	key_of(key, sizeof(key), "enum", name, NULL);
	if (mm_memo_get(c->memo, key, &v) && !may_exist(c, name))
		mm_memo_put(c->memo, key, v = MM_MEMO_ABSENT);
	else if (mm_memo_get(c->memo, key, &v)) {
		double t0 = now();
		long r;
		v = c->inner->ops->enum_value && !c->inner->ops->enum_value(c->inner->ctx, name, &r) ? r : MM_MEMO_ABSENT;
		asked(c, key, t0);
		mm_memo_put(c->memo, key, v);
	}
	if (v == MM_MEMO_ABSENT)
		return -1;
	*value = (long)v;
	return 0;
}

static long w_array_length(void *ctx, const char *symbol)
{
	uint64_t addr;
	if (w_symbol(ctx, symbol, &addr))
		return -1;
	return answer(ask(MC(ctx), "alen", symbol, NULL, q_alen));
}

/* ---- whole enums, remembered as "NAME=VALUE,NAME=VALUE" ("-" when the type is absent) */

struct collect {
	char *buf;
	size_t len, cap;
};

static void collect_one(void *arg, const char *name, long value)
{
	struct collect *c = arg;
	char item[160];
	int n = snprintf(item, sizeof(item), "%s%s=%ld", c->len ? "," : "", name, value);
	if (n <= 0 || (size_t)n >= sizeof(item))
		return;
	if (c->len + (size_t)n + 1 > c->cap) {
		size_t cap = (c->cap ? c->cap * 2 : 1024) + (size_t)n;
		char *nb = realloc(c->buf, cap);
		if (!nb)
			return;
		c->buf = nb;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, item, (size_t)n + 1);
	c->len += (size_t)n;
}

static long replay(const char *text, void (*fn)(void *, const char *, long), void *arg)
{
	long n = 0;
	const char *p = text;

	if (!strcmp(text, "-"))
		return -1;
	while (*p && n < 100000) {
		char name[128], *end;
		size_t nl = strcspn(p, "=,");
		long v;
		if (p[nl] != '=' || nl == 0 || nl >= sizeof(name))
			return -1;
		memcpy(name, p, nl);
		name[nl] = 0;
		v = strtol(p + nl + 1, &end, 10);
		if (end == p + nl + 1 || (*end && *end != ','))
			return -1;
		fn(arg, name, v);
		n++;
		p = *end ? end + 1 : end;
	}
	return n;
}

static long w_enum_members(void *ctx, const char *type, void (*fn)(void *, const char *, long), void *arg)
{
	struct mm_model_cache *c = ctx;
	char key[200];
	const char *text;

	key_of(key, sizeof(key), "enumt", type, NULL);
	text = mm_memo_get_text(c->memo, key);
	if (!text && !may_exist(c, type)) {
		mm_memo_put_text(c->memo, key, "-");
		text = mm_memo_get_text(c->memo, key);
	}
	if (!text) {
		struct collect col = { 0 };
		double t0 = now();
		long n = c->inner->ops->enum_members ? c->inner->ops->enum_members(c->inner->ctx, type, collect_one, &col) : -1;
		asked(c, key, t0);
		mm_memo_put_text(c->memo, key, n < 0 ? "-" : col.buf ? col.buf : "");
		free(col.buf);
		text = mm_memo_get_text(c->memo, key);
		if (!text)
			return -1;
	}
	return replay(text, fn, arg);
}

static const struct mm_target_ops cached_ops = {
	.read = w_read,
	.symbol = w_symbol,
	.symbol_name = w_symbol_name,
	.type_size = w_type_size,
	.member_offset = w_member_offset,
	.member_size = w_member_size,
	.enum_value = w_enum_value,
	.config = w_config,
	.log = w_log,
	.array_length = w_array_length,
	.enum_members = w_enum_members,
};

int mm_model_cache_open(struct mm_model_cache *c, struct mm_target *inner, const char *build_id, int use_file)
{
	memset(c, 0, sizeof(*c));
	c->inner = inner;
	c->memo = mm_memo_new();
	if (!c->memo)
		return -1;
	snprintf(c->build_id, sizeof(c->build_id), "%s", build_id ? build_id : "");
	if (use_file && c->build_id[0] && !mm_memo_cache_path(c->build_id, c->path, sizeof(c->path)))
		mm_memo_load(c->memo, c->path, c->build_id);
	else
		c->path[0] = 0;
	c->ops = cached_ops;
	if (!inner->ops->config)
		c->ops.config = NULL;
	if (!inner->ops->log)
		c->ops.log = NULL; /* the core then reads the log itself */
	if (!inner->ops->array_length)
		c->ops.array_length = NULL;
	if (!inner->ops->enum_value)
		c->ops.enum_value = NULL;
	if (!inner->ops->enum_members)
		c->ops.enum_members = NULL;
	c->t.ops = &c->ops;
	c->t.ctx = c;
	c->t.reads_kvaddr = inner->reads_kvaddr;
	c->t.name = inner->name;
	return 0;
}

int mm_model_cache_dirty(const struct mm_model_cache *c)
{
	return c->memo && mm_memo_dirty(c->memo);
}

int mm_model_cache_save(struct mm_model_cache *c)
{
	if (!c->memo || !c->path[0] || !mm_memo_dirty(c->memo))
		return 0;
	return mm_memo_save(c->memo, c->path, c->build_id) ? -1 : 1;
}

void mm_model_cache_names(struct mm_model_cache *c, const char *vmlinux)
{
	snprintf(c->names_path, sizeof(c->names_path), "%s", vmlinux ? vmlinux : "");
}

void mm_model_cache_close(struct mm_model_cache *c)
{
	mm_memo_free(c->memo);
	mm_elf_names_close(c->names);
	memset(c, 0, sizeof(*c));
}

