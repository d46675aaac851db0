/* rt_internal.h: private glue between the runtime's own files (store, memory, table, instance). */
#ifndef SK_RT_INTERNAL_H
#define SK_RT_INTERNAL_H

#include "runtime.h"

/* What a store object is, so sk_store_free knows how to release it. */
typedef enum sk_object_kind {
    SK_OBJ_FUNC = 1, /* host function (sk_func) */
    SK_OBJ_MEMORY,
    SK_OBJ_TABLE,
    SK_OBJ_GLOBAL,
    SK_OBJ_INSTANCE,
} sk_object_kind;

/* Hands `obj` to the store, which frees it in sk_store_free. On failure (OOM)
 * the object is released right away (as the store would) and false is returned. */
SK_INTERNAL bool sk_store_adopt(sk_store *s, uint8_t kind, void *obj);

/* Frees one store object of the given kind (no store bookkeeping). */
SK_INTERNAL void sk_memory_destroy(sk_memory *m);
SK_INTERNAL void sk_table_destroy(sk_table *t);
SK_INTERNAL void sk_instance_destroy(sk_instance *inst);

#endif
