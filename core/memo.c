/* The memo and its cache file. Format (text, one answer a line, tab-separated):
 *   mmview-memo 1 BUILDID
 *   n <TAB> key <TAB> decimal          (a number, MM_MEMO_ABSENT included)
 *   t <TAB> key <TAB> text             (no tab or newline in key or text)
 * The file is read as hostile: bounded size, every line checked, any fault drops it all. */
#define _GNU_SOURCE
#include "memo.h"
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEMO_VERSION 3 /* bumped whenever an answer of the readers (or the format) changes */
#define MAX_FILE (8u << 20)
#define MAX_LINE 65536
#define MAX_ENTRIES 200000

struct slot {
	char *key;
	long long value;
	char *text;
};

struct mm_memo {
	struct slot *s;
	size_t cap, n;
	int dirty;
};

static size_t hash(const char *k)
{
	size_t h = 5381;
	while (*k)
		h = h * 33 + (unsigned char)*k++;
	return h;
}

static struct slot *find(const struct mm_memo *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
		if (!m->s[i].key || !strcmp(m->s[i].key, key))
			return &m->s[i];
}

static int grow(struct mm_memo *m)
{
	struct mm_memo nm = { calloc(m->cap ? m->cap * 2 : 512, sizeof(struct slot)), m->cap ? m->cap * 2 : 512, 0, 0 };
	if (!nm.s)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->s[i].key)
			*find(&nm, m->s[i].key) = m->s[i];
	free(m->s);
	m->s = nm.s;
	m->cap = nm.cap;
	return 0;
}

struct mm_memo *mm_memo_new(void)
{
	return calloc(1, sizeof(struct mm_memo));
}

void mm_memo_free(struct mm_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++) {
		free(m->s[i].key);
		free(m->s[i].text);
	}
	free(m->s);
	free(m);
}

int mm_memo_get(const struct mm_memo *m, const char *key, long long *value)
{
	const struct slot *s = find(m, key);
	if (!s || !s->key || s->text)
		return -1;
	*value = s->value;
	return 0;
}

const char *mm_memo_get_text(const struct mm_memo *m, const char *key)
{
	const struct slot *s = find(m, key);
	return s && s->key ? s->text : NULL;
}

static struct slot *put(struct mm_memo *m, const char *key)
{
	struct slot *s;
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return NULL;
	s = find(m, key);
	if (!s->key) {
		if (!(s->key = strdup(key)))
			return NULL;
		m->n++;
	}
	m->dirty = 1;
	return s;
}

void mm_memo_put(struct mm_memo *m, const char *key, long long value)
{
	struct slot *s = put(m, key);
	if (s) {
		free(s->text);
		s->text = NULL;
		s->value = value;
	}
}

void mm_memo_put_text(struct mm_memo *m, const char *key, const char *text)
{
	struct slot *s = put(m, key);
	if (s) {
		free(s->text);
		s->text = strdup(text ? text : "");
	}
}

int mm_memo_dirty(const struct mm_memo *m)
{
	return m->dirty;
}

int mm_memo_cache_path(const char *build_id, char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (!build_id || !*build_id)
		return -1;
	if (xdg && *xdg == '/')
		n = snprintf(buf, len, "%s/mmview/model-%s.memo", xdg, build_id);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.cache/mmview/model-%s.memo", home, build_id);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

static int clean_field(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 32 || *s == 127)
			return 0;
	return 1;
}

int mm_memo_load(struct mm_memo *m, const char *path, const char *build_id)
{
	FILE *f = fopen(path, "r");
	struct mm_memo *tmp;
	char *line = NULL, head[160];
	size_t cap = 0, count = 0;
	ssize_t n;
	struct stat st;
	int ok = 0;

	if (!f)
		return -1;
	tmp = mm_memo_new();
	if (!tmp || fstat(fileno(f), &st) || st.st_size > MAX_FILE)
		goto out;
	snprintf(head, sizeof(head), "mmview-memo %d %s\n", MEMO_VERSION, build_id);
	if ((n = getline(&line, &cap, f)) < 0 || strcmp(line, head))
		goto out;
	while ((n = getline(&line, &cap, f)) >= 0) {
		char *kind, *key, *val, *end, *save = NULL;
		if (n > MAX_LINE || ++count > MAX_ENTRIES || n == 0 || line[n - 1] != '\n')
			goto out;
		line[n - 1] = 0;
		kind = strtok_r(line, "\t", &save);
		key = strtok_r(NULL, "\t", &save);
		val = strtok_r(NULL, "", &save);
		if (!kind || !key || !*key || !clean_field(key))
			goto out;
		if (!strcmp(kind, "n")) {
			long long v;
			if (!val || !*val)
				goto out;
			errno = 0;
			v = strtoll(val, &end, 10);
			if (*end || errno)
				goto out;
			mm_memo_put(tmp, key, v);
		} else if (!strcmp(kind, "t")) {
			if (val && !clean_field(val))
				goto out;
			mm_memo_put_text(tmp, key, val ? val : "");
		} else
			goto out;
	}
	ok = 1;
out:
	free(line);
	fclose(f);
	if (!ok) {
		mm_memo_free(tmp);
		return -1;
	}
	/* adopt what was read */
	for (size_t i = 0; i < tmp->cap; i++) {
		struct slot *s = &tmp->s[i];
		if (!s->key)
			continue;
		if (s->text)
			mm_memo_put_text(m, s->key, s->text);
		else
			mm_memo_put(m, s->key, s->value);
	}
	mm_memo_free(tmp);
	m->dirty = 0;
	return 0;
}

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int mm_memo_save(struct mm_memo *m, const char *path, const char *build_id)
{
	char tmp[4200], dir[4096];
	FILE *f;
	int bad = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()) >= (int)sizeof(tmp))
		return -1;
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdirs(dir))
		return -1;
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "mmview-memo %d %s\n", MEMO_VERSION, build_id);
	for (size_t i = 0; i < m->cap; i++) {
		const struct slot *s = &m->s[i];
		if (!s->key || !clean_field(s->key))
			continue;
		if (s->text) {
			if (clean_field(s->text))
				fprintf(f, "t\t%s\t%s\n", s->key, s->text);
		} else
			fprintf(f, "n\t%s\t%lld\n", s->key, s->value);
	}
	if (fflush(f) || ferror(f))
		bad = 1;
	if (fclose(f) || bad || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	m->dirty = 0;
	return 0;
}
