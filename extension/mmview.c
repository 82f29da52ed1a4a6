/* The crash extension: registers `mmview`, resolves the kernel model once per session and hands
 * each command line to the core. Load with `extend mmview.so`. */
#include <crash/defs.h>
#include "../core/cmd.h"
#include "target_crash.h"

static struct mm_kernel *model;
static char **help_mmview;

static void cmd_mmview(void)
{
	struct mm_err err = { 0 };

	if (!model) {
		model = mm_kernel_open(mm_crash_target(), &err);
		if (!model) {
			fprintf(fp, "mmview: cannot model this kernel: %s\n", err.msg);
			return;
		}
	}
	mm_command(model, fp, argcnt - 1, args + 1);
}

/* crash's help layout: name, one-line summary, synopsis, then description lines. */
static char **build_help(void)
{
	const char *const *lines = mm_help_lines();
	size_t n = 0;
	char **h;

	while (lines && lines[n])
		n++;
	h = calloc(n + 4, sizeof(*h));
	if (!h)
		return NULL;
	h[0] = "mmview";
	h[1] = MM_HELP_SUMMARY;
	h[2] = MM_HELP_SYNOPSIS;
	for (size_t i = 0; i < n; i++)
		h[3 + i] = (char *)lines[i];
	return h;
}

static struct command_table_entry command_table[] = {
	{ "mmview", cmd_mmview, NULL, 0 },
	{ NULL, NULL, NULL, 0 },
};

void __attribute__((constructor)) mmview_init(void)
{
	help_mmview = build_help();
	command_table[0].help_data = help_mmview;
	register_extension(command_table);
}

void __attribute__((destructor)) mmview_fini(void)
{
	if (model)
		mm_kernel_close(model);
	model = NULL;
}
