/*
 * hog - a memory hog for the `oom` scenario (static armhf binary in the guest's initramfs).
 *
 *   hog PAUSE_MB
 *
 * Allocates and touches memory 1 MiB at a time. After PAUSE_MB MiB it prints "hog: paused",
 * stops itself (SIGSTOP) so that /init can copy /proc to the console while memory is nearly
 * full, and, once continued (SIGCONT), goes on until the OOM killer ends it (with
 * panic_on_oom=1: until the kernel panics).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1024 * 1024)

int main(int argc, char **argv)
{
	long pause_mb = argc > 1 ? atol(argv[1]) : 0;
	long mb = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (;;) {
		char *p = malloc(CHUNK);

		if (!p) {
			/* Address space exhausted before memory: keep what we have and wait. */
			printf("hog: malloc failed after %ld MiB\n", mb);
			for (;;)
				pause();
		}
		memset(p, (int)(mb & 0xff) | 1, CHUNK);
		mb++;
		if (mb == pause_mb) {
			printf("hog: paused at %ld MiB\n", mb);
			raise(SIGSTOP);
			printf("hog: continuing\n");
		}
	}
}
