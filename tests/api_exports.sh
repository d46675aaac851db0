#!/usr/bin/env bash
# api_exports.sh: checks that libskiff.so exports exactly the 280 functions of the
# standard wasm-c-api (include/wasm.h), plus skiff_* functions once skiff.h lands,
# and nothing internal. Usage: BUILD=build bash tests/api_exports.sh
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SO="$BUILD/libskiff.so"
fail() {
    echo "api_exports: $*"
    echo "api_exports: 0 passed, 1 failed"
    exit 1
}
[ -f "$SO" ] || fail "missing $SO (run make first)"
command -v readelf >/dev/null || fail "readelf not found"

# The standard's function names (wasm-c-api wasm.h), one per line.
expected=$(cat <<'NAMES'
wasm_byte_vec_copy
wasm_byte_vec_delete
wasm_byte_vec_new
wasm_byte_vec_new_empty
wasm_byte_vec_new_uninitialized
wasm_config_delete
wasm_config_new
wasm_engine_delete
wasm_engine_new
wasm_engine_new_with_config
wasm_exporttype_copy
wasm_exporttype_delete
wasm_exporttype_name
wasm_exporttype_new
wasm_exporttype_type
wasm_exporttype_vec_copy
wasm_exporttype_vec_delete
wasm_exporttype_vec_new
wasm_exporttype_vec_new_empty
wasm_exporttype_vec_new_uninitialized
wasm_extern_as_func
wasm_extern_as_func_const
wasm_extern_as_global
wasm_extern_as_global_const
wasm_extern_as_memory
wasm_extern_as_memory_const
wasm_extern_as_ref
wasm_extern_as_ref_const
wasm_extern_as_table
wasm_extern_as_table_const
wasm_extern_copy
wasm_extern_delete
wasm_extern_get_host_info
wasm_extern_kind
wasm_extern_same
wasm_extern_set_host_info
wasm_extern_set_host_info_with_finalizer
wasm_extern_type
wasm_extern_vec_copy
wasm_extern_vec_delete
wasm_extern_vec_new
wasm_extern_vec_new_empty
wasm_extern_vec_new_uninitialized
wasm_externtype_as_functype
wasm_externtype_as_functype_const
wasm_externtype_as_globaltype
wasm_externtype_as_globaltype_const
wasm_externtype_as_memorytype
wasm_externtype_as_memorytype_const
wasm_externtype_as_tabletype
wasm_externtype_as_tabletype_const
wasm_externtype_copy
wasm_externtype_delete
wasm_externtype_kind
wasm_externtype_vec_copy
wasm_externtype_vec_delete
wasm_externtype_vec_new
wasm_externtype_vec_new_empty
wasm_externtype_vec_new_uninitialized
wasm_foreign_as_ref
wasm_foreign_as_ref_const
wasm_foreign_copy
wasm_foreign_delete
wasm_foreign_get_host_info
wasm_foreign_new
wasm_foreign_same
wasm_foreign_set_host_info
wasm_foreign_set_host_info_with_finalizer
wasm_frame_copy
wasm_frame_delete
wasm_frame_func_index
wasm_frame_func_offset
wasm_frame_instance
wasm_frame_module_offset
wasm_frame_vec_copy
wasm_frame_vec_delete
wasm_frame_vec_new
wasm_frame_vec_new_empty
wasm_frame_vec_new_uninitialized
wasm_func_as_extern
wasm_func_as_extern_const
wasm_func_as_ref
wasm_func_as_ref_const
wasm_func_call
wasm_func_copy
wasm_func_delete
wasm_func_get_host_info
wasm_func_new
wasm_func_new_with_env
wasm_func_param_arity
wasm_func_result_arity
wasm_func_same
wasm_func_set_host_info
wasm_func_set_host_info_with_finalizer
wasm_func_type
wasm_functype_as_externtype
wasm_functype_as_externtype_const
wasm_functype_copy
wasm_functype_delete
wasm_functype_new
wasm_functype_params
wasm_functype_results
wasm_functype_vec_copy
wasm_functype_vec_delete
wasm_functype_vec_new
wasm_functype_vec_new_empty
wasm_functype_vec_new_uninitialized
wasm_global_as_extern
wasm_global_as_extern_const
wasm_global_as_ref
wasm_global_as_ref_const
wasm_global_copy
wasm_global_delete
wasm_global_get
wasm_global_get_host_info
wasm_global_new
wasm_global_same
wasm_global_set
wasm_global_set_host_info
wasm_global_set_host_info_with_finalizer
wasm_global_type
wasm_globaltype_as_externtype
wasm_globaltype_as_externtype_const
wasm_globaltype_content
wasm_globaltype_copy
wasm_globaltype_delete
wasm_globaltype_mutability
wasm_globaltype_new
wasm_globaltype_vec_copy
wasm_globaltype_vec_delete
wasm_globaltype_vec_new
wasm_globaltype_vec_new_empty
wasm_globaltype_vec_new_uninitialized
wasm_importtype_copy
wasm_importtype_delete
wasm_importtype_module
wasm_importtype_name
wasm_importtype_new
wasm_importtype_type
wasm_importtype_vec_copy
wasm_importtype_vec_delete
wasm_importtype_vec_new
wasm_importtype_vec_new_empty
wasm_importtype_vec_new_uninitialized
wasm_instance_as_ref
wasm_instance_as_ref_const
wasm_instance_copy
wasm_instance_delete
wasm_instance_exports
wasm_instance_get_host_info
wasm_instance_new
wasm_instance_same
wasm_instance_set_host_info
wasm_instance_set_host_info_with_finalizer
wasm_memory_as_extern
wasm_memory_as_extern_const
wasm_memory_as_ref
wasm_memory_as_ref_const
wasm_memory_copy
wasm_memory_data
wasm_memory_data_size
wasm_memory_delete
wasm_memory_get_host_info
wasm_memory_grow
wasm_memory_new
wasm_memory_same
wasm_memory_set_host_info
wasm_memory_set_host_info_with_finalizer
wasm_memory_size
wasm_memory_type
wasm_memorytype_as_externtype
wasm_memorytype_as_externtype_const
wasm_memorytype_copy
wasm_memorytype_delete
wasm_memorytype_limits
wasm_memorytype_new
wasm_memorytype_vec_copy
wasm_memorytype_vec_delete
wasm_memorytype_vec_new
wasm_memorytype_vec_new_empty
wasm_memorytype_vec_new_uninitialized
wasm_module_as_ref
wasm_module_as_ref_const
wasm_module_copy
wasm_module_delete
wasm_module_deserialize
wasm_module_exports
wasm_module_get_host_info
wasm_module_imports
wasm_module_new
wasm_module_obtain
wasm_module_same
wasm_module_serialize
wasm_module_set_host_info
wasm_module_set_host_info_with_finalizer
wasm_module_share
wasm_module_validate
wasm_ref_as_extern
wasm_ref_as_extern_const
wasm_ref_as_foreign
wasm_ref_as_foreign_const
wasm_ref_as_func
wasm_ref_as_func_const
wasm_ref_as_global
wasm_ref_as_global_const
wasm_ref_as_instance
wasm_ref_as_instance_const
wasm_ref_as_memory
wasm_ref_as_memory_const
wasm_ref_as_module
wasm_ref_as_module_const
wasm_ref_as_table
wasm_ref_as_table_const
wasm_ref_as_trap
wasm_ref_as_trap_const
wasm_ref_copy
wasm_ref_delete
wasm_ref_get_host_info
wasm_ref_same
wasm_ref_set_host_info
wasm_ref_set_host_info_with_finalizer
wasm_shared_module_delete
wasm_store_delete
wasm_store_new
wasm_table_as_extern
wasm_table_as_extern_const
wasm_table_as_ref
wasm_table_as_ref_const
wasm_table_copy
wasm_table_delete
wasm_table_get
wasm_table_get_host_info
wasm_table_grow
wasm_table_new
wasm_table_same
wasm_table_set
wasm_table_set_host_info
wasm_table_set_host_info_with_finalizer
wasm_table_size
wasm_table_type
wasm_tabletype_as_externtype
wasm_tabletype_as_externtype_const
wasm_tabletype_copy
wasm_tabletype_delete
wasm_tabletype_element
wasm_tabletype_limits
wasm_tabletype_new
wasm_tabletype_vec_copy
wasm_tabletype_vec_delete
wasm_tabletype_vec_new
wasm_tabletype_vec_new_empty
wasm_tabletype_vec_new_uninitialized
wasm_trap_as_ref
wasm_trap_as_ref_const
wasm_trap_copy
wasm_trap_delete
wasm_trap_get_host_info
wasm_trap_message
wasm_trap_new
wasm_trap_origin
wasm_trap_same
wasm_trap_set_host_info
wasm_trap_set_host_info_with_finalizer
wasm_trap_trace
wasm_val_copy
wasm_val_delete
wasm_val_vec_copy
wasm_val_vec_delete
wasm_val_vec_new
wasm_val_vec_new_empty
wasm_val_vec_new_uninitialized
wasm_valtype_copy
wasm_valtype_delete
wasm_valtype_kind
wasm_valtype_new
wasm_valtype_vec_copy
wasm_valtype_vec_delete
wasm_valtype_vec_new
wasm_valtype_vec_new_empty
wasm_valtype_vec_new_uninitialized
NAMES
)
[ "$(printf '%s\n' "$expected" | sort -u | wc -l)" -eq 280 ] || fail "the expected list is not 280 names"

