/* Physical memory of a dump file: ELF cores (ELF32/ELF64, any number of PT_LOADs, the
 * VMCOREINFO note when present), makedumpfile's kdump-compressed format (through libkdumpfile)
 * and raw RAM images placed at a physical address. The format is told from the file's content. */
#ifndef MMS_DUMPFILE_H
#define MMS_DUMPFILE_H
#include <stddef.h>
#include <stdint.h>

enum dump_format { DUMP_ELF, DUMP_KDUMP, DUMP_RAW };

/* One stretch of physical memory stored contiguously in a file. */
struct dump_piece {
	uint64_t phys;    /* first physical address */
	uint64_t filesz;  /* bytes stored in the file */
	uint64_t memsz;   /* bytes of memory described (>= filesz; the rest was left out) */
	uint64_t offset;  /* file offset of phys */
	int fd;
};

struct dumpfile {
	enum dump_format format;
	int machine;          /* ELF e_machine (40 = ARM), or 0 when the file does not say */
	int big_endian;
	int npieces;
	struct dump_piece *piece;
	int nfds;
	int fds[16];
	char *vmcoreinfo;     /* "KEY=value\n" lines, NUL-terminated, or NULL */
	void *kdump;          /* kdump_ctx_t * for DUMP_KDUMP */
	uint64_t kdump_phys_base; /* DUMP_KDUMP: the physical address of its pfn 0 (ARM: PHYS_OFFSET) */
	uint64_t kdump_max_pfn;   /* DUMP_KDUMP: pages the bitmaps cover, from the file's own headers */
	int dump_level;           /* DUMP_KDUMP: makedumpfile's -d (sub header), -1 unknown */
	char arch[32];        /* "arm" ... as the dump names it, or "" */
};

/* Reads return 0, or a core status (core/err.h): MM_EREAD when no byte of the dump holds the
 * address (not RAM, or not captured), MM_EEXCLUDED when the dump filtered the page out. */

/* Opens `spec`: a dump file, or raw pieces "FILE@PHYSADDR" (specs[0..n-1]). On failure returns
 * -1 with a one-line reason in msg. */
int dump_open(struct dumpfile *d, const char *const *specs, int nspecs, char *msg, size_t msglen);
void dump_close(struct dumpfile *d);
int dump_read_phys(struct dumpfile *d, uint64_t addr, void *buf, size_t len);
/* A VMCOREINFO value ("PAGESIZE", "NUMBER(PHYS_OFFSET)", "CONFIG_ARM_LPAE"): 0, or -1. */
int dump_vmcoreinfo(const struct dumpfile *d, const char *key, char *buf, size_t len);
const char *dump_format_name(enum dump_format f);
/* True when spec looks like FILE@PHYSADDR. */
int dump_is_raw_spec(const char *spec);

#endif
