#include "unit.h"
#include "../../core/cmd.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP(name) int unit_group_##name(int *ntests);
#include "groups.def"
#undef GROUP

struct mm_kernel *unit_open(struct synth *s)
{
	struct mm_err err = { 0 };
	struct mm_kernel *k = mm_kernel_open(synth_target(s), &err);
	if (!k)
		fail_msg("mm_kernel_open: %s", err.msg);
	return k;
}

char *unit_run(struct mm_kernel *k, const char *cmdline)
{
	char *buf = NULL, *line = strdup(cmdline), *argv[32], *save = NULL;
	size_t len = 0;
	int argc = 0;
	FILE *m = open_memstream(&buf, &len);

	for (char *t = strtok_r(line, " ", &save); t && argc < 31; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	mm_command(k, m, argc, argv);
	fclose(m);
	free(line);
	return buf;
}

int main(int argc, char **argv)
{
	int failed = 0, total = 0, n;
	const char *only = argc > 1 ? argv[1] : NULL;

#define GROUP(name)                                                   \
	if (!only || !strcmp(only, #name)) {                          \
		n = 0;                                                \
		failed += unit_group_##name(&n);                      \
		total += n;                                           \
	}
#include "groups.def"
#undef GROUP
	printf("%d passed, %d failed\n", total - failed, failed);
	return failed ? 1 : 0;
}
