/* SPDX-License-Identifier: GPL-2.0-only */
/* Detection's flow and packet variables handed to EVE as "metadata". */
#ifndef KH_ENGINE_VARS_GLUE_H
#define KH_ENGINE_VARS_GLUE_H

#include "detect/match.h"
#include "output/eve/eve.h"

#define ENGINE_VARS_LOGGED 32u /* variables of a flow looked at for one record */
#define ENGINE_META_BITS   64u /* flowbits of a flow looked at for an app-layer record */

/* What an app-layer record carries as "metadata": the flow's flowbits and variables. */
struct engine_meta {
    const char *bits[ENGINE_META_BITS];
    uint32_t nbits;
    struct eve_var vars[ENGINE_VARS_LOGGED];
    uint32_t nvars;
};

/* f's variables (and those packet p set; p may be NULL) as EVE's, at most max; the count.
 * Borrowed from f's detection state: log them before the flow is inspected again. */
uint32_t engine_vars(const struct flow *f, const struct packet *p, struct eve_var *out,
                     uint32_t max);

/* f's flowbits (dt may be NULL: none) and variables (those p set too) into m. */
void engine_meta_get(const struct detect_thread *dt, const struct flow *f, const struct packet *p,
                     struct engine_meta *m);

#endif
