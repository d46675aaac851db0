/* vec.c: the twelve wasm_xxx_vec_t families of the wasm-c-api. */
#include "api.h"

/* One family. ELEM is the element type; COPY(dst, src) copies one element
 * and yields false on OOM; DEL(x) releases one element. */
#define SK_API_VEC(name, ELEM, COPY, DEL)                                                        \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out)                                   \
    {                                                                                            \
        out->size = 0;                                                                           \
        out->data = NULL;                                                                        \
    }                                                                                            \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size)              \
    {                                                                                            \
        out->size = 0;                                                                           \
        out->data = NULL;                                                                        \
        if (size == 0 || size > SIZE_MAX / sizeof(ELEM)) return;                                 \
        ELEM *d = sk_calloc(size, sizeof(ELEM));                                                 \
        if (!d) return;                                                                          \
        out->data = d;                                                                           \
        out->size = size;                                                                        \
    }                                                                                            \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size, ELEM const data[])         \
    {                                                                                            \
        wasm_##name##_vec_new_uninitialized(out, size);                                          \
        if (out->size != size) {                                                                 \
            /* Out of memory: the elements were handed to us, so release them. */               \
            for (size_t i = 0; i < size; i++) {                                                  \
                ELEM x = data[i];                                                                \
                DEL(x);                                                                          \
            }                                                                                    \
            return;                                                                              \
        }                                                                                        \
        if (size) memcpy(out->data, data, size * sizeof(ELEM));                                  \
    }                                                                                            \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *v)          \
    {                                                                                            \
        wasm_##name##_vec_new_uninitialized(out, v->size);                                       \
        if (out->size != v->size) return;                                                        \
        for (size_t i = 0; i < v->size; i++) {                                                   \
            if (!(COPY(out->data[i], v->data[i]))) {                                             \
                out->size = i;                                                                   \
                wasm_##name##_vec_delete(out);                                                   \
                return;                                                                          \
            }                                                                                    \
        }                                                                                        \
    }                                                                                            \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v)                                        \
    {                                                                                            \
        if (!v) return;                                                                          \
        for (size_t i = 0; i < v->size && v->data; i++) {                                        \
            ELEM x = v->data[i];                                                                 \
            DEL(x);                                                                              \
        }                                                                                        \
        sk_free(v->data);                                                                        \
        v->data = NULL;                                                                          \
        v->size = 0;                                                                             \
    }

#define SK_COPY_PLAIN(d, s) ((d) = (s), true)
#define SK_DEL_NONE(x) ((void)(x))
SK_API_VEC(byte, wasm_byte_t, SK_COPY_PLAIN, SK_DEL_NONE)

/* Pointer families: a NULL element copies to NULL. */
#define SK_COPY_PTR(type, d, s) ((s) == NULL || ((d) = wasm_##type##_copy(s)) != NULL)
#define SK_COPY_VALTYPE(d, s) SK_COPY_PTR(valtype, d, s)
#define SK_COPY_FUNCTYPE(d, s) SK_COPY_PTR(functype, d, s)
#define SK_COPY_GLOBALTYPE(d, s) SK_COPY_PTR(globaltype, d, s)
#define SK_COPY_TABLETYPE(d, s) SK_COPY_PTR(tabletype, d, s)
#define SK_COPY_MEMORYTYPE(d, s) SK_COPY_PTR(memorytype, d, s)
#define SK_COPY_EXTERNTYPE(d, s) SK_COPY_PTR(externtype, d, s)
#define SK_COPY_IMPORTTYPE(d, s) SK_COPY_PTR(importtype, d, s)
#define SK_COPY_EXPORTTYPE(d, s) SK_COPY_PTR(exporttype, d, s)
#define SK_COPY_FRAME(d, s) SK_COPY_PTR(frame, d, s)
#define SK_COPY_EXTERN(d, s) SK_COPY_PTR(extern, d, s)

SK_API_VEC(valtype, wasm_valtype_t *, SK_COPY_VALTYPE, wasm_valtype_delete)
SK_API_VEC(functype, wasm_functype_t *, SK_COPY_FUNCTYPE, wasm_functype_delete)
SK_API_VEC(globaltype, wasm_globaltype_t *, SK_COPY_GLOBALTYPE, wasm_globaltype_delete)
SK_API_VEC(tabletype, wasm_tabletype_t *, SK_COPY_TABLETYPE, wasm_tabletype_delete)
SK_API_VEC(memorytype, wasm_memorytype_t *, SK_COPY_MEMORYTYPE, wasm_memorytype_delete)
SK_API_VEC(externtype, wasm_externtype_t *, SK_COPY_EXTERNTYPE, wasm_externtype_delete)
SK_API_VEC(importtype, wasm_importtype_t *, SK_COPY_IMPORTTYPE, wasm_importtype_delete)
SK_API_VEC(exporttype, wasm_exporttype_t *, SK_COPY_EXPORTTYPE, wasm_exporttype_delete)
SK_API_VEC(frame, wasm_frame_t *, SK_COPY_FRAME, wasm_frame_delete)
SK_API_VEC(extern, wasm_extern_t *, SK_COPY_EXTERN, wasm_extern_delete)

/* Values: copying a reference takes a new handle, which cannot fail. */
#define SK_COPY_VAL(d, s) (wasm_val_copy(&(d), &(s)), true)
#define SK_DEL_VAL(x) wasm_val_delete(&(x))
SK_API_VEC(val, wasm_val_t, SK_COPY_VAL, SK_DEL_VAL)
