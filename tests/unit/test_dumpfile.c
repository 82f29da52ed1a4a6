/* The standalone program's dump readers on small files written here: ELF32 and ELF64 cores
 * (several PT_LOADs, VMCOREINFO, a segment shorter in the file than in memory), raw RAM pieces,
 * makedumpfile's kdump-compressed format (uncompressed and zlib pages, a filtered page, memory
 * that is not RAM), and broken files: truncated, foreign architecture, corrupt header, unknown. */
#include "unit.h"
#include "json_check.h"
#include "../../standalone/dumpfile.h"
#include "../../core/memo.h"
#include "../../core/err.h"
#include "../../core/list.h"
#include "../../core/page_alloc/dump_filter.h"
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/mmview-unit-XXXXXX";

static const char *path(const char *name)
{
	static char p[4][256];
	static int i;
	if (!strchr(dir, '/') || dir[strlen(dir) - 1] == 'X')
		if (!mkdtemp(dir))
			fail_msg("mkdtemp");
	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void put(uint8_t *b, int size, uint64_t v, int big)
{
	for (int i = 0; i < size; i++)
		b[big ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

static void write_file(const char *p, const void *buf, size_t len)
{
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
}

/* A page of recognisable bytes: page n's byte i is (n * 7 + i) & 0xff. */
static void fill(uint8_t *b, size_t len, int n)
{
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(n * 7 + i);
}

struct seg {
	uint64_t phys, filesz, memsz;
	int pattern;
};

/* An ELF core: header, PT_NOTE (VMCOREINFO when vmci), PT_LOADs with patterned bytes. */
static size_t make_elf(uint8_t *out, size_t cap, int is64, int big, int machine, const struct seg *segs, int nseg,
		       const char *vmci)
{
	size_t eh = is64 ? 64 : 52, ph = is64 ? 56 : 32, nphdr = (size_t)nseg + 1;
	size_t notes = eh + ph * nphdr, namesz = 11, descsz = vmci ? strlen(vmci) : 0;
	size_t notelen = vmci ? 12 + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u) : 0;
	size_t off = notes + notelen;

	memset(out, 0, cap);
	memcpy(out, "\177ELF", 4);
	out[4] = is64 ? 2 : 1;
	out[5] = big ? 2 : 1;
	out[6] = 1;
	put(out + 16, 2, 4, big);        /* ET_CORE */
	put(out + 18, 2, (uint64_t)machine, big);
	put(out + 20, 4, 1, big);
	put(out + (is64 ? 32 : 28), is64 ? 8 : 4, eh, big);
	put(out + (is64 ? 52 : 40), 2, eh, big);
	put(out + (is64 ? 54 : 42), 2, ph, big);
	put(out + (is64 ? 56 : 44), 2, nphdr, big);
	for (size_t i = 0; i < nphdr; i++) {
		uint8_t *p = out + eh + i * ph;
		uint64_t type = i == 0 ? 4 : 1, o = i == 0 ? notes : off, fs = i == 0 ? notelen : segs[i - 1].filesz;
		uint64_t pa = i == 0 ? 0 : segs[i - 1].phys, ms = i == 0 ? 0 : segs[i - 1].memsz;
		put(p, 4, type, big);
		if (is64) {
			put(p + 8, 8, o, big);
			put(p + 16, 8, pa ? 0xc0000000u + pa : 0, big);
			put(p + 24, 8, pa, big);
			put(p + 32, 8, fs, big);
			put(p + 40, 8, ms, big);
		} else {
			put(p + 4, 4, o, big);
			put(p + 8, 4, pa ? 0xc0000000u + pa : 0, big);
			put(p + 12, 4, pa, big);
			put(p + 16, 4, fs, big);
			put(p + 20, 4, ms, big);
		}
		if (i) {
			assert_true(off + fs <= cap);
			fill(out + off, fs, segs[i - 1].pattern);
			off += fs;
		}
	}
	if (vmci) {
		uint8_t *n = out + notes;
		put(n, 4, namesz, big);
		put(n + 4, 4, descsz, big);
		put(n + 8, 4, 0, big);
		memcpy(n + 12, "VMCOREINFO", 11);
		memcpy(n + 12 + ((namesz + 3) & ~3u), vmci, descsz);
	}
	return off;
}

static uint8_t big_buf[1 << 20];

static void test_elf32_pieces_and_vmcoreinfo(void **state)
{
	struct seg segs[] = { { 0x40000000, 0x2000, 0x2000, 1 }, { 0x40100000, 0x1000, 0x3000, 2 } };
	const char *p = path("elf32");
	const char *specs[] = { p };
	struct dumpfile d;
	char msg[256], val[64];
	uint8_t b[32], want[32];
	size_t n = make_elf(big_buf, sizeof(big_buf), 0, 0, 40, segs, 2, "OSRELEASE=6.1.0\nCONFIG_ARM_LPAE=y\nNUMBER(PHYS_OFFSET)=0x40000000\n");
	(void)state;

	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), 0);
	assert_int_equal(d.format, DUMP_ELF);
	assert_int_equal(d.npieces, 2);
	/* a read inside the second segment */
	assert_int_equal(dump_read_phys(&d, 0x40100010, b, sizeof(b)), 0);
	fill(want, sizeof(want), 2);
	assert_memory_equal(b, want + 0, 0); /* placeholder for clarity */
	for (int i = 0; i < 32; i++)
		assert_int_equal(b[i], (uint8_t)(2 * 7 + 0x10 + i));
	/* first segment, across its two pages */
	assert_int_equal(dump_read_phys(&d, 0x40000ff0, b, sizeof(b)), 0);
	for (int i = 0; i < 32; i++)
		assert_int_equal(b[i], (uint8_t)(7 + 0xff0 + i));
	/* between the segments: not in the dump */
	assert_int_equal(dump_read_phys(&d, 0x40080000, b, 4), MM_EREAD);
	/* described (memsz) but not stored (filesz): excluded, not absent */
	assert_int_equal(dump_read_phys(&d, 0x40101000, b, 4), MM_EEXCLUDED);
	assert_int_equal(dump_vmcoreinfo(&d, "CONFIG_ARM_LPAE", val, sizeof(val)), 0);
	assert_string_equal(val, "y");
	assert_int_equal(dump_vmcoreinfo(&d, "NUMBER(PHYS_OFFSET)", val, sizeof(val)), 0);
	assert_string_equal(val, "0x40000000");
	assert_int_equal(dump_vmcoreinfo(&d, "OSRELEASE=6", val, sizeof(val)), -1);
	assert_int_equal(dump_vmcoreinfo(&d, "PAGESIZE", val, sizeof(val)), -1);
	dump_close(&d);
}

