/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer target: the feed JSON reader, then a walk over every node it built. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "intel/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[128];
    struct ij_doc *d = ij_parse(data, size, err, sizeof(err));
    if (d == NULL)
        return 0;
    /* every node once, by index order of the tree: siblings and first children */
    size_t seen = 0, sum = 0;
    const struct ij_node *stack[IJ_MAX_DEPTH + 1];
    unsigned depth = 0;
    stack[depth++] = ij_root(d);
    while (depth > 0) {
        const struct ij_node *n = stack[--depth];
        seen++;
        double v;
        const char *s = ij_str(d, n), *k = ij_key(d, n);
        sum += s ? strlen(s) : 0;
        sum += k ? strlen(k) : 0;
        (void)ij_num(d, n, &v);
        (void)ij_get(d, n, "type");
        if (ij_next(d, n) && depth < IJ_MAX_DEPTH)
            stack[depth++] = ij_next(d, n);
        if (ij_first(d, n) && depth < IJ_MAX_DEPTH)
            stack[depth++] = ij_first(d, n);
    }
    if (seen > ij_count(d) || sum > (size_t)-1 / 2)
        __builtin_trap();
    ij_free(d);
    return 0;
}
