/* simd_exec.c: the out-of-line SIMD instruction functions (for ASan and unoptimised builds;
 * see simd_exec.h). */
#define SK_SIMD_EXEC_EXTERN 1
#include "simd_exec.h"