static void test_elf64_qemu_style(void **state)
{
	/* QEMU dump-guest-memory: ELF64, one PT_LOAD, no VMCOREINFO */
	struct seg segs[] = { { 0x80000000ull, 0x3000, 0x3000, 5 } };
	const char *p = path("elf64");
	const char *specs[] = { p };
	struct dumpfile d;
	char msg[256], val[16];
	uint8_t b[8];
	size_t n = make_elf(big_buf, sizeof(big_buf), 1, 0, 40, segs, 1, NULL);
	(void)state;

	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), 0);
	assert_int_equal(dump_read_phys(&d, 0x80002ffcull, b, 4), 0);
	assert_int_equal(b[0], (uint8_t)(5 * 7 + 0x2ffc));
	assert_int_equal(dump_read_phys(&d, 0x80002ffeull, b, 4), MM_EREAD); /* runs past the end */
	assert_int_equal(dump_vmcoreinfo(&d, "PAGESIZE", val, sizeof(val)), -1);
	dump_close(&d);
}

static void test_elf_big_endian_header(void **state)
{
	/* the headers are read in the dump's byte order, whatever the host's */
	struct seg segs[] = { { 0x1000, 0x1000, 0x1000, 3 } };
	const char *p = path("elf32be");
	const char *specs[] = { p };
	struct dumpfile d;
	char msg[256];
	uint8_t b[4];
	size_t n = make_elf(big_buf, sizeof(big_buf), 0, 1, 40, segs, 1, "CONFIG_X=1\n");
	(void)state;

	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), 0);
	assert_int_equal(d.big_endian, 1);
	assert_int_equal(d.piece[0].phys, 0x1000);
	assert_int_equal(dump_read_phys(&d, 0x1004, b, 4), 0);
	assert_int_equal(b[0], (uint8_t)(3 * 7 + 4));
	dump_close(&d);
}

