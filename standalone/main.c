/* mmview, standalone: the same subcommands as the crash extension, on a dump file and its
 * vmlinux, without crash.
 *   mmview [--force] [--no-cache] VMLINUX DUMP [WORDS...]
 * DUMP is an ELF core, a kdump-compressed file, or raw RAM as FILE@PHYSADDR (several pieces:
 * one argument each). With WORDS, runs that one command and exits; without, a prompt. */
#define _GNU_SOURCE
#include "target_file.h"
#include "../core/cmd.h"
#include "../core/read.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>

#define MAX_WORDS 1024 /* words of one prompt line; more is an error, never a cut */

static void usage(FILE *fp)
{
	fprintf(fp, "usage: mmview [--force] [--no-cache] VMLINUX DUMP [SUBCOMMAND [options]]\n"
		    "  DUMP: an ELF core (QEMU dump-guest-memory, /proc/vmcore copy), a kdump-compressed\n"
		    "        file (makedumpfile), or raw RAM as FILE@PHYSADDR (one argument per piece).\n"
		    "  Without a subcommand: an interactive prompt (help, help SUBCOMMAND, quit).\n");
}

/* `help mmview` as crash prints it: NAME, SYNOPSIS, DESCRIPTION. */
static void help_page(FILE *fp)
{
	const char *const *lines = mm_help_lines();
	fprintf(fp, "\nNAME\n  mmview - %s\n\nSYNOPSIS\n  mmview %s\n\nDESCRIPTION\n", MM_HELP_SUMMARY,
		MM_HELP_SYNOPSIS);
	for (int i = 0; lines && lines[i]; i++)
		fprintf(fp, "%s\n", lines[i]);
	fprintf(fp, "\n");
}

static int help_sub(FILE *fp, const char *name)
{
	for (int i = 0; i < mm_nsubcmds; i++) {
		const char *const *h = mm_subcmds[i].help;
		if (strcmp(mm_subcmds[i].name, name) || !mm_subcmds[i].fn)
			continue;
		fprintf(fp, "mmview %s: %s\n\n  %s\n", name, mm_subcmds[i].summary, h && h[0] ? h[0] : name);
		for (int j = 1; h && h[j]; j++)
			fprintf(fp, "%s\n", h[j]);
		return 0;
	}
	fprintf(fp, "mmview: no subcommand \"%s\" (help lists them)\n", name);
	return 1;
}

/* The dump's linux_banner must be the vmlinux's: the first check that they belong together. */
static int banner_check(struct file_target *ft, struct mm_kernel *k, char *msg, size_t ml)
{
	char want[512], got[512];
	uint64_t addr;
	long n = dbg_symbol_bytes(ft->dbg, "linux_banner", want, sizeof(want) - 1);
	struct mm_err err = { 0 };

	if (n <= 0 || dbg_symbol(ft->dbg, "linux_banner", &addr))
		return 0; /* nothing to compare with */
	want[n] = 0;
	n = (long)strnlen(want, (size_t)n);
	if (mm_read(k, addr, MM_KVADDR, got, (size_t)n, &err)) {
		snprintf(msg, ml, "vmlinux does not match the dump: its linux_banner is unreadable in the dump (%s)",
			 err.msg);
		return -1;
	}
	if (memcmp(want, got, (size_t)n)) {
		got[n] = 0;
		got[strcspn(got, "\n")] = 0;
		want[strcspn(want, "\n")] = 0;
		snprintf(msg, ml, "vmlinux does not match the dump: vmlinux is \"%.60s\", the dump holds \"%.60s\"",
			 want, got);
		return -1;
	}
	return 0;
}

