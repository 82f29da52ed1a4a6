/* The ELF file read by hand (ELF32/ELF64, either byte order): section headers, the build-id
 * note, .debug_str. Every size and offset is checked against bounds before use. */
#define _GNU_SOURCE
#include "elf_names.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SECTIONS 4096
#define MAX_STRTAB (64u << 20)
#define KEY MM_ELF_NAME_MIN /* the index key: a string's last KEY bytes */

struct elf {
	FILE *f;
	int is64, big, shentsize;
	uint64_t shoff, shnum, shstrndx;
};

struct section {
	uint32_t name, type;
	uint64_t flags, off, size;
};

static uint64_t get_uint(const unsigned char *p, int size, int big)
{
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v = (v << 8) | p[big ? i : size - 1 - i];
	return v;
}

static int read_at(FILE *f, uint64_t off, void *buf, size_t len)
{
	return fseeko(f, (off_t)off, SEEK_SET) || fread(buf, 1, len, f) != len ? -1 : 0;
}

static int elf_open(struct elf *e, const char *path)
{
	unsigned char eh[64];

	memset(e, 0, sizeof(*e));
	if (!(e->f = fopen(path, "rb")))
		return -1;
	if (read_at(e->f, 0, eh, sizeof(eh)) || memcmp(eh, "\177ELF", 4) || (eh[4] != 1 && eh[4] != 2))
		goto bad;
	e->is64 = eh[4] == 2;
	e->big = eh[5] == 2;
	e->shoff = get_uint(eh + (e->is64 ? 0x28 : 0x20), e->is64 ? 8 : 4, e->big);
	e->shentsize = (int)get_uint(eh + (e->is64 ? 0x3a : 0x2e), 2, e->big);
	e->shnum = get_uint(eh + (e->is64 ? 0x3c : 0x30), 2, e->big);
	e->shstrndx = get_uint(eh + (e->is64 ? 0x3e : 0x32), 2, e->big);
	if (e->shentsize < (e->is64 ? 64 : 40) || e->shentsize > 64 || e->shnum > MAX_SECTIONS)
		goto bad;
	return 0;
bad:
	fclose(e->f);
	e->f = NULL;
	return -1;
}

static int section(const struct elf *e, uint64_t i, struct section *s)
{
	unsigned char sh[64];
	int w = e->is64 ? 8 : 4;

	if (i >= e->shnum || read_at(e->f, e->shoff + i * (uint64_t)e->shentsize, sh, (size_t)e->shentsize))
		return -1;
	s->name = (uint32_t)get_uint(sh, 4, e->big);
	s->type = (uint32_t)get_uint(sh + 4, 4, e->big);
	s->flags = get_uint(sh + 8, w, e->big);
	s->off = get_uint(sh + (e->is64 ? 0x18 : 0x10), w, e->big);
	s->size = get_uint(sh + (e->is64 ? 0x20 : 0x14), w, e->big);
	return 0;
}

/* The contents of a section (malloc'd, size at most max), or NULL. */
static unsigned char *contents(const struct elf *e, const struct section *s, uint64_t max)
{
	unsigned char *b;
	if (s->size == 0 || s->size > max || !(b = malloc((size_t)s->size)))
		return NULL;
	if (read_at(e->f, s->off, b, (size_t)s->size)) {
		free(b);
		return NULL;
	}
	return b;
}

/* Walks the notes of one SHT_NOTE section for NT_GNU_BUILD_ID ("GNU", type 3). */
static int note_build_id(const unsigned char *n, size_t len, int big, char *hex, size_t hl)
{
	size_t off = 0;
	for (int guard = 0; off + 12 <= len && guard < 1024; guard++) {
		uint32_t namesz = (uint32_t)get_uint(n + off, 4, big), descsz = (uint32_t)get_uint(n + off + 4, 4, big);
		uint32_t type = (uint32_t)get_uint(n + off + 8, 4, big);
		size_t name_off = off + 12, desc_off = name_off + ((namesz + 3u) & ~3u);
		if (namesz > len || descsz > len || desc_off + descsz > len)
			return -1;
		if (type == 3 && namesz == 4 && !memcmp(n + name_off, "GNU", 4)) {
			if (descsz == 0 || descsz * 2 + 1 > hl)
				return -1;
			for (uint32_t i = 0; i < descsz; i++)
				sprintf(hex + 2 * i, "%02x", n[desc_off + i]);
			return 0;
		}
		off = desc_off + ((descsz + 3u) & ~3u);
	}
	return -1;
}