static void test_elf_broken(void **state)
{
	struct seg segs[] = { { 0x40000000, 0x2000, 0x2000, 1 } };
	const char *p = path("broken");
	const char *specs[] = { p };
	struct dumpfile d;
	char msg[256];
	size_t n;
	(void)state;

	/* truncated: the PT_LOAD ends beyond the file */
	n = make_elf(big_buf, sizeof(big_buf), 0, 0, 40, segs, 1, NULL);
	write_file(p, big_buf, n - 100);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "truncated"));
	assert_non_null(strstr(msg, "PT_LOAD 1"));
	/* truncated inside the program headers */
	write_file(p, big_buf, 60);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "truncated"));
	/* another architecture (x86_64 = 62) */
	n = make_elf(big_buf, sizeof(big_buf), 1, 0, 62, segs, 1, NULL);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "another architecture"));
	/* not a core (ET_EXEC) */
	put(big_buf + 16, 2, 2, 0);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "not a core"));
	/* an absurd program header count */
	n = make_elf(big_buf, sizeof(big_buf), 0, 0, 40, segs, 1, NULL);
	put(big_buf + 44, 2, 0xffff, 0);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "corrupt"));
	/* neither ELF nor kdump */
	write_file(p, "hello, this is not a dump at all", 32);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "unknown dump format"));
	/* too short to say */
	write_file(p, "\177EL", 3);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "too short"));
	/* missing */
	specs[0] = path("no-such-file");
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "cannot open dump"));
}

static void test_raw_pieces(void **state)
{
	char s1[300], s2[300], s3[300], msg[256];
	const char *specs[2] = { s1, s2 };
	struct dumpfile d;
	uint8_t page[8192], b[16];
	(void)state;

	fill(page, sizeof(page), 9);
	write_file(path("ram0"), page, sizeof(page));
	fill(page, 4096, 4);
	write_file(path("ram1"), page, 4096);
	snprintf(s1, sizeof(s1), "%s@0x40000000", path("ram0"));
	snprintf(s2, sizeof(s2), "%s@40002000", path("ram1")); /* hex without 0x, as crash takes it */
	assert_true(dump_is_raw_spec(s1));
	assert_false(dump_is_raw_spec(path("ram0")));
	assert_int_equal(dump_open(&d, specs, 2, msg, sizeof(msg)), 0);
	assert_int_equal(d.format, DUMP_RAW);
	/* one read across both pieces (contiguous) */
	assert_int_equal(dump_read_phys(&d, 0x40001ff8, b, 16), 0);
	assert_int_equal(b[0], (uint8_t)(9 * 7 + 0x1ff8));
	assert_int_equal(b[8], (uint8_t)(4 * 7 + 0));
	assert_int_equal(dump_read_phys(&d, 0x40003000, b, 1), MM_EREAD);
	assert_int_equal(dump_read_phys(&d, 0x3ffffff0, b, 16), MM_EREAD);
	dump_close(&d);
	/* overlapping pieces are refused */
	snprintf(s3, sizeof(s3), "%s@40001000", path("ram1"));
	specs[1] = s3;
	assert_int_equal(dump_open(&d, specs, 2, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "overlaps"));
}

