/* Shared by the cmocka unit tests: one binary runs every group and prints the totals. */
#ifndef UNIT_H
#define UNIT_H
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "../../core/kernel.h"
#include "../../core/read.h"
#include "../../vmcores/synth/synth.h"

/* Each test file defines one group: UNIT_GROUP(name, tests...) and is listed in groups.def. */
#define UNIT_GROUP(name, ...)                                                        \
	int unit_group_##name(int *ntests)                                           \
	{                                                                            \
		const struct CMUnitTest tests[] = { __VA_ARGS__ };                   \
		*ntests = (int)(sizeof(tests) / sizeof(tests[0]));                   \
		return cmocka_run_group_tests_name(#name, tests, NULL, NULL);        \
	}

/* A synthetic dump of a profile and the model resolved from it. */
struct unit_dump {
	struct synth *s;
	struct mm_kernel *k;
};
/* Opens the model on s (after the test laid down what it needs); fails the test on error. */
struct mm_kernel *unit_open(struct synth *s);
/* Runs `mmview ARGS...` on k and returns its output (malloc'd). */
char *unit_run(struct mm_kernel *k, const char *cmdline);

#define FOR_EACH_PROFILE(p) \
	for (const struct synth_profile *p = synth_profiles; p < synth_profiles + synth_nprofiles; p++)

#endif
