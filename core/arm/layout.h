/* The kernel virtual memory layout rebuilt from symbols and the model: what the boot log's
 * "Virtual kernel memory layout" printed up to 5.0, plus what it never named (fixmap, the DT
 * blob window, static I/O mappings inside vmalloc, the vector stubs page). */
#ifndef MM_ARM_LAYOUT_H
#define MM_ARM_LAYOUT_H
#include "../kernel.h"

enum mm_region_kind {
	MM_REGION_NONE,       /* in no region: a hole between them */
	MM_REGION_USER,
	MM_REGION_MODULES,
	MM_REGION_PKMAP,
	MM_REGION_LOWMEM,
	MM_REGION_KERNEL,     /* a kernel image section or the page directory, inside lowmem */
	MM_REGION_VMALLOC,
	MM_REGION_STATIC_MAP, /* a static mapping (iotable, PCI I/O) inside vmalloc */
	MM_REGION_DMA,        /* 3.4: the consistent DMA window */
	MM_REGION_FDT,        /* 5.10+: the DT blob's fixed window */
	MM_REGION_GUARD,
	MM_REGION_FIXMAP,
	MM_REGION_VECTORS,
};

struct mm_region {
	enum mm_region_kind kind;
	const char *name;
	kva_t start;
	uint64_t end;   /* exclusive: 0x100000000 for a region ending at the top */
	int parent;     /* index of the enclosing region, -1 at top level */
};

#define MM_MAX_REGIONS 64
struct mm_layout {
	int n;
	struct mm_region r[MM_MAX_REGIONS]; /* top-down by start, children after their parent */
	int nstatic_errors;
	char static_error[300]; /* why static mappings could not be listed, if so */
};

/* The region map, built once per model. Never NULL (an empty map if out of memory). */
const struct mm_layout *mm_layout(struct mm_kernel *k);
/* The innermost region holding va, copied to *out; outside every region, kind NONE with the
 * hole's bounds. Returns out->kind. */
enum mm_region_kind mm_region_of(struct mm_kernel *k, uint64_t va, struct mm_region *out);
const char *mm_region_kind_name(enum mm_region_kind kind);

#endif
