/* Prints mmview's help (the text `help mmview` shows in crash) as Markdown, for
 * docs/commands.md: `make docs` regenerates it and the unit suite checks it is current. */
#include <stdio.h>
#include <string.h>
#include "../core/cmd.h"

int main(void)
{
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