int mm_elf_build_id(const char *path, char *hex, size_t hl)
{
	struct elf e;
	int rc = -1;

	if (elf_open(&e, path))
		return -1;
	for (uint64_t i = 0; i < e.shnum && rc; i++) {
		struct section s;
		unsigned char *note;
		if (section(&e, i, &s))
			break;
		if (s.type != 7 /* SHT_NOTE */ || !(note = contents(&e, &s, 65536)))
			continue;
		rc = note_build_id(note, (size_t)s.size, e.big, hex, hl);
		free(note);
	}
	fclose(e.f);
	return rc;
}

/* ---- .debug_str, indexed by each string's last KEY bytes */

struct mm_elf_names {
	unsigned char *str;
	size_t len;
	uint32_t *slot; /* end offsets (the NUL) of strings of KEY bytes or more; 0 = empty */
	size_t cap;
};

static size_t key_hash(const unsigned char *p)
{
	uint64_t h = 1469598103934665603ULL;
	for (int i = 0; i < KEY; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static unsigned char *debug_str(const struct elf *e, size_t *len)
{
	struct section names, s;
	unsigned char *shstr, *b = NULL;

	if (section(e, e->shstrndx, &names) || !(shstr = contents(e, &names, 1 << 20)))
		return NULL;
	for (uint64_t i = 0; i < e->shnum && !b; i++) {
		if (section(e, i, &s) || s.name >= names.size)
			break;
		/* not SHF_COMPRESSED (0x800): compressed strings would need zlib */
		if (strnlen((char *)shstr + s.name, names.size - s.name) == 10 &&
		    !memcmp(shstr + s.name, ".debug_str", 10) && !(s.flags & 0x800) &&
		    (b = contents(e, &s, MAX_STRTAB)))
			*len = (size_t)s.size;
	}
	free(shstr);
	return b;
}

struct mm_elf_names *mm_elf_names_open(const char *path)
{
	struct mm_elf_names *n;
	struct elf e;
	size_t count = 0, start = 0;

	if (elf_open(&e, path))
		return NULL;
	n = calloc(1, sizeof(*n));
	if (n && (n->str = debug_str(&e, &n->len)) && n->len < UINT32_MAX) {
		for (size_t i = 0; i < n->len; i++)
			if (!n->str[i])
				count++;
		for (n->cap = 1024; n->cap < 2 * count + 2; n->cap *= 2)
			;
		n->slot = calloc(n->cap, sizeof(*n->slot));
	}
	fclose(e.f);
	if (!n || !n->str || !n->slot || n->str[n->len - 1]) {
		mm_elf_names_close(n);
		return NULL;
	}
	for (size_t i = 0; i < n->len; i++) {
		if (n->str[i])
			continue;
		if (i - start >= KEY) {
			size_t h = key_hash(n->str + i - KEY) & (n->cap - 1);
			while (n->slot[h])
				h = (h + 1) & (n->cap - 1);
			n->slot[h] = (uint32_t)i;
		}
		start = i + 1;
	}
	return n;
}

void mm_elf_names_close(struct mm_elf_names *n)
{
	if (!n)
		return;
	free(n->str);
	free(n->slot);
	free(n);
}

int mm_elf_names_may_have(const struct mm_elf_names *n, const char *name)
{
	size_t len = strlen(name);
	const unsigned char *q = (const unsigned char *)name;

	if (!n || len < KEY)
		return 1;
	for (size_t h = key_hash(q + len - KEY) & (n->cap - 1); n->slot[h]; h = (h + 1) & (n->cap - 1)) {
		size_t end = n->slot[h];
		if (end >= len && !memcmp(n->str + end - len, q, len))
			return 1;
	}
	return 0;
}