static int split(char *line, char **argv)
{
	int n = 0;
	for (char *save = NULL, *t = strtok_r(line, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
		if (n == MAX_WORDS - 1)
			return -1;
		argv[n++] = t;
	}
	argv[n] = NULL;
	return n;
}

/* One command line: mmview's words, or help/quit. Returns its status; *quit set on quit. */
static int run_line(struct mm_kernel *k, int argc, char **argv, int *quit)
{
	if (!argc)
		return 0;
	if (!strcmp(argv[0], "mmview")) { /* typed as inside crash */
		argc--;
		argv++;
		if (!argc)
			return 0;
	}
	if (!strcmp(argv[0], "quit") || !strcmp(argv[0], "q") || !strcmp(argv[0], "exit")) {
		*quit = 1;
		return 0;
	}
	if (!strcmp(argv[0], "help") || !strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
		if (argc > 1 && strcmp(argv[1], "mmview"))
			return help_sub(stdout, argv[1]);
		help_page(stdout);
		return 0;
	}
	return mm_command(k, stdout, argc, argv);
}

/* The subcommand of a one-shot command line (options such as -j may come first). */
static const char *first_word(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (argv[i][0] != '-' && strcmp(argv[i], "mmview"))
			return argv[i];
	return "";
}

static int known_word(int argc, char **argv)
{
	const char *w = first_word(argc, argv);
	if (!*w || !strcmp(w, "help") || !strcmp(w, "quit") || !strcmp(w, "q") || !strcmp(w, "exit"))
		return 1;
	for (int i = 0; i < mm_nsubcmds; i++)
		if (!strcmp(mm_subcmds[i].name, w))
			return 1;
	return 0;
}

static void interactive(struct mm_kernel *k)
{
	char hist[4200] = "";
	const char *home = getenv("HOME");
	int quit = 0;

	if (home)
		snprintf(hist, sizeof(hist), "%s/.mmview_history", home);
	using_history();
	if (hist[0])
		read_history(hist);
	while (!quit) {
		char *argv[MAX_WORDS], *line = readline(isatty(0) ? "mmview> " : "");
		if (!line)
			break;
		if (*line)
			add_history(line);
		int n = split(line, argv);
		if (n < 0)
			printf("mmview: more than %d words on one line\n", MAX_WORDS - 1);
		else
			run_line(k, n, argv, &quit);
		fflush(stdout);
		free(line);
	}
	if (hist[0] && isatty(0))
		write_history(hist);
}

int main(int argc, char **argv)
{
	const char *vmlinux = NULL, *dumps[32];
	int ndumps = 0, force = 0, use_cache = 1, i = 1, rc;
	struct file_target ft;
	struct mm_kernel *k;
	struct mm_err err = { 0 };
	char msg[600];

	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (!strcmp(argv[i], "--force"))
			force = 1;
		else if (!strcmp(argv[i], "--no-cache"))
			use_cache = 0;
		else if (!strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "mmview: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (argc - i < 2) {
		usage(stderr);
		return 2;
	}
	vmlinux = argv[i++];
	dumps[ndumps++] = argv[i++];
	/* more raw pieces: FILE@PHYSADDR arguments whose FILE exists */
	while (i < argc && ndumps < 32 && dump_is_raw_spec(argv[i]) && dump_is_raw_spec(dumps[0])) {
		char path[4096];
		snprintf(path, sizeof(path), "%.*s", (int)(strrchr(argv[i], '@') - argv[i]), argv[i]);
		if (access(path, F_OK))
			break;
		dumps[ndumps++] = argv[i++];
	}
	if (access(vmlinux, R_OK)) {
		fprintf(stderr, "mmview: cannot read vmlinux %s: %s\n", vmlinux, strerror(errno));
		return 1;
	}
	if (file_target_open(&ft, vmlinux, dumps, ndumps, use_cache, msg, sizeof(msg))) {
		fprintf(stderr, "mmview: %s\n", msg);
		return 1;
	}
	k = mm_kernel_open(&ft.mc.t, &err);
	if (!k) {
		fprintf(stderr, "mmview: cannot model this kernel: %s%s\n", err.msg,
			force ? "" : " (is VMLINUX the dump's kernel?)");
		file_target_close(&ft);
		return 1;
	}
	if (banner_check(&ft, k, msg, sizeof(msg))) {
		fprintf(stderr, "mmview: %s%s\n", msg, force ? " (going on: --force)" : "; --force to go on");
		if (!force) {
			mm_kernel_close(k);
			file_target_close(&ft);
			return 1;
		}
	}
	if (i < argc && !known_word(argc - i, argv + i)) {
		fprintf(stderr, "mmview: unknown subcommand \"%s\" (mmview VMLINUX DUMP help lists them)\n",
			first_word(argc - i, argv + i));
		rc = 2;
	} else if (i < argc)
		rc = run_line(k, argc - i, argv + i, &(int){ 0 });
	else {
		interactive(k);
		rc = 0;
	}
	fflush(stdout);
	if (getenv("MMVIEW_STATS"))
		fprintf(stderr, "mmview: stats: %lu reads of the dump, %lu served from blocks\n", k->target_reads,
			k->cached_reads);
	mm_kernel_close(k);
	file_target_close(&ft);
	return rc == 2 ? 2 : rc ? 1 : 0;
}
