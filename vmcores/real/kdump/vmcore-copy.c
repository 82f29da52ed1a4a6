/*
 * vmcore-copy - copies /proc/vmcore to a file or block device, as it is (static armhf, in the
 * capture kernel's initramfs of the kdump scenarios).
 *
 *   vmcore-copy OUT
 *
 * /proc/vmcore is mapped 4 MiB at a time (mmap: the old kernel's pages are mapped once;
 * read() maps and unmaps each page and is ~6x slower under TCG), written to OUT; where mmap
 * fails, pread() is used. Prints "vmcore-copy: N bytes" on success.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (4UL << 20)

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	struct stat st;
	off_t off = 0;
	int in, out;

	if (argc != 2) {
		fprintf(stderr, "usage: vmcore-copy OUT\n");
		return 2;
	}
	in = open("/proc/vmcore", O_RDONLY);
	out = open(argv[1], O_WRONLY);
	if (in < 0 || out < 0 || fstat(in, &st) < 0) {
		perror("vmcore-copy: open");
		return 1;
	}
	while (off < st.st_size) {
		size_t n = st.st_size - off < (off_t)CHUNK ? (size_t)(st.st_size - off) : CHUNK;
		size_t len = (n + 4095) & ~4095UL;
		void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, in, off);
		int rc;

		if (m != MAP_FAILED) {
			rc = write_all(out, m, n);
			munmap(m, len);
		} else {
			ssize_t r = pread(in, buf, n, off);

			rc = r == (ssize_t)n ? write_all(out, buf, n) : -1;
		}
		if (rc) {
			fprintf(stderr, "vmcore-copy: at offset %lld: failed\n", (long long)off);
			return 1;
		}
		off += (off_t)n;
	}
	if (fsync(out) < 0) {
		perror("vmcore-copy: fsync");
		return 1;
	}
	printf("vmcore-copy: %lld bytes\n", (long long)off);
	return 0;
}