/* ---- kdump-compressed (makedumpfile's diskdump format, 32-bit ARM header layout) ---- */

#define BS 4096
enum { PG_DUMPED, PG_ZLIB, PG_FILTERED, PG_NOT_RAM };

/* max_mapnr pfns from 0; RAM from pfn 0x40000 would be large: this dump's RAM starts at pfn 16. */
static size_t make_kdump(uint8_t *out, size_t cap, const int *kind, int npfn, const char *machine, int version)
{
	size_t bitmap_blocks = 2; /* one block each for the RAM and dumped bitmaps */
	size_t desc_off = (size_t)(2 + bitmap_blocks) * BS, data_off, ndumped = 0;
	uint8_t *bm1 = out + 2 * BS, *bm2 = out + 3 * BS;

	memset(out, 0, cap);
	memcpy(out, "KDUMP   ", 8);
	put(out + 8, 4, (uint64_t)version, 0);
	memcpy(out + 12, "Linux", 5);
	memcpy(out + 12 + 2 * 65, "6.1.0-test", 10);
	memcpy(out + 12 + 4 * 65, machine, strlen(machine));
	/* after utsname (402) and a 32-bit timeval at 404: status, block_size, sub_hdr_size,
	 * bitmap_blocks, max_mapnr, total_ram_blocks, device_blocks, written_blocks, current_cpu, nr_cpus */
	put(out + 412, 4, 0, 0);
	put(out + 416, 4, BS, 0);
	put(out + 420, 4, 1, 0);
	put(out + 424, 4, bitmap_blocks, 0);
	put(out + 428, 4, (uint64_t)npfn, 0);
	put(out + 448, 4, 1, 0);
	/* sub header (block 1): phys_base, dump_level */
	put(out + BS, 4, 0, 0);
	put(out + BS + 4, 4, 31, 0);
	for (int i = 0; i < npfn; i++) {
		if (kind[i] != PG_NOT_RAM)
			bm1[i / 8] |= (uint8_t)(1 << (i % 8));
		if (kind[i] == PG_DUMPED || kind[i] == PG_ZLIB) {
			bm2[i / 8] |= (uint8_t)(1 << (i % 8));
			ndumped++;
		}
	}
	data_off = desc_off + ndumped * 24;
	for (int i = 0, j = 0; i < npfn; i++) {
		uint8_t page[BS], *desc;
		uLongf zlen = compressBound(BS);
		if (kind[i] != PG_DUMPED && kind[i] != PG_ZLIB)
			continue;
		desc = out + desc_off + (size_t)j++ * 24;
		fill(page, BS, i);
		put(desc, 8, data_off, 0);
		if (kind[i] == PG_ZLIB) {
			memset(page + 64, 0, BS - 64); /* compressible */
			assert_int_equal(compress2(out + data_off, &zlen, page, BS, 6), Z_OK);
			put(desc + 8, 4, zlen, 0);
			put(desc + 12, 4, 1, 0); /* DUMP_DH_COMPRESSED_ZLIB */
			data_off += zlen;
		} else {
			memcpy(out + data_off, page, BS);
			put(desc + 8, 4, BS, 0);
			data_off += BS;
		}
		assert_true(data_off < cap);
	}
	return data_off;
}

