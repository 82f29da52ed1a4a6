/* Dump files: the headers are checked here (so that a truncated or foreign file is one clear
 * line), ELF and kdump-compressed memory is then read through libkdumpfile, raw images by hand. */
#define _GNU_SOURCE
#include "dumpfile.h"
#include "../core/err.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libkdumpfile/kdumpfile.h>

#define EM_ARM_ 40
#define PT_LOAD_ 1
#define PT_NOTE_ 4
#define MAX_PHDRS 4096
#define MAX_NOTES_BYTES (1u << 20)

const char *dump_format_name(enum dump_format f)
{
	static const char *const n[] = { "ELF core", "kdump-compressed", "raw RAM" };
	return f <= DUMP_RAW ? n[f] : "?";
}

static int fail(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Explicit-endian field access: the dump's byte order, whatever the host's. */
static uint64_t get(const uint8_t *p, int size, int big)
{
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v = (v << 8) | p[big ? i : size - 1 - i];
	return v;
}

static int pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	uint8_t *b = buf;
	while (len) {
		ssize_t n = pread(fd, b, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int add_piece(struct dumpfile *d, const struct dump_piece *p)
{
	struct dump_piece *np = realloc(d->piece, (size_t)(d->npieces + 1) * sizeof(*np));
	if (!np)
		return -1;
	d->piece = np;
	d->piece[d->npieces++] = *p;
	return 0;
}

/* VMCOREINFO from the ELF notes: name "VMCOREINFO", text "KEY=value\n..." */
static void elf_notes(struct dumpfile *d, const uint8_t *n, size_t len, int big)
{
	size_t i = 0;
	while (i + 12 <= len) {
		uint32_t namesz = (uint32_t)get(n + i, 4, big), descsz = (uint32_t)get(n + i + 4, 4, big);
		size_t name = i + 12, desc = name + ((namesz + 3u) & ~3u);
		if (namesz > len || descsz > len || desc + descsz > len)
			return;
		if (namesz >= 10 && !memcmp(n + name, "VMCOREINFO", 10) && !d->vmcoreinfo) {
			d->vmcoreinfo = malloc(descsz + 1);
			if (d->vmcoreinfo) {
				memcpy(d->vmcoreinfo, n + desc, descsz);
				d->vmcoreinfo[descsz] = 0;
			}
		}
		i = desc + ((descsz + 3u) & ~3u);
	}
}

/* The ELF header and program headers, checked against the file: class, byte order, machine,
 * every PT_LOAD inside the file. The pieces recorded here also serve `mmview info`. */
static int elf_check(struct dumpfile *d, int fd, uint64_t fsize, char *msg, size_t ml)
{
	uint8_t eh[64], *ph = NULL;
	int is64, big, phentsize, phnum;
	uint64_t phoff;

	if (fsize < 52 || pread_all(fd, eh, fsize < 64 ? 52 : 64, 0))
		return fail(msg, ml, "ELF dump truncated: %llu bytes, shorter than its ELF header",
			    (unsigned long long)fsize);
	if (eh[4] != 1 && eh[4] != 2)
		return fail(msg, ml, "ELF dump corrupt: class %u is neither ELF32 nor ELF64", eh[4]);
	if (eh[5] != 1 && eh[5] != 2)
		return fail(msg, ml, "ELF dump corrupt: byte order %u is neither LSB nor MSB", eh[5]);
	is64 = eh[4] == 2;
	big = d->big_endian = eh[5] == 2;
	if (get(eh + 16, 2, big) != 4)
		return fail(msg, ml, "ELF file is not a core dump (e_type %llu)",
			    (unsigned long long)get(eh + 16, 2, big));
	d->machine = (int)get(eh + 18, 2, big);
	phoff = get(eh + (is64 ? 32 : 28), is64 ? 8 : 4, big);
	phentsize = (int)get(eh + (is64 ? 54 : 42), 2, big);
	phnum = (int)get(eh + (is64 ? 56 : 44), 2, big);
	if (phentsize != (is64 ? 56 : 32) || phnum <= 0 || phnum > MAX_PHDRS)
		return fail(msg, ml, "ELF dump corrupt: %d program headers of %d bytes", phnum, phentsize);
	if (phoff > fsize || (uint64_t)phnum * (uint64_t)phentsize > fsize - phoff)
		return fail(msg, ml, "ELF dump truncated: program headers end beyond the file (%llu bytes)",
			    (unsigned long long)fsize);
	ph = malloc((size_t)phnum * (size_t)phentsize);
	if (!ph || pread_all(fd, ph, (size_t)phnum * (size_t)phentsize, phoff)) {
		free(ph);
		return fail(msg, ml, "cannot read the ELF program headers");
	}
	for (int i = 0; i < phnum; i++) {
		const uint8_t *p = ph + (size_t)i * (size_t)phentsize;
		uint32_t type = (uint32_t)get(p, 4, big);
		struct dump_piece pc = { .fd = fd };
		if (is64) {
			pc.offset = get(p + 8, 8, big);
			pc.phys = get(p + 24, 8, big);
			pc.filesz = get(p + 32, 8, big);
			pc.memsz = get(p + 40, 8, big);
		} else {
			pc.offset = get(p + 4, 4, big);
			pc.phys = get(p + 12, 4, big);
			pc.filesz = get(p + 16, 4, big);
			pc.memsz = get(p + 20, 4, big);
		}
		if ((type == PT_LOAD_ || type == PT_NOTE_) &&
		    (pc.offset > fsize || pc.filesz > fsize - pc.offset)) {
			free(ph);
			return fail(msg, ml, "dump truncated: %s %d (physaddr %#llx, %llu bytes at offset %llu) "
				    "ends beyond the file's %llu bytes", type == PT_LOAD_ ? "PT_LOAD" : "PT_NOTE", i,
				    (unsigned long long)pc.phys, (unsigned long long)pc.filesz,
				    (unsigned long long)pc.offset, (unsigned long long)fsize);
		}
		if (type == PT_NOTE_ && pc.filesz && pc.filesz <= MAX_NOTES_BYTES) {
			uint8_t *n = malloc(pc.filesz);
			if (n && !pread_all(fd, n, pc.filesz, pc.offset))
				elf_notes(d, n, pc.filesz, big);
			free(n);
		}
		if (type == PT_LOAD_ && pc.memsz) {
			if (pc.memsz < pc.filesz)
				pc.memsz = pc.filesz;
			if (add_piece(d, &pc)) {
				free(ph);
				return fail(msg, ml, "out of memory");
			}
		}
	}
	free(ph);
	if (!d->npieces)
		return fail(msg, ml, "ELF dump holds no memory (no PT_LOAD)");
	return 0;
}

/* makedumpfile's disk_dump_header (32-bit layout, as an ARM kernel's makedumpfile writes it):
 * signature, header_version, utsname (6 x 65 bytes: machine is the 5th), a 32-bit timeval at
 * 404, then status, block_size, sub_hdr_size, bitmap_blocks, max_mapnr. Checked here so that
 * what reaches libkdumpfile is sane (0.5.1 crashes freeing a context its open refused).
 * The sub header (block 1) starts with phys_base: on ARM makedumpfile numbers pages from
 * PHYS_OFFSET (its ARCH_PFN_OFFSET), so bit and page descriptor N are physical address
 * phys_base + N * block_size; libkdumpfile 0.5.1 records phys_base but reads pfn N at N * size. */
#define KDUMP_UTS 12
#define KDUMP_BLOCK_SIZE 416
#define KDUMP_DESC 24 /* page_desc: offset (8), size (4), flags (4), page_flags (8) */

/* The last stored page must lie inside the file: a dump cut short (a copy interrupted) would
 * otherwise read as zeros there. Descriptors are one per bit set in the second bitmap. */
static int kdump_check_end(int fd, uint64_t fsize, uint64_t block, uint64_t sub, uint64_t bitmap,
			   char *msg, size_t ml)
{
	uint64_t half = bitmap * block / 2, count = 0, desc_at;
	uint8_t *bm = malloc(half), desc[KDUMP_DESC];

	if (!bm)
		return fail(msg, ml, "out of memory reading the kdump bitmap");
	if (pread_all(fd, bm, half, (1 + sub) * block + half)) {
		free(bm);
		return fail(msg, ml, "kdump dump truncated: cannot read its bitmap");
	}
	for (uint64_t i = 0; i < half; i++)
		count += (uint64_t)__builtin_popcount(bm[i]);
	free(bm);
	if (!count)
		return 0;
	desc_at = (1 + sub + bitmap) * block + (count - 1) * KDUMP_DESC;
	if (desc_at + KDUMP_DESC > fsize || pread_all(fd, desc, KDUMP_DESC, desc_at))
		return fail(msg, ml, "kdump dump truncated: %llu page descriptors end beyond the file's %llu bytes",
			    (unsigned long long)count, (unsigned long long)fsize);
	if (get(desc, 8, 0) + get(desc + 8, 4, 0) > fsize)
		return fail(msg, ml, "kdump dump truncated: the last page's data (at byte %llu) ends beyond the "
			    "file's %llu bytes", (unsigned long long)get(desc, 8, 0), (unsigned long long)fsize);
	return 0;
}
/* The sub header of a 32-bit makedumpfile: phys_base, dump_level, split, start_pfn, end_pfn,
 * then 64-bit offsets with 32-bit sizes (VMCOREINFO from header_version 3, notes 4, eraseinfo 5)
 * and, from version 6, start/end/max pfn as 64-bit numbers. ARM's EABI aligns the 64-bit fields
 * to 8 ("padded": VMCOREINFO at 24, max_mapnr_64 at 88); i386 packs them (20, 72).
 * libkdumpfile 0.5.1 reads the packed layout only: on a real ARM file (makedumpfile 1.7.2
 * writes version 6) it takes max_mapnr_64 as 0, after which every page is "Out-of-bounds PFN",
 * and misses VMCOREINFO. Told apart as later libkdumpfile does: a packed VMCOREINFO offset
 * must point between the sub header's start and the bitmaps. */
#define KDUMP_SUB_LEN 96
static int kdump_sub_header(struct dumpfile *d, int fd, uint64_t fsize, uint64_t block, uint64_t sub,
			    int32_t version, char *msg, size_t ml)
{
	uint8_t sh[KDUMP_SUB_LEN];
	uint64_t vi_off, vi_size, payload = (1 + sub) * block;
	int padded;

	if (pread_all(fd, sh, sizeof(sh), block))
		return fail(msg, ml, "kdump dump truncated: cannot read its sub header");
	d->kdump_phys_base = get(sh, 4, 0);
	d->dump_level = (int)get(sh + 4, 4, 0);
	if (d->kdump_phys_base % block)
		return fail(msg, ml, "kdump header corrupt: phys_base %llx is not page-aligned",
			    (unsigned long long)d->kdump_phys_base);
	if (version < 3)
		return 0;
	vi_off = get(sh + 20, 8, 0);
	vi_size = get(sh + 28, 4, 0);
	padded = !(vi_off == 0 && vi_size == 0) && !(vi_off > block && vi_off + vi_size <= payload);
	if (padded) {
		vi_off = get(sh + 24, 8, 0);
		vi_size = get(sh + 32, 4, 0);
	}
	if (version >= 6 && get(sh + (padded ? 88 : 72), 8, 0))
		d->kdump_max_pfn = get(sh + (padded ? 88 : 72), 8, 0);
	if (!vi_size || d->vmcoreinfo)
		return 0;
	if (vi_size > (1u << 20) || vi_off > fsize || vi_size > fsize - vi_off)
		return fail(msg, ml, "kdump header corrupt: VMCOREINFO of %llu bytes at %llu",
			    (unsigned long long)vi_size, (unsigned long long)vi_off);
	d->vmcoreinfo = malloc(vi_size + 1);
	if (!d->vmcoreinfo)
		return fail(msg, ml, "out of memory");
	if (pread_all(fd, d->vmcoreinfo, vi_size, vi_off))
		return fail(msg, ml, "kdump dump truncated: cannot read its VMCOREINFO");
	d->vmcoreinfo[vi_size] = 0;
	return 0;
}

#define KDUMP_HDR_END 452
static int kdump_check(struct dumpfile *d, int fd, uint64_t fsize, char *msg, size_t ml)
{
	uint8_t h[KDUMP_HDR_END];
	int32_t version;
	uint64_t block, sub, bitmap;

	if (fsize < sizeof(h) || pread_all(fd, h, sizeof(h), 0))
		return fail(msg, ml, "kdump dump truncated: %llu bytes, shorter than its header",
			    (unsigned long long)fsize);
	version = (int32_t)get(h + 8, 4, 0);
	if (version < 1 || version > 64)
		return fail(msg, ml, "kdump header corrupt: header_version %d", (int)version);
	snprintf(d->arch, sizeof(d->arch), "%.*s", (int)sizeof(d->arch) - 1, (const char *)h + KDUMP_UTS + 4 * 65);
	for (char *c = d->arch; *c; c++)
		if (*c < 32 || *c > 126)
			*c = '?';
	if (strncmp(d->arch, "arm", 3) || !strncmp(d->arch, "arm64", 5))
		return 0; /* the caller names the architecture */
	block = get(h + KDUMP_BLOCK_SIZE, 4, 0);
	sub = get(h + KDUMP_BLOCK_SIZE + 4, 4, 0);
	bitmap = get(h + KDUMP_BLOCK_SIZE + 8, 4, 0);
	if (block == 0 && get(h + KDUMP_BLOCK_SIZE + 12, 4, 0) == 4096)
		/* status, block_size... 12 bytes on: a 16-byte timeval, as a makedumpfile built with a
		 * 64-bit time_t on a 32-bit ARM writes it (Debian trixie's armhf 1.7.6) */
		return fail(msg, ml, "kdump header with a 64-bit time stamp (makedumpfile built with a 64-bit "
			    "time_t, e.g. Debian trixie's armhf): this layout is not supported; write the dump "
			    "with -E (ELF) or a makedumpfile with a 32-bit time_t");
	if (block < 1024 || block > 65536 || (block & (block - 1)))
		return fail(msg, ml, "kdump header corrupt: block_size %llu", (unsigned long long)block);
	if (sub > 4096 || !bitmap || bitmap > (1u << 24))
		return fail(msg, ml, "kdump header corrupt: sub_hdr_size %llu, bitmap_blocks %llu",
			    (unsigned long long)sub, (unsigned long long)bitmap);
	if ((1 + sub + bitmap) * block > fsize)
		return fail(msg, ml, "kdump dump truncated: its bitmaps end at byte %llu, the file has %llu",
			    (unsigned long long)((1 + sub + bitmap) * block), (unsigned long long)fsize);
	d->kdump_max_pfn = get(h + KDUMP_BLOCK_SIZE + 12, 4, 0);
	if (sub && kdump_sub_header(d, fd, fsize, block, sub, version, msg, ml))
		return -1;
	return kdump_check_end(fd, fsize, block, sub, bitmap, msg, ml);
}

static int open_kdumpfile(struct dumpfile *d, int fd, char *msg, size_t ml)
{
	kdump_ctx_t *c = kdump_new();
	const char *s;
	char *raw = NULL;
	kdump_status st;

	if (!c)
		return fail(msg, ml, "out of memory");
	st = kdump_open_fd(c, fd);
	if (st != KDUMP_OK) {
		fail(msg, ml, "%s header corrupt: %s", dump_format_name(d->format), kdump_get_err(c));
		/* not kdump_free(c): libkdumpfile 0.5.1 can crash freeing a context whose open failed;
		 * the program ends on this error anyway */
		return -1;
	}
	d->kdump = c;
	/* what the file's own headers say (see kdump_sub_header): libkdumpfile 0.5.1 may have
	 * taken 0 from the wrong place */
	if (d->kdump_max_pfn && kdump_set_number_attr(c, "max_pfn", d->kdump_max_pfn) != KDUMP_OK)
		return fail(msg, ml, "libkdumpfile refused max_pfn %llu: %s",
			    (unsigned long long)d->kdump_max_pfn, kdump_get_err(c));
	if (kdump_get_string_attr(c, KDUMP_ATTR_ARCH_NAME, &s) == KDUMP_OK && s)
		snprintf(d->arch, sizeof(d->arch), "%s", s);
	if (!d->vmcoreinfo && kdump_vmcoreinfo_raw(c, &raw) == KDUMP_OK && raw) {
		d->vmcoreinfo = strdup(raw);
		free(raw);
	}
	return 0;
}

int dump_is_raw_spec(const char *spec)
{
	const char *at = strrchr(spec, '@');
	char *end;
	if (!at || at == spec || !at[1])
		return 0;
	strtoull(at + 1, &end, 16);
	return *end == 0;
}

static int open_fd(struct dumpfile *d, const char *path, uint64_t *size, char *msg, size_t ml)
{
	struct stat st;
	int fd;

	if (d->nfds >= (int)(sizeof(d->fds) / sizeof(d->fds[0])))
		return fail(msg, ml, "too many dump files");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(msg, ml, "cannot open dump %s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(msg, ml, "dump %s is not a regular file", path);
	}
	d->fds[d->nfds++] = fd;
	*size = (uint64_t)st.st_size;
	return fd;
}

static int open_raw(struct dumpfile *d, const char *const *specs, int n, char *msg, size_t ml)
{
	d->format = DUMP_RAW;
	for (int i = 0; i < n; i++) {
		const char *at = strrchr(specs[i], '@');
		char path[4096];
		uint64_t size;
		struct dump_piece pc = { 0 };
		int fd;

		if (!dump_is_raw_spec(specs[i]))
			return fail(msg, ml, "raw RAM is given as FILE@PHYSADDR, not \"%s\"", specs[i]);
		snprintf(path, sizeof(path), "%.*s", (int)(at - specs[i]), specs[i]);
		fd = open_fd(d, path, &size, msg, ml);
		if (fd < 0)
			return -1;
		if (!size)
			return fail(msg, ml, "raw RAM image %s is empty", path);
		pc.phys = strtoull(at + 1, NULL, 16);
		pc.filesz = pc.memsz = size;
		pc.fd = fd;
		for (int j = 0; j < d->npieces; j++)
			if (pc.phys < d->piece[j].phys + d->piece[j].memsz &&
			    d->piece[j].phys < pc.phys + pc.memsz)
				return fail(msg, ml, "raw RAM image %s at %#llx overlaps another piece", path,
					    (unsigned long long)pc.phys);
		if (add_piece(d, &pc))
			return fail(msg, ml, "out of memory");
	}
	return 0;
}

int dump_open(struct dumpfile *d, const char *const *specs, int nspecs, char *msg, size_t ml)
{
	uint8_t magic[8] = { 0 };
	uint64_t size;
	int fd;

	memset(d, 0, sizeof(*d));
	if (nspecs <= 0)
		return fail(msg, ml, "no dump given");
	if (dump_is_raw_spec(specs[0]) && access(specs[0], F_OK)) {
		if (open_raw(d, specs, nspecs, msg, ml)) {
			dump_close(d);
			return -1;
		}
		return 0;
	}
	if (nspecs > 1)
		return fail(msg, ml, "only raw RAM comes in several pieces (FILE@PHYSADDR ...)");
	fd = open_fd(d, specs[0], &size, msg, ml);
	if (fd < 0)
		return -1;
	if (size < sizeof(magic) || pread_all(fd, magic, sizeof(magic), 0)) {
		dump_close(d);
		return fail(msg, ml, "dump %s is too short (%llu bytes) to be a dump", specs[0],
			    (unsigned long long)size);
	}
	if (!memcmp(magic, "\177ELF", 4)) {
		d->format = DUMP_ELF;
		if (elf_check(d, fd, size, msg, ml))
			goto bad;
		if (d->machine != EM_ARM_) {
			fail(msg, ml, "dump %s is of another architecture (ELF machine %d, not ARM)",
			     specs[0], d->machine);
			goto bad;
		}
		snprintf(d->arch, sizeof(d->arch), "arm");
	} else if (!memcmp(magic, "KDUMP   ", 8) || !memcmp(magic, "DISKDUMP", 8)) {
		d->format = DUMP_KDUMP;
		d->dump_level = -1;
		if (kdump_check(d, fd, size, msg, ml))
			goto bad;
		if (strncmp(d->arch, "arm", 3) || !strncmp(d->arch, "arm64", 5)) {
			fail(msg, ml, "dump %s is of another architecture (%s, not arm)", specs[0], d->arch);
			goto bad;
		}
	} else {
		fail(msg, ml, "%s: unknown dump format (neither ELF core nor kdump-compressed; "
		     "give raw RAM as FILE@PHYSADDR)", specs[0]);
		goto bad;
	}
	if (open_kdumpfile(d, fd, msg, ml))
		goto bad;
	return 0;
bad:
	dump_close(d);
	return -1;
}

void dump_close(struct dumpfile *d)
{
	if (d->kdump)
		kdump_free(d->kdump);
	for (int i = 0; i < d->nfds; i++)
		close(d->fds[i]);
	free(d->piece);
	free(d->vmcoreinfo);
	memset(d, 0, sizeof(*d));
}

/* A page libkdumpfile has no data for: excluded when the dump says the page is RAM.
 * addr: in the file's numbering (physical address - kdump_phys_base) for DUMP_KDUMP. */
static int nodata_reason(struct dumpfile *d, uint64_t addr)
{
	kdump_attr_t attr;
	kdump_num_t pagesize = 4096;
	unsigned char bit = 0;
	int rc = MM_EREAD;

	if (d->format != DUMP_KDUMP) {
		/* ELF: memory a PT_LOAD describes beyond what the file holds was left out */
		for (int i = 0; i < d->npieces; i++)
			if (addr >= d->piece[i].phys + d->piece[i].filesz &&
			    addr - d->piece[i].phys < d->piece[i].memsz)
				return MM_EEXCLUDED;
		return MM_EREAD;
	}
	kdump_get_number_attr(d->kdump, KDUMP_ATTR_PAGE_SIZE, &pagesize);
	if (!pagesize)
		pagesize = 4096;
	if (kdump_get_attr(d->kdump, KDUMP_ATTR_MEMORY_PAGEMAP, &attr) != KDUMP_OK ||
	    attr.type != KDUMP_BITMAP)
		return MM_EEXCLUDED; /* makedumpfile leaves out only what it filtered */
	if (kdump_bmp_get_bits(attr.val.bitmap, addr / pagesize, addr / pagesize, &bit) == KDUMP_OK &&
	    (bit & 1))
		rc = MM_EEXCLUDED;
	return rc;
}

static int read_pieces(struct dumpfile *d, uint64_t addr, uint8_t *buf, size_t len)
{
	while (len) {
		const struct dump_piece *p = NULL;
		uint64_t in, n;

		for (int i = 0; i < d->npieces; i++)
			if (addr >= d->piece[i].phys && addr - d->piece[i].phys < d->piece[i].memsz) {
				p = &d->piece[i];
				break;
			}
		if (!p)
			return MM_EREAD;
		in = addr - p->phys;
		if (in >= p->filesz)
			return MM_EEXCLUDED; /* described memory the file does not hold */
		n = p->filesz - in;
		if (n > len)
			n = len;
		if (pread_all(p->fd, buf, (size_t)n, p->offset + in))
			return MM_EREAD;
		addr += n;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int dump_read_phys(struct dumpfile *d, uint64_t addr, void *buf, size_t len)
{
	uint8_t *b = buf;

	if (!d->kdump)
		return read_pieces(d, addr, b, len);
	if (addr < d->kdump_phys_base)
		return MM_EREAD; /* below the first page the file can number */
	addr -= d->kdump_phys_base;
	while (len) {
		size_t n = len;
		kdump_status st = kdump_read(d->kdump, KDUMP_MACHPHYSADDR, addr, b, &n);
		if (st == KDUMP_OK && n == len)
			return 0;
		if (st == KDUMP_OK && n > 0 && n < len) {
			addr += n;
			b += n;
			len -= n;
			continue;
		}
		if (st == KDUMP_ERR_NODATA)
			return nodata_reason(d, addr + n);
		return MM_EREAD;
	}
	return 0;
}

int dump_vmcoreinfo(const struct dumpfile *d, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);
	const char *p = d->vmcoreinfo;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t ll = nl ? (size_t)(nl - p) : strlen(p);
		if (ll > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			snprintf(buf, len, "%.*s", (int)(ll - kl - 1), p + kl + 1);
			return 0;
		}
		p = nl ? nl + 1 : NULL;
	}
	return -1;
}
