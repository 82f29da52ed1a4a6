/* Loaded modules in the three generations of struct module. The struct module of each module
 * lives, as in the kernel, inside the module's own data (in the modules area, page-mapped). */
#include "synth.h"
#include "synth_modules.h"
#include <string.h>

void synth_modules_init(struct synth *s)
{
	int g = synth_prof(s)->gen;
	uint32_t head;

	synth_struct(s, "mod_tree_node", (struct synth_field[]){ { "mod", 4 }, { "node", 24 }, { NULL } });
	if (g >= 604) {
		synth_struct(s, "module_memory", (struct synth_field[]){
			{ "base", 4 }, { "size", 4 }, { "mtn", 28 }, { NULL } });
		synth_struct(s, "module", (struct synth_field[]){
			{ "state", 4 }, { "list", 8 }, { "name", 56 }, { "mkobj", 64 }, { "syms", 4 },
			{ "mem", 7 * synth_size(s, "module_memory") }, { "percpu", 4 }, { NULL } });
		for (int i = 0; i < 7; i++) {
			static const char *const n[] = { "MOD_TEXT", "MOD_DATA", "MOD_RODATA", "MOD_RO_AFTER_INIT",
							 "MOD_INIT_TEXT", "MOD_INIT_DATA", "MOD_INIT_RODATA" };
			synth_enum(s, n[i], i);
		}
	} else if (g >= 405) {
		synth_struct(s, "module_layout", (struct synth_field[]){
			{ "base", 4 }, { "size", 4 }, { "text_size", 4 }, { "ro_size", 4 },
			{ "ro_after_init_size", 4 }, { "mtn", 28 }, { NULL } });
		synth_struct(s, "module", (struct synth_field[]){
			{ "state", 4 }, { "list", 8 }, { "name", 56 }, { "mkobj", 60 }, { "syms", 4 },
			{ "crcs", 4 }, { "num_syms", 4 }, { "init", 4 },
			{ "core_layout", synth_size(s, "module_layout"), 4 },
			{ "init_layout", synth_size(s, "module_layout"), 4 }, { NULL } });
	} else {
		synth_struct(s, "module", (struct synth_field[]){
			{ "state", 4 }, { "list", 8 }, { "name", 60 }, { "mkobj", 48 }, { "syms", 4 },
			{ "init", 4 }, { "module_init", 4 }, { "module_core", 4 }, { "init_size", 4 },
			{ "core_size", 4 }, { "init_text_size", 4 }, { "core_text_size", 4 }, { NULL } });
	}
	head = synth_var(s, "modules", 8);
	synth_list_init(s, head);
}

uint32_t synth_module_add(struct synth *s, const char *name, uint32_t core, uint32_t text_size,
			  uint32_t core_size)
{
	int g = synth_prof(s)->gen;
	uint32_t mod = core + text_size; /* struct module sits at the start of the data */
	uint64_t pa = synth_va_to_pa(s, synth_alloc(s, core_size, 4096));
	char buf[64] = { 0 };

	synth_map(s, core, pa, core_size, SYNTH_MAP_PAGE);
	strncpy(buf, name, sizeof(buf) - 1);
	synth_write(s, mod + synth_off(s, "module", "name"), MM_KVADDR, buf,
		    (size_t)synth_msize(s, "module", "name"));
	if (g >= 604) {
		long ms = synth_size(s, "module_memory"), mem = synth_off(s, "module", "mem");
		synth_wm(s, mod + mem, "module_memory", "base", core);                 /* MOD_TEXT */
		synth_wm(s, mod + mem, "module_memory", "size", text_size);
		synth_wm(s, mod + mem + ms, "module_memory", "base", core + text_size); /* MOD_DATA */
		synth_wm(s, mod + mem + ms, "module_memory", "size", core_size - text_size);
	} else if (g >= 405) {
		uint32_t l = mod + synth_off(s, "module", "core_layout");
		synth_wm(s, l, "module_layout", "base", core);
		synth_wm(s, l, "module_layout", "size", core_size);
		synth_wm(s, l, "module_layout", "text_size", text_size);
	} else {
		synth_wm(s, mod, "module", "module_core", core);
		synth_wm(s, mod, "module", "core_size", core_size);
		synth_wm(s, mod, "module", "core_text_size", text_size);
	}
	synth_list_add_tail(s, synth_symval(s, "modules"), mod + synth_off(s, "module", "list"));
	return mod;
}