static void test_kdump_compressed(void **state)
{
	int kind[24];
	const char *p = path("kdump");
	const char *specs[] = { p };
	struct dumpfile d;
	char msg[256];
	uint8_t b[BS];
	size_t n;
	(void)state;

	for (int i = 0; i < 24; i++)
		kind[i] = i < 16 ? PG_NOT_RAM : PG_DUMPED;
	kind[18] = PG_ZLIB;
	kind[20] = PG_FILTERED;
	n = make_kdump(big_buf, sizeof(big_buf), kind, 24, "armv7l", 1);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), 0);
	assert_int_equal(d.format, DUMP_KDUMP);
	assert_int_equal(dump_read_phys(&d, 17 * BS + 8, b, 8), 0);
	assert_int_equal(b[0], (uint8_t)(17 * 7 + 8));
	assert_int_equal(dump_read_phys(&d, 18 * BS + 4, b, 4), 0); /* zlib page */
	assert_int_equal(b[0], (uint8_t)(18 * 7 + 4));
	assert_int_equal(dump_read_phys(&d, 18 * BS + 100, b, 4), 0);
	assert_int_equal(b[0], 0);
	/* across two pages */
	assert_int_equal(dump_read_phys(&d, 17 * BS + BS - 2, b, 4), 0);
	assert_int_equal(b[2], (uint8_t)(18 * 7 + 0));
	/* filtered by makedumpfile: excluded; below RAM: not in the dump */
	assert_int_equal(dump_read_phys(&d, 20 * BS, b, 4), MM_EEXCLUDED);
	assert_int_equal(dump_read_phys(&d, 19 * BS + BS - 2, b, 4), MM_EEXCLUDED);
	assert_int_equal(dump_read_phys(&d, 2 * BS, b, 4), MM_EREAD);
	dump_close(&d);
}

/* What an ARM makedumpfile (1.7.2, header_version 6) really writes: pages numbered from
 * phys_base (PHYS_OFFSET), the sub header's 64-bit fields aligned to 8 (VMCOREINFO offset at 24,
 * max_mapnr_64 at 88), dump_level 31. libkdumpfile 0.5.1 alone reads this sub header in the
 * packed layout and finds no page at all. */
static void test_kdump_arm_makedumpfile(void **state)
{
	int kind[24];
	const char *p = path("kdump-arm");
	const char *specs[] = { p };
	const char *vi = "OSRELEASE=6.1.0-test\nPAGESIZE=4096\n";
	const uint64_t base = 0x40000000;
	struct dumpfile d;
	char msg[256], v[32];
	uint8_t b[8];
	size_t n;
	(void)state;

	for (int i = 0; i < 24; i++)
		kind[i] = PG_DUMPED;
	kind[20] = PG_FILTERED;
	n = make_kdump(big_buf, sizeof(big_buf), kind, 24, "armv7l", 6);
	put(big_buf + BS, 4, base, 0);                 /* phys_base */
	put(big_buf + BS + 24, 8, BS + 512, 0);        /* offset_vmcoreinfo (padded) */
	put(big_buf + BS + 32, 4, strlen(vi), 0);      /* size_vmcoreinfo */
	put(big_buf + BS + 88, 8, 24, 0);              /* max_mapnr_64 */
	memcpy(big_buf + BS + 512, vi, strlen(vi));
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), 0);
	assert_int_equal(d.kdump_phys_base, base);
	assert_int_equal(d.dump_level, 31);
	/* page N of the file is physical base + N pages */
	assert_int_equal(dump_read_phys(&d, base + 17 * BS + 8, b, 1), 0);
	assert_int_equal(b[0], (uint8_t)(17 * 7 + 8));
	assert_int_equal(dump_read_phys(&d, base + 20 * BS, b, 4), MM_EEXCLUDED);
	assert_int_equal(dump_read_phys(&d, 17 * BS, b, 4), MM_EREAD);        /* below the RAM base */
	assert_int_equal(dump_read_phys(&d, base + 24 * BS, b, 4), MM_EREAD); /* beyond max_mapnr */
	assert_int_equal(dump_vmcoreinfo(&d, "PAGESIZE", v, sizeof(v)), 0);
	assert_string_equal(v, "4096");
	dump_close(&d);
}