# defined, global or weak, and default visibility (the linker lists its hidden __start_/__stop_ section
# bounds in .dynsym too; hidden symbols are not exported)
exported=$(readelf -W --dyn-syms "$SO" |
    awk '$7 != "UND" && $6 == "DEFAULT" && ($5 == "GLOBAL" || $5 == "WEAK") && NF >= 8 { sub(/@.*/, "", $8); print $8 }' |
    sort -u)
passed=0
failed=0
missing=$(comm -23 <(printf '%s\n' "$expected" | sort -u) <(printf '%s\n' "$exported"))
if [ -n "$missing" ]; then
    echo "missing exports:"; printf '  %s\n' $missing
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
# Everything else exported must be a skiff_* function (the Skiff API); no sk_* internals.
extra=$(comm -13 <(printf '%s\n' "$expected" | sort -u) <(printf '%s\n' "$exported") | grep -v '^skiff_' || true)
if [ -n "$extra" ]; then
    echo "unexpected exports:"; printf '  %s\n' $extra
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
# Every standard function must be declared in include/wasm.h with WASM_API_EXTERN.
declared=$(grep -h '^WASM_API_EXTERN' include/wasm.h | grep -o 'wasm_[a-z0-9_]*(' | tr -d '(' | sort -u)
undeclared=$(comm -23 <(printf '%s\n' "$expected" | sort -u) <(printf '%s\n' "$declared"))
if [ -n "$undeclared" ]; then
    echo "not declared in include/wasm.h:"; printf '  %s\n' $undeclared
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
echo "api_exports: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
