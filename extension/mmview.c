/* The crash extension: registers `mmview`, resolves the kernel model once per session and hands
 * each command line to the core. Load with `extend mmview.so`. */
#include <crash/defs.h>
#include "../core/cmd.h"
#include "../core/model_cache.h"
#include "target_crash.h"
#include <time.h>

static struct mm_kernel *model;
static struct mm_model_cache model_cache;
static char **help_mmview;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The model, through the cache file of the vmlinux's build-id (shared with the standalone
 * program): a later session on the same kernel asks gdb nothing. MMVIEW_NO_CACHE=1: this
 * session's memory only. MMVIEW_STATS=1 prints what the load cost. */
static struct mm_kernel *open_model(struct mm_err *err)
{
	const char *vmlinux = pc->namelist_debug ? pc->namelist_debug : pc->namelist;
	char build_id[96] = "";
	double t0 = now();
	struct mm_kernel *k;

	if (!vmlinux || mm_elf_build_id(vmlinux, build_id, sizeof(build_id)))
		build_id[0] = 0;
	if (mm_model_cache_open(&model_cache, mm_crash_target(), build_id, !getenv("MMVIEW_NO_CACHE"))) {
		mm_err_set(err, MM_ENOMEM, "out of memory");
		return NULL;
	}
	mm_model_cache_names(&model_cache, vmlinux); /* names .debug_str lacks: absent, unasked */
	k = mm_kernel_open(&model_cache.t, err);
	if (!k) {
		mm_model_cache_close(&model_cache);
		return NULL;
	}
	if (getenv("MMVIEW_STATS")) {
		char line[1024];
		mm_model_cache_stats(&model_cache, line, sizeof(line));
		fprintf(fp, "mmview: stats: model load %.3f s, cache %s; %s\n", now() - t0,
			!model_cache.path[0] ? "off" : mm_model_cache_dirty(&model_cache) ? "to write" : "unchanged", line);
	}
	return k;
}

static void cmd_mmview(void)
{
	struct mm_err err = { 0 };

	if (!model) {
		model = open_model(&err);
		if (!model) {
			fprintf(fp, "mmview: cannot model this kernel: %s\n", err.msg);
			return;
		}
	}
	if (getenv("MMVIEW_STATS")) {
		unsigned long q = model_cache.questions, r = model->target_reads, c = model->cached_reads;
		double t0 = now();
		char line[1024];
		mm_crash_time_reads = 1;
		mm_crash_read_seconds = 0;
		mm_command(model, fp, argcnt - 1, args + 1);
		mm_crash_time_reads = 0;
		mm_model_cache_stats(&model_cache, line, sizeof(line));
		fprintf(fp, "mmview: stats: command %.3f s, %lu crash reads in %.3f s, %lu from blocks, %lu more debug-info questions (%s)\n",
			now() - t0, model->target_reads - r, mm_crash_read_seconds, model->cached_reads - c,
			model_cache.questions - q, line);
	} else
		mm_command(model, fp, argcnt - 1, args + 1);
	/* answers walkers asked for the first time join the cache file */
	mm_model_cache_save(&model_cache);
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
	mm_model_cache_close(&model_cache);
}
