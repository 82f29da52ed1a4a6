/* Whole enum types, read once per model. Under crash each enumerator look-up is a debug-info
 * search, and a name the kernel lacks costs the most; listing the type once answers every
 * later look-up, present or absent. */
#include "kernel.h"
#include <stdlib.h>
#include <string.h>

#define MAX_MEMBERS 512

struct mm_enum_set {
	struct mm_enum_set *next;
	char type[48];
	int listed;           /* 0: the target cannot list it, look names up one by one */
	int n;
	char *name[MAX_MEMBERS];
	long value[MAX_MEMBERS];
};

static void add_member(void *arg, const char *name, long value)
{
	struct mm_enum_set *e = arg;
	if (e->n < MAX_MEMBERS && (e->name[e->n] = strdup(name)))
		e->value[e->n++] = value;
}

static struct mm_enum_set *set_of(struct mm_kernel *k, const char *type)
{
	struct mm_enum_set *e;

	for (e = k->enum_sets; e; e = e->next)
		if (!strcmp(e->type, type))
			return e;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	strncpy(e->type, type, sizeof(e->type) - 1);
	if (k->t->ops->enum_members && k->t->ops->enum_members(k->t->ctx, type, add_member, e) > 0 && e->n)
		e->listed = 1;
	e->next = k->enum_sets;
	k->enum_sets = e;
	return e;
}

int mm_enum_of(struct mm_kernel *k, const char *type, const char *name, long *value)
{
	struct mm_enum_set *e = set_of(k, type);

	if (!e || !e->listed)
		return mm_enum(k, name, value);
	for (int i = 0; i < e->n; i++)
		if (!strcmp(e->name[i], name)) {
			*value = e->value[i];
			return MM_OK;
		}
	return MM_EABSENT;
}

void mm_enums_release(struct mm_kernel *k)
{
	while (k->enum_sets) {
		struct mm_enum_set *e = k->enum_sets;
		k->enum_sets = e->next;
		for (int i = 0; i < e->n; i++)
			free(e->name[i]);
		free(e);
	}
}
