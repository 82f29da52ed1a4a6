/* Prints mmview's help (the text `help mmview` shows in crash) as Markdown, for
 * docs/commands.md: `make docs` regenerates it and the unit suite checks it is current.
 * With --man: the same text as the standalone program's man page, mmview(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/cmd.h"

/* roff: a line starting with . or ' and every backslash must be escaped */
static void roff_line(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
	putchar('\n');
}

static int man(void)
{
	puts(".TH MMVIEW 1 \"\" \"mmview\" \"User Commands\"");
	puts(".SH NAME");
	printf("mmview \\- %s\n", MM_HELP_SUMMARY);
	puts(".SH SYNOPSIS");
	puts(".B mmview");
	puts("[\\fB\\-\\-force\\fR] [\\fB\\-\\-no\\-cache\\fR] \\fIVMLINUX\\fR \\fIDUMP\\fR [\\fB\\-j\\fR] [\\fISUBCOMMAND\\fR [\\fIoptions\\fR]]");
	puts(".SH DESCRIPTION");
	puts("The standalone mmview reads a 32-bit ARM kernel dump and its vmlinux (with debug info)");
	puts("without crash, and answers the same subcommands as the crash extension's");
	puts(".B mmview");
	puts("command, text and JSON alike. With a subcommand it runs that one command and exits;");
	puts("without, it opens a prompt (\\fBmmview>\\fR) taking the same subcommands, \\fBhelp\\fR,");
	puts("\\fBhelp\\fR \\fISUBCOMMAND\\fR and \\fBquit\\fR.");
	puts(".PP");
	puts("\\fIDUMP\\fR is an ELF core (QEMU dump\\-guest\\-memory, a copy of /proc/vmcore), a");
	puts("kdump\\-compressed file written by makedumpfile, or raw RAM given as");
	puts("\\fIFILE\\fR@\\fIPHYSADDR\\fR (one argument per piece). The format is told from the content.");
	puts(".SH OPTIONS");
	puts(".TP\n.B \\-\\-force\nGo on when the dump's linux_banner differs from the vmlinux's.");
	puts(".TP\n.B \\-\\-no\\-cache\nNeither read nor write the model cache.");
	puts(".SH SUBCOMMANDS");
	puts(".nf");
	for (const char *const *l = mm_help_lines(); l && *l; l++) {
		char *line = strdup(*l), *save = NULL;
		if (!line)
			return 1;
		for (char *t = strtok_r(line, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
			roff_line(t);
		if (!**l)
			putchar('\n');
		free(line);
	}
	puts(".fi");
	puts(".SH FILES");
	puts(".TP\n.I ${XDG_CACHE_HOME:\\-~/.cache}/mmview/model\\-BUILDID.memo");
	puts("The debug\\-info answers of a vmlinux, by its build\\-id: a second run reads no DWARF.");
	puts(".SH EXIT STATUS");
	puts("0 when the command ran; 1 with a one\\-line error on standard error otherwise (a missing,");
	puts("truncated or foreign file, a vmlinux that does not match the dump); 2 for bad usage.");
	puts(".SH SEE ALSO");
	puts(".BR crash (8):");
	puts("inside crash, \\fBextend mmview.so\\fR then \\fBhelp mmview\\fR prints the same help.");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--man"))
		return man();
	puts("# mmview command reference\n");
	puts("Generated from the help text built into the extension (`make docs`); inside crash,");
	puts("`help mmview` prints the same. Every subcommand takes `-j` for JSON output: addresses are");
	puts("`\"0x...\"` strings, counts and sizes are numbers, and each part that could not be read is an");
	puts("entry of the top-level `\"errors\"` array (`where`, `error`, `message`) while the rest prints.\n");
	for (int i = 0; i < mm_nsubcmds; i++) {
		const char *const *h = mm_subcmds[i].help;
		if (!mm_subcmds[i].fn || !h)
			continue;
		printf("## mmview %s\n\n%c%s.\n\n```\n%s\n", mm_subcmds[i].name,
		       mm_subcmds[i].summary[0] - ('a' <= mm_subcmds[i].summary[0] && mm_subcmds[i].summary[0] <= 'z' ? 32 : 0),
		       mm_subcmds[i].summary + 1, h[0]);
		for (int j = 1; h[j]; j++)
			printf("%s\n", h[j]);
		puts("```\n");
	}
	return 0;
}
