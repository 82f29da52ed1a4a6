/*
 * busy - fills a guest's caches the way a busy device does, for the `scale` scenarios (static
 * armhf binary in the guest's initramfs). It keeps everything it made and stops itself, so that
 * /init can copy /proc and panic with all of it live.
 *
 *   busy DIR FILES PAGEFILES SOCKPAIRS PIPES TASKS
 *
 *   FILES      empty files in DIR (a tmpfs): an inode and a dentry each (slab only)
 *   PAGEFILES  one-page files in DIR, then every other one deleted: page cache (HighMem when
 *              there is some) whose freed pages lie one by one between live ones (buddy
 *              free lists of order-0 blocks, fragmented)
 *   SOCKPAIRS  AF_UNIX socket pairs kept open (sock, inode, file, dentry objects)
 *   PIPES      pipes kept open
 *   TASKS      child processes, each touching a few pages in separate 1 MiB regions (page
 *              tables of their own), then sleeping
 *
 * The tasks are forked first, so that they share none of the thousands of descriptors opened
 * later. Prints "mmtest-init: busy_KEY=VALUE" lines (collected into scenario.txt) and
 * "mmtest-init: busy_ready=1" before stopping itself with SIGSTOP.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define TASK_REGIONS 4
#define REGION (1024 * 1024)

static long arg(char **argv, int i)
{
	return strtol(argv[i], NULL, 0);
}

static int make_file(const char *dir, const char *kind, long i, const char *data, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s%ld", dir, kind, i);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (len && write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static long files(const char *dir, long n)
{
	long i;
	for (i = 0; i < n; i++)
		if (make_file(dir, "e", i, NULL, 0))
			break;
	return i;
}

/* One-page files, then every other one deleted: the freed pages sit between live ones. */
static long page_files(const char *dir, long n, long *deleted)
{
	static char page[4096];
	char path[256];
	long i;

	for (i = 0; i < n; i++) {
		memset(page, (int)(i & 0xff) | 1, sizeof(page));
		if (make_file(dir, "p", i, page, sizeof(page)))
			break;
	}
	*deleted = 0;
	for (long j = 1; j < i; j += 2) {
		snprintf(path, sizeof(path), "%s/p%ld", dir, j);
		if (!unlink(path))
			(*deleted)++;
	}
	return i;
}

static long sockpairs(long n)
{
	long i;
	int sv[2];
	for (i = 0; i < n; i++)
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			break;
	return i;
}

static long pipes(long n)
{
	long i;
	int p[2];
	for (i = 0; i < n; i++)
		if (pipe(p))
			break;
	return i;
}

static void child(long i)
{
	for (int r = 0; r < TASK_REGIONS; r++) {
		char *p = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			p[(i * 4096 + r * 8192) % REGION] = (char)i;
	}
	for (;;)
		pause();
}

static long tasks(long n)
{
	long i;
	for (i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			break;
		if (pid == 0)
			child(i);
	}
	return i;
}

int main(int argc, char **argv)
{
	struct rlimit rl = { 1 << 20, 1 << 20 };
	long nfiles, npages, ndel = 0, nsock, npipe, ntask;

	if (argc != 7) {
		fprintf(stderr, "usage: busy DIR FILES PAGEFILES SOCKPAIRS PIPES TASKS\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	if (setrlimit(RLIMIT_NOFILE, &rl))
		printf("mmtest-init: busy_setrlimit_error=%s\n", strerror(errno));
	ntask = tasks(arg(argv, 6));
	printf("mmtest-init: busy_tasks=%ld\n", ntask);
	mkdir(argv[1], 0755);
	nfiles = files(argv[1], arg(argv, 2));
	printf("mmtest-init: busy_empty_files=%ld\n", nfiles);
	npages = page_files(argv[1], arg(argv, 3), &ndel);
	printf("mmtest-init: busy_page_files=%ld\nmmtest-init: busy_page_files_deleted=%ld\n", npages, ndel);
	nsock = sockpairs(arg(argv, 4));
	printf("mmtest-init: busy_socket_pairs=%ld\n", nsock);
	npipe = pipes(arg(argv, 5));
	printf("mmtest-init: busy_pipes=%ld\n", npipe);
	printf("mmtest-init: busy_ready=1\n");
	raise(SIGSTOP);
	for (;;)
		pause();
}
