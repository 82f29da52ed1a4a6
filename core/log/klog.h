/* What the kernel log says about a panic: reason, and the facts each diagnosis needs. */
#ifndef MM_KLOG_H
#define MM_KLOG_H
#include <stddef.h>
#include <stdint.h>
#include "../kernel.h"

enum mm_panic_kind {
	MM_PANIC_UNKNOWN,
	MM_PANIC_SYSRQ,      /* sysrq-c: a deliberate dump */
	MM_PANIC_OOM,        /* panic_on_oom, or OOM with nothing to kill */
	MM_PANIC_PAGE_ALLOC, /* "page allocation failure: order:N" before the panic */
	MM_PANIC_VMALLOC,    /* "vmalloc error: size N" / "vmap allocation for size N failed" */
	MM_PANIC_OOPS,       /* a fault: "Unable to handle kernel ... at virtual address X" */
	MM_PANIC_OTHER,      /* a panic whose cause is none of the above */
};

/* Where a vmalloc failed (mm/vmalloc.c __vmalloc_node_range and its helpers' messages). */
enum mm_vmalloc_stage {
	MM_VMALLOC_STAGE_UNKNOWN,
	MM_VMALLOC_STAGE_SPACE, /* alloc_vmap_area / get_vm_area: no room in vmalloc space */
	MM_VMALLOC_STAGE_PAGES, /* __vmalloc_area_node: the page allocator gave no pages */
	MM_VMALLOC_STAGE_MAP,   /* vmap_pages_range: page tables could not be allocated */
};
const char *mm_vmalloc_stage_name(enum mm_vmalloc_stage s);

struct mm_panic_facts {
	enum mm_panic_kind kind;
	int have_panic;
	char reason[256];        /* text after "Kernel panic - not syncing: " */
	int failed_order;        /* -1 unknown */
	char gfp[96];            /* "0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)": gfp_mask= of the OOM
				  * line, mode: of a page allocation failure or vmalloc error */
	char nodemask[64];       /* nodemask= of those lines where printed ("(null)": none) */
	char oom_task[64];       /* task that invoked the OOM killer */
	uint64_t vmalloc_size;   /* size asked of vmalloc (0 unknown) */
	uint64_t vmap_size;      /* size the vmap search failed for (guard page included) */
	enum mm_vmalloc_stage vmalloc_stage;
	int vmalloc_page_order;  /* "page order N" of a vmalloc pages failure (5.13+), else 0 */
	int have_fault;
	uint32_t fault_addr;
	char fault_kind[64];     /* "paging request", "NULL pointer dereference" */
	char oops[96];           /* "Internal error: Oops: 807 [#1] SMP ARM" */
	uint32_t fault_pc;       /* 0 unknown: from "PC is at" is symbolic; kept for later */
};

const char *mm_panic_kind_name(enum mm_panic_kind k);
/* The next line of log text at *pos (truncated to cap - 1 bytes, NUL-terminated), *pos moved
 * past it: 1, or 0 at the end. */
int mm_log_line(const char *log, size_t len, size_t *pos, char *line, size_t cap);
/* Parses log text (as `log` prints it, timestamps or not). Never fails: absent facts stay unset. */
void mm_klog_parse(const char *log, size_t len, struct mm_panic_facts *f);
/* The kernel log text (malloc'd, *len bytes, not NUL-terminated): the target's own log, else
 * the printk buffer read from the dump. NULL with err set when there is none. */
char *mm_klog_text(struct mm_kernel *k, size_t *len, struct mm_err *err);
/* Reads the log from the target and parses it; MM_EABSENT if the target has no log. */
int mm_klog_read(struct mm_kernel *k, struct mm_panic_facts *f, struct mm_err *err);

#endif
