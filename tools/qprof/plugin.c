/* A qemu-user TCG plugin for tools/qprof: counts how often each translation block runs and
 * how many guest instructions it holds, and writes them at exit with the executable mappings
 * in guest addresses, so a report can charge them to the functions of an ARM object.
 * Deterministic counts, unlike times under qemu-arm, which vary by half between sessions.
 *
 * The few declarations of QEMU's plugin API (include/qemu/qemu-plugin.h, API version 1, as
 * qemu-user 7.2 has it) are written out here: Debian ships no header for them. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct {
	const char *target_name;
	struct { int min, cur; } version;
	bool system_emulation;
	union { struct { int smp_vcpus, max_vcpus; } system; };
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum { QEMU_PLUGIN_INLINE_ADD_U64 };
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, int op, void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, void *), void *udata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

struct block {
	uint64_t vaddr, runs;
	uint32_t insns;
	struct block *next;
};
static struct block *blocks;
static int64_t guest_base; /* host address - guest address (qemu-user maps the guest flat) */
static int have_base;
static const char *out_path = "qprof.out";

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct block *b = calloc(1, sizeof(*b));

	(void)id;
	if (!b)
		return;
	b->vaddr = qemu_plugin_tb_vaddr(tb);
	b->insns = (uint32_t)qemu_plugin_tb_n_insns(tb);
	b->next = blocks;
	blocks = b;
	if (!have_base && b->insns) {
		guest_base = (int64_t)(uintptr_t)qemu_plugin_insn_haddr(qemu_plugin_tb_get_insn(tb, 0)) -
			     (int64_t)b->vaddr;
		have_base = 1;
	}
	/* an add in the translated code itself: no callback per block run */
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->runs, 1);
}

/* "MAP guest_start guest_end file_offset path" for each file mapped in the guest's 4 GiB, then
 * "TB guest_address instructions runs" for each block that ran (a block translated again
 * appears again: the report adds them up). */
static void write_counts(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(out_path, "w"), *maps = fopen("/proc/self/maps", "r");
	char line[600];

	(void)id, (void)udata;
	if (!f) {
		perror(out_path);
		if (maps)
			fclose(maps);
		return;
	}
	while (maps && fgets(line, sizeof(line), maps)) {
		unsigned long lo, hi, off;
		char perm[8], path[512] = "";

		if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %511s", &lo, &hi, perm, &off, path) >= 4 &&
		    path[0] == '/' && (int64_t)lo >= guest_base && (uint64_t)((int64_t)lo - guest_base) < (1ull << 32))
			fprintf(f, "MAP %llx %llx %lx %s\n", (unsigned long long)((int64_t)lo - guest_base),
				(unsigned long long)((int64_t)hi - guest_base), off, path);
	}
	for (struct block *b = blocks; b; b = b->next)
		if (b->runs)
			fprintf(f, "TB %llx %u %llu\n", (unsigned long long)b->vaddr, b->insns,
				(unsigned long long)b->runs);
	if (maps)
		fclose(maps);
	fclose(f);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
							       int argc, char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, write_counts, NULL);
	return 0;
}