static void test_kdump_broken(void **state)
{
	int kind[24];
	const char *p = path("kdump-bad");
	const char *specs[] = { p };
	struct dumpfile d;
	char msg[256];
	size_t n;
	(void)state;

	for (int i = 0; i < 24; i++)
		kind[i] = PG_DUMPED;
	/* another architecture */
	n = make_kdump(big_buf, sizeof(big_buf), kind, 24, "x86_64", 1);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "another architecture"));
	/* corrupt header version */
	n = make_kdump(big_buf, sizeof(big_buf), kind, 24, "armv7l", 1);
	put(big_buf + 8, 4, 0x7fff0000, 0);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "header corrupt"));
	/* corrupt block size: refused before libkdumpfile sees it, in one line */
	n = make_kdump(big_buf, sizeof(big_buf), kind, 24, "armv7l", 1);
	put(big_buf + 416, 4, 3, 0);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "corrupt"));
	assert_null(strchr(msg, '\n'));
	/* the 64-bit time_t layout (block_size 12 bytes further on): named, not "corrupt" */
	n = make_kdump(big_buf, sizeof(big_buf), kind, 24, "armv7l", 6);
	memmove(big_buf + 428, big_buf + 416, 24);
	put(big_buf + 416, 4, 0, 0);
	write_file(p, big_buf, n);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "64-bit time stamp"));
	/* truncated in the header */
	n = make_kdump(big_buf, sizeof(big_buf), kind, 24, "armv7l", 1);
	write_file(p, big_buf, 300);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "truncated"));
	/* truncated in the page data (a copy cut short) */
	write_file(p, big_buf, n - 3 * BS);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "truncated"));
	assert_non_null(strstr(msg, "last page"));
	/* truncated in the page descriptors */
	write_file(p, big_buf, 4 * BS + 10 * 24);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "page descriptors"));
	/* truncated in the bitmaps */
	write_file(p, big_buf, 3 * BS);
	assert_int_equal(dump_open(&d, specs, 1, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "bitmaps end"));
}

/* ---- the memo's cache file read back as hostile input ---- */

static void test_memo_cache_file(void **state)
{
	const char *p = path("memo");
	struct mm_memo *m = mm_memo_new(), *r;
	long long v;
	FILE *f;
	(void)state;

	mm_memo_put(m, "size:page", 36);
	mm_memo_put(m, "off:zone.watermark", MM_MEMO_ABSENT);
	mm_memo_put_text(m, "enumt:pageflags", "PG_locked=0,PG_referenced=1");
	assert_int_equal(mm_memo_save(m, p, "abcd"), 0);
	r = mm_memo_new();
	assert_int_equal(mm_memo_load(r, p, "abcd"), 0);
	assert_int_equal(mm_memo_get(r, "size:page", &v), 0);
	assert_int_equal(v, 36);
	assert_int_equal(mm_memo_get(r, "off:zone.watermark", &v), 0);
	assert_true(v == MM_MEMO_ABSENT);
	assert_string_equal(mm_memo_get_text(r, "enumt:pageflags"), "PG_locked=0,PG_referenced=1");
	assert_int_equal(mm_memo_get(r, "size:absent-question", &v), -1);
	assert_false(mm_memo_dirty(r));
	mm_memo_free(r);
	/* another build-id: ignored */
	r = mm_memo_new();
	assert_int_equal(mm_memo_load(r, p, "ffff"), -1);
	assert_int_equal(mm_memo_get(r, "size:page", &v), -1);
	mm_memo_free(r);
	/* a malformed line anywhere: the whole file is ignored */
	f = fopen(p, "a");
	fputs("n\tsize:task_struct\t12x\n", f);
	fclose(f);
	r = mm_memo_new();
	assert_int_equal(mm_memo_load(r, p, "abcd"), -1);
	assert_int_equal(mm_memo_get(r, "size:page", &v), -1);
	mm_memo_free(r);
	/* a truncated last line (no newline) */
	assert_int_equal(mm_memo_save(m, p, "abcd"), 0);
	f = fopen(p, "a");
	fputs("n\tsize:x\t1", f);
	fclose(f);
	r = mm_memo_new();
	assert_int_equal(mm_memo_load(r, p, "abcd"), -1);
	mm_memo_free(r);
	/* an older format version */
	f = fopen(p, "w");
	fputs("mmview-memo 0 abcd\nn\tsize:page\t36\n", f);
	fclose(f);
	r = mm_memo_new();
	assert_int_equal(mm_memo_load(r, p, "abcd"), -1);
	mm_memo_free(r);
	mm_memo_free(m);
}

