/* `mmview addr` in vmalloc or modules space: the vmap area holding the address (caller, page
 * index), the guard page after an area, or the free hole between two areas. */
#include "identify.h"
#include "../vmalloc/vmalloc.h"
#include <stdio.h>

static void area_owner(struct mm_kernel *k, struct mm_ident *id, const struct mm_vmalloc_lookup *r)
{
	const struct mm_vmalloc_area *a = r->area;
	char caller[96];
	struct mm_owner *o;

	mm_vmalloc_caller_ps(k, a->caller, caller, sizeof(caller));
	if (r->where == MM_VM_GUARD) {
		o = mm_id_owner(id, "guard page", MM_SURE);
		if (o)
			snprintf(o->what, sizeof(o->what),
				 "guard page of vmalloc area %x-%x (%u bytes, %s, caller %.80s): %u bytes past its end",
				 a->start, a->end, a->size, mm_va_state_name[a->state], caller, r->offset);
	} else {
		o = mm_id_owner(id, "vmalloc area", MM_SURE);
		if (o)
			snprintf(o->what, sizeof(o->what),
				 "vmalloc area %x-%x (%u bytes, %s, caller %.80s), page %u of %u, offset %#x",
				 a->start, a->end, a->size, mm_va_state_name[a->state], caller, r->page_index,
				 a->nr_pages, r->offset);
	}
	if (o) {
		o->start = a->start;
		o->end = a->end;
		o->offset = (long)((kva_t)id->addr - a->start);
	}
}

/* The problems the walk found with this area (bad vm_struct, overlap, nr_pages): an owner
 * built on them says so. */
static void area_problems(struct mm_ident *id, const struct mm_vmalloc *v, const struct mm_vmalloc_area *a)
{
	for (size_t i = 0; i < v->nprob; i++) {
		const struct mm_vmalloc_problem *p = &v->prob[i];
		struct mm_err e = { p->code, "" };
		if (!p->where || (p->where != a->va && p->where != a->vm && p->where != a->start))
			continue;
		snprintf(e.msg, sizeof(e.msg), "%s", p->msg);
		mm_id_error(id, &e, "vmalloc area");
	}
}

void mm_identify_vmalloc(struct mm_kernel *k, struct mm_ident *id)
{
	struct mm_vmalloc v;
	struct mm_vmalloc_lookup r;
	struct mm_err err = { 0 };
	struct mm_owner *o;

	/* A list walk that stopped keeps what it found: the owner may be among it, and the
	 * error says the rest is unknown. */
	if (mm_vmalloc_read(k, &v, &err)) {
		mm_id_error(id, &err, "vmalloc areas");
		if (!v.narea) {
			mm_vmalloc_free(&v);
			return;
		}
	}
	mm_vmalloc_lookup(k, &v, (kva_t)id->addr, &r);
	if (r.area)
		area_problems(id, &v, r.area);
	switch (r.where) {
	case MM_VM_AREA:
	case MM_VM_GUARD:
		area_owner(k, id, &r);
		break;
	case MM_VM_HOLE:
		o = mm_id_owner(id, "vmalloc hole", MM_SURE);
		if (o) {
			o->start = r.hole_start;
			o->end = r.hole_end;
			o->offset = (long)((kva_t)id->addr - r.hole_start);
			snprintf(o->what, sizeof(o->what), "unmapped hole %x-%x (%u bytes) between vmalloc areas: "
				 "no allocation owns it", r.hole_start, r.hole_end, r.hole_end - r.hole_start);
		}
		break;
	default:
		break;
	}
	mm_vmalloc_free(&v);
}
