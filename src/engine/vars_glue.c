/* SPDX-License-Identifier: GPL-2.0-only */
/* Detection's flow and packet variables handed to EVE as "metadata". */
#include "vars_glue.h"

#include "detect/flowvar.h"

uint32_t engine_vars(const struct flow *f, const struct packet *p, struct eve_var *out,
                     uint32_t max)
{
    struct detect_var dv[ENGINE_VARS_LOGGED];
    if (f == NULL || f->detect_state == NULL)
        return 0;
    size_t n = detect_flow_vars(f, p, dv, max < ENGINE_VARS_LOGGED ? max : ENGINE_VARS_LOGGED);
    for (size_t i = 0; i < n; i++) {
        uint8_t kind = dv[i].kind == DETECT_FVAR_PKT       ? EVE_VAR_PKT
                       : dv[i].kind == DETECT_FVAR_ENTROPY ? EVE_VAR_ENTROPY
                                                           : EVE_VAR_FLOW;
        out[i] = (struct eve_var){.kind = kind,
                                  .name = dv[i].name,
                                  .value = dv[i].value,
                                  .len = dv[i].len,
                                  .num = dv[i].num};
    }
    return (uint32_t)n;
}

void engine_meta_get(const struct detect_thread *dt, const struct flow *f, const struct packet *p,
                     struct engine_meta *m)
{
    m->nbits = dt != NULL && f != NULL
                   ? (uint32_t)detect_flow_flowbits(dt, f, m->bits, ENGINE_META_BITS)
                   : 0;
    m->nvars = engine_vars(f, p, m->vars, ENGINE_VARS_LOGGED);
}