/* ---- the core keeps "excluded" apart from "not in the dump" ---- */

static struct mm_target *inner;
static uint64_t excl_lo, excl_hi;

static int excluding_read(void *ctx, uint64_t addr, enum mm_space space, void *buf, size_t len)
{
	if (space == MM_PHYSADDR && addr < excl_hi && addr + len > excl_lo)
		return MM_EEXCLUDED;
	return inner->ops->read(ctx, addr, space, buf, len);
}

static int count_entry(struct mm_kernel *k, kva_t entry, void *ctx)
{
	return 0;
}

/* A kernel on s whose reads go through excluding_read, the page at va + 4096 left out: the
 * model comes from the plain target, then reads go through the filtering one (t, ops). */
static struct mm_kernel *open_excluding(struct synth *s, uint32_t va, struct mm_target *t, struct mm_target_ops *ops)
{
	struct mm_kernel *k;

	inner = synth_target(s);
	*ops = *inner->ops;
	ops->read = excluding_read;
	*t = *inner;
	t->ops = ops;
	k = unit_open(s);
	k->t = t;
	excl_lo = synth_va_to_pa(s, va + 4096);
	excl_hi = excl_lo + 4096;
	return k;
}

static void test_core_excluded_reads(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_target_ops ops;
	struct mm_target t;
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	uint32_t va = synth_alloc(s, 8192, 4096), v;
	(void)state;

	k = open_excluding(s, va, &t, &ops);
	synth_w32(s, va, 0x12345678);
	assert_int_equal(mm_read_u32(k, va, &v, &err), MM_OK);
	assert_int_equal(v, 0x12345678);
	assert_int_equal(mm_read_u32(k, va + 4096, &v, &err), MM_EEXCLUDED);
	assert_non_null(strstr(err.msg, "excluded from the dump"));
	assert_string_equal(mm_status_name(err.code), "excluded");
	assert_int_equal(mm_read(k, excl_lo, MM_PHYSADDR, &v, 4, &err), MM_EEXCLUDED);
	/* a list whose second entry sits on the excluded page: the walk stops, "excluded", not
	 * "corrupt" (a filtered page says nothing about the list) */
	{
		uint32_t head = synth_alloc(s, 8, 4);
		synth_list_init(s, head);
		synth_list_add_tail(s, head, va + 64);
		synth_list_add_tail(s, head, va + 4096 + 64);
		assert_int_equal(mm_list_walk(k, head, 0, 100, count_entry, NULL, &err), MM_EEXCLUDED);
		assert_non_null(strstr(err.msg, "entry 1"));
		synth_w32(s, va + 128, va + 4096 + 128);
		assert_int_equal(mm_slist_walk(k, va + 128, 0, 100, count_entry, NULL, &err), MM_EEXCLUDED);
	}
	synth_hole(s, synth_va_to_pa(s, va), 4096); /* a hole: not in the dump */
	assert_int_equal(mm_read_u32(k, va, &v, &err), MM_EREAD);
	k->t = inner;
	mm_kernel_close(k);
	synth_free(s);
}

/* `page` on a filtered dump: the struct page decoded as ever, and a "contents" line naming the
 * makedumpfile class that drops the page, only for a page the dump left out. */
