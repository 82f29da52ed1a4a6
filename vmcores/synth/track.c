/* Synthetic SLUB user tracks and stack depot, in the layouts of their generations:
 *   4.19   struct track {addr, addrs[16], cpu, pid, when}: the stack inline
 *   6.1    struct track {addr, handle, cpu, pid, when}; stack_record {next, hash, size, handle,
 *          entries[]} in pools named by stack_slabs[], handles {slabindex:16, offset:10, valid:1}
 *   6.12   stack_record {hash_list, hash, size, handle, count, entries[]}, stack_pools[],
 *          handles {pool_index_plus_1:17, offset:10}
 * Tracks sit at object + inuse (+ 4 when the free pointer is after the object), alloc then free. */
#include "synth_track.h"
#include <stdlib.h>
#include <string.h>

#define POOL_SIZE 16384u
#define NPOOLS 8192

static enum synth_depot g_depot;
static uint32_t g_pool, g_pool_used, g_store_user;

void synth_track_declare(struct synth *s, enum synth_depot depot, int flag_bits_enum,
			 uint32_t jiffies_now)
{
	uint32_t pools;

	g_depot = depot;
	g_pool_used = 0;
	synth_w32(s, synth_var(s, "jiffies", 4), jiffies_now);
	synth_w32(s, synth_var(s, "tick_nsec", 4), 1000000000u / SYNTH_HZ);
	g_store_user = 0x10000u;
	if (flag_bits_enum) {
		synth_enum_in(s, "_slab_flag_bits", "_SLAB_STORE_USER", 7);
		g_store_user = 1u << 7;
	}
	if (depot == SYNTH_DEPOT_INLINE) {
		synth_struct(s, "track", (struct synth_field[]){
			{ "addr", 4, 0 }, { "addrs", 64, 4 }, { "cpu", 4, 0 }, { "pid", 4, 0 }, { "when", 4, 0 },
			{ NULL, 0, 0 } });
		return;
	}
	synth_struct(s, "track", (struct synth_field[]){
		{ "addr", 4, 0 }, { "handle", 4, 0 }, { "cpu", 4, 0 }, { "pid", 4, 0 }, { "when", 4, 0 },
		{ NULL, 0, 0 } });
	if (depot == SYNTH_DEPOT_POOLS_17)
		synth_struct(s, "stack_record", (struct synth_field[]){
			{ "hash_list", 8, 4 }, { "hash", 4, 0 }, { "size", 4, 0 }, { "handle", 4, 0 },
			{ "count", 4, 0 }, { "entries", 256, 4 }, { NULL, 0, 0 } });
	else
		synth_struct(s, "stack_record", (struct synth_field[]){
			{ "next", 4, 0 }, { "hash", 4, 0 }, { "size", 4, 0 }, { "handle", 4, 0 },
			{ "entries", 0, 4 }, { NULL, 0, 0 } });
	pools = synth_alloc(s, 4 * NPOOLS, 4);
	synth_sym(s, depot == SYNTH_DEPOT_POOLS_17 ? "stack_pools" : "stack_slabs", pools, 4 * NPOOLS);
	synth_array(s, depot == SYNTH_DEPOT_POOLS_17 ? "stack_pools" : "stack_slabs", NPOOLS);
	g_pool = synth_alloc(s, POOL_SIZE, POOL_SIZE);
	/* pool 0 is the one in use; the packings index it as 0 (or 1 with index_plus_1) */
	synth_w32(s, pools, g_pool);
}

static uint32_t pack(uint32_t offset16)
{
	switch (g_depot) {
	case SYNTH_DEPOT_SLABS_21: return 0 | (offset16 << 21) | (1u << 31);
	case SYNTH_DEPOT_SLABS_16: return 0 | (offset16 << 16) | (1u << 26);
	case SYNTH_DEPOT_POOLS_17: return 1 | (offset16 << 17);
	default: return 0;
	}
}

uint32_t synth_depot_save(struct synth *s, const uint32_t *frames, int n)
{
	long entries = synth_off(s, "stack_record", "entries");
	uint32_t rec = g_pool + g_pool_used, handle = pack(g_pool_used >> 4);

	if (g_pool_used + (uint32_t)entries + 4u * (uint32_t)n > POOL_SIZE)
		abort(); /* a test asking for more than one pool: a builder limit, not a dump condition */
	synth_wm(s, rec, "stack_record", "size", (uint64_t)n);
	synth_wm(s, rec, "stack_record", "handle", handle);
	synth_wm(s, rec, "stack_record", "hash", 0x1234u + g_pool_used);
	for (int i = 0; i < n; i++)
		synth_w32(s, rec + (uint32_t)entries + 4u * (uint32_t)i, frames[i]);
	g_pool_used += ((uint32_t)entries + 4u * (uint32_t)n + 15u) & ~15u;
	return handle;
}

long synth_track_size(struct synth *s)
{
	return synth_size(s, "track");
}

void synth_track_cache(struct synth *s, struct synth_cache *c)
{
	uint32_t flags = synth_r32(s, c->addr + (uint32_t)synth_off(s, "kmem_cache", "flags"));

	if ((uint64_t)c->object_size + 4 + 2 * (uint64_t)synth_track_size(s) > c->size)
		abort(); /* the slots cannot hold the tracks: a test bug */
	synth_wm(s, c->addr, "kmem_cache", "flags", flags | g_store_user);
}

void synth_track_set(struct synth *s, const struct synth_cache *c, uint32_t obj, int item,
		     struct synth_track *t)
{
	/* get_info_end: past the free pointer when it is stored after the object */
	uint32_t end = c->offset >= c->object_size ? c->object_size + 4 : c->object_size;
	uint32_t tr = obj + end + (uint32_t)(item * synth_track_size(s));

	synth_wm(s, tr, "track", "addr", t->addr);
	synth_wm(s, tr, "track", "cpu", (uint64_t)(uint32_t)t->cpu);
	synth_wm(s, tr, "track", "pid", (uint64_t)(uint32_t)t->pid);
	synth_wm(s, tr, "track", "when", t->when);
	if (g_depot == SYNTH_DEPOT_INLINE) {
		for (int i = 0; i < t->nframes && i < 16; i++)
			synth_w32(s, tr + (uint32_t)synth_off(s, "track", "addrs") + 4u * (uint32_t)i, t->frames[i]);
		return;
	}
	if (t->frames)
		t->handle = synth_depot_save(s, t->frames, t->nframes);
	synth_wm(s, tr, "track", "handle", t->handle);
}
