/* `mmview SUBCOMMAND [options]`: dispatch, option parsing and help, shared by the crash
 * extension and any standalone front end. Each subcommand lives in core/report/NAME.c as
 *   int mm_cmd_NAME(struct mm_kernel *k, struct mm_out *o, int argc, char **argv);
 *   extern const char *const mm_help_NAME[];   (help lines, crash style)
 * and is picked up by the table in cmd.c (weak references: a build without it says so). */
#ifndef MM_CMD_H
#define MM_CMD_H
#include <stdio.h>
#include "kernel.h"
#include "report/out.h"

typedef int (*mm_cmd_fn)(struct mm_kernel *k, struct mm_out *o, int argc, char **argv);

struct mm_subcmd {
	const char *name;
	mm_cmd_fn fn;
	const char *const *help; /* [0] synopsis, then description lines, NULL-terminated */
	const char *summary;
};
extern const struct mm_subcmd mm_subcmds[];
extern const int mm_nsubcmds;

/* Runs one command line (argv[0] is the subcommand; "-j" anywhere selects JSON). Returns 0, or
 * non-zero when the command failed outright (errors inside a report do not count). */
int mm_command(struct mm_kernel *k, FILE *fp, int argc, char **argv);

/* crash's help page header (extension/mmview.c) and the standalone program's `help`. */
#define MM_HELP_SUMMARY "ARM32 kernel memory: layout, translation, vmalloc, buddy, slab, triage"
#define MM_HELP_SYNOPSIS "[-j] subcommand [options]   (subcommands: info layout addr vtop ptov vmalloc buddy page slab pkmap fixmap tasks meminfo triage)"

/* Help in crash's layout: lines of the full description, NULL-terminated, built once. */
const char *const *mm_help_lines(void);

/* Option parsing without global state (crash owns getopt's). */
struct mm_longopt {
	const char *name;
	int has_arg;
	int val;
};
struct mm_argp {
	int argc;
	char **argv;
	int i;
	const char *arg; /* option argument, or the positional argument */
	char err[128];
};
#define MM_ARG_POS 1   /* a positional argument, in a->arg */
#define MM_ARG_END 0
#define MM_ARG_BAD '?'
void mm_argp_init(struct mm_argp *a, int argc, char **argv); /* argv[0] is skipped */
int mm_getopt(struct mm_argp *a, const char *shortopts, const struct mm_longopt *longopts);

/* Numbers: decimal, 0x hex, optional K/M/G suffix (sizes). */
int mm_parse_size(const char *s, uint64_t *v);
/* Addresses the crash way: hex with or without 0x, a symbol, or symbol+offset. */
int mm_parse_addr(struct mm_kernel *k, const char *s, uint64_t *v, struct mm_err *err);

#endif