static void test_page_contents_excluded(void **state)
{
	struct synth *s = synth_new(synth_profile("6.1"));
	struct mm_target_ops ops;
	struct mm_target t;
	struct mm_kernel *k;
	uint32_t va = synth_alloc(s, 8192, 4096);
	char cmd[64], why[160], *out;
	(void)state;

	k = open_excluding(s, va, &t, &ops);
	snprintf(cmd, sizeof(cmd), "page %x %x", va, va + 4096);
	out = unit_run(k, cmd);
	/* the synthetic struct pages are zero: "free (per-cpu list or being freed)" */
	assert_non_null(strstr(out, "contents: excluded from the dump (makedumpfile -d 16 drops free pages)"));
	/* only the second page (its block starts at the second "PFN" title) */
	assert_true(strstr(out, "contents:") > strstr(strstr(out, "PFN ") + 1, "PFN "));
	assert_null(strstr(strstr(out, "contents:") + 1, "contents:"));
	free(out);
	/* `addr` says the same of an address in the page left out, nothing of one in the page kept */
	snprintf(cmd, sizeof(cmd), "addr %x", va + 4096 + 0x10);
	out = unit_run(k, cmd);
	assert_non_null(strstr(out, "contents: excluded from the dump (makedumpfile -d 16 drops free pages)"));
	free(out);
	snprintf(cmd, sizeof(cmd), "addr %x", va + 0x10);
	out = unit_run(k, cmd);
	assert_null(strstr(out, "contents:"));
	assert_non_null(strstr(out, "struct page"));
	free(out);
	snprintf(cmd, sizeof(cmd), "-j addr %x", va + 4096);
	out = unit_run(k, cmd);
	assert_int_equal(json_check(out, strlen(out), why, sizeof(why)), 0);
	assert_non_null(strstr(out, "\"contents\":\"excluded from the dump"));
	free(out);
	k->t = inner;
	mm_kernel_close(k);
	synth_free(s);
	/* the class each -d level drops, and zeros when the level drops those only */
	assert_string_equal(mm_page_excluded_why(MM_PAGE_FREE, 0, 31), "excluded from the dump (makedumpfile -d 16 drops free pages)");
	assert_string_equal(mm_page_excluded_why(MM_PAGE_ANON, 0, 31), "excluded from the dump (makedumpfile -d 8 drops user process pages)");
	assert_string_equal(mm_page_excluded_why(MM_PAGE_FILE, 0, 31), "excluded from the dump (makedumpfile -d 2 drops page cache pages)");
	assert_string_equal(mm_page_excluded_why(MM_PAGE_FILE, 1, 31),
			    "excluded from the dump (makedumpfile -d 4 drops page cache pages with buffers)");
	assert_string_equal(mm_page_excluded_why(MM_PAGE_ANON, 0, 1), "excluded from the dump (makedumpfile -d 1 drops pages filled with zeros)");
	assert_string_equal(mm_page_excluded_why(MM_PAGE_ANON, 0, -1), "excluded from the dump (makedumpfile -d 8 drops user process pages)");
	assert_string_equal(mm_page_excluded_why(MM_PAGE_SLAB, 0, 16), "excluded from the dump (filtered out when it was written)");
}

static int cleanup(void **state)
{
	(void)state;
	if (dir[strlen(dir) - 1] != 'X') {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			return 0;
	}
	return 0;
}

int unit_group_dumpfile(int *ntests)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf32_pieces_and_vmcoreinfo),
		cmocka_unit_test(test_elf64_qemu_style),
		cmocka_unit_test(test_elf_big_endian_header),
		cmocka_unit_test(test_elf_broken),
		cmocka_unit_test(test_raw_pieces),
		cmocka_unit_test(test_kdump_compressed),
		cmocka_unit_test(test_kdump_broken),
		cmocka_unit_test(test_kdump_arm_makedumpfile),
		cmocka_unit_test(test_page_contents_excluded),
		cmocka_unit_test(test_memo_cache_file),
		cmocka_unit_test(test_core_excluded_reads),
	};
	*ntests = (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("dumpfile", tests, NULL, cleanup);
}
