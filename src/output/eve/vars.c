/* SPDX-License-Identifier: GPL-2.0-only */
/* The top-level "metadata" object of alert, flow and http records: flowbits, flowvars, pktvars,
 * entropy. */
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "eve_internal.h"

/* x as JSON with the fewest digits that read back as x (as Suricata's writer prints it). */
static size_t format_double(double x, char *out, size_t n)
{
    int len = 0;
    for (int prec = 1; prec <= 17; prec++) {
        len = snprintf(out, n, "%.*g", prec, x);
        if (strtod(out, NULL) == x)
            break;
    }
    if (len < 0 || (size_t)len >= n)
        len = snprintf(out, n, "0");
    if (strpbrk(out, ".en") == NULL && (size_t)len + 2 < n) { /* 4 -> 4.0: a float */
        memcpy(out + len, ".0", 3);
        len += 2;
    }
    return (size_t)len;
}

/* One array ("flowvars", "pktvars") of {"name": "value"} objects: the variables of kind. */
static void put_list(struct jbuf *jb, const char *key, unsigned kind, const struct eve_var *v,
                     uint32_t n)
{
    bool open = false;
    for (uint32_t i = 0; i < n; i++) {
        if (v[i].kind != kind)
            continue;
        if (!open)
            jb_open_array(jb, key);
        open = true;
        jb_open_object(jb, NULL);
        jb_strn(jb, v[i].name, v[i].value, v[i].len);
        jb_close_object(jb);
    }
    if (open)
        jb_close_array(jb);
}

void eve_output_set_vars(struct eve_output *eo, const char *const *flowbits, uint32_t nflowbits,
                         const struct eve_var *v, uint32_t n)
{
    eo->flowbits = flowbits;
    eo->nflowbits = flowbits != NULL ? nflowbits : 0;
    eo->vars = v;
    eo->nvars = v != NULL ? n : 0;
}

/* A flowbit logged under "traffic" (traffic/id/x, traffic/label/x), not "flowbits". */
static bool is_traffic(const char *bit)
{
    return strncmp(bit, "traffic/id/", 11) == 0 || strncmp(bit, "traffic/label/", 14) == 0;
}

void eve_put_vars(struct jbuf *jb, const char *const *bits, uint32_t nbits, const struct eve_var *v,
                  uint32_t n)
{
    uint32_t nplain = 0;
    for (uint32_t i = 0; i < nbits; i++)
        nplain += !is_traffic(bits[i]);
    if (n == 0 && nplain == 0)
        return;
    jb_open_object(jb, "metadata");
    if (nplain > 0) {
        jb_open_array(jb, "flowbits");
        for (uint32_t i = 0; i < nbits; i++)
            if (!is_traffic(bits[i]))
                jb_str(jb, NULL, bits[i]);
        jb_close_array(jb);
    }
    put_list(jb, "pktvars", EVE_VAR_PKT, v, n);
    put_list(jb, "flowvars", EVE_VAR_FLOW, v, n);
    bool open = false;
    for (uint32_t i = 0; i < n; i++) {
        if (v[i].kind != EVE_VAR_ENTROPY)
            continue;
        if (!open)
            jb_open_object(jb, "entropy");
        open = true;
        char num[40];
        size_t len = format_double(v[i].num, num, sizeof(num));
        jb_raw(jb, v[i].name, num, len);
    }
    if (open)
        jb_close_object(jb);
    jb_close_object(jb);
}
