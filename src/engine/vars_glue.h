/* SPDX-License-Identifier: GPL-2.0-only */
/* Detection's flow and packet variables handed to EVE as "metadata". */
#ifndef KH_ENGINE_VARS_GLUE_H
#define KH_ENGINE_VARS_GLUE_H

#include "detect/match.h"
#include "output/eve/eve.h"

#define ENGINE_VARS_LOGGED 32u /* variables of a flow looked at for one record */

/* f's variables (and those packet p set; p may be NULL) as EVE's, at most max; the count.
 * Borrowed from f's detection state: log them before the flow is inspected again. */
uint32_t engine_vars(const struct flow *f, const struct packet *p, struct eve_var *out,
                     uint32_t max);

#endif
