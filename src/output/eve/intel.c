/* SPDX-License-Identifier: GPL-2.0-only */
/* Threat-intelligence output: the alert "intel" object and "intel_sightings" records. */
#include "eve_internal.h"

void eve_put_intel_object(struct eve_output *eo, const struct eve_intel *in)
{
    struct jbuf *jb = &eo->jb;
    jb_open_object(jb, "intel");
    jb_str(jb, "feed", in->feed);
    jb_str(jb, "indicator", in->indicator);
    jb_str(jb, "type", in->type);
    if (in->matched)
        jb_str(jb, "matched", in->matched);
    if (in->point)
        jb_str(jb, "point", in->point);
    jb_str(jb, "action", in->action ? in->action : "alert");
    jb_u64(jb, "confidence", in->confidence);
    if (in->description && in->description[0])
        jb_str(jb, "description", in->description);
    if (in->expires > 0) {
        char ts[KH_TS_LEN + 1];
        ts_format(&eo->tc, (uint64_t)in->expires * 1000000u, ts);
        jb_str_plain(jb, "expires", ts, KH_TS_LEN);
    }
    jb_close_object(jb);
}

void eve_log_intel_sightings(struct eve_output *eo, uint64_t ts_usec, const char *sensor,
                             uint64_t generation, const struct eve_sighting *s, size_t n,
                             uint64_t dropped)
{
    struct jbuf *jb = &eo->jb;
    char ts[KH_TS_LEN + 1];
    eve_begin(eo, ts_usec, 0, 0, "intel_sightings");
    jb_open_object(jb, "intel_sightings");
    jb_str(jb, "sensor", sensor ? sensor : "");
    jb_u64(jb, "generation", generation);
    jb_u64(jb, "dropped", dropped);
    jb_open_array(jb, "sightings");
    for (size_t i = 0; i < n; i++) {
        jb_open_object(jb, NULL);
        jb_str(jb, "feed", s[i].feed);
        jb_str(jb, "indicator", s[i].indicator);
        jb_str(jb, "type", s[i].type);
        jb_u64(jb, "count", s[i].count);
        ts_format(&eo->tc, s[i].first_usec, ts);
        jb_str_plain(jb, "first_seen", ts, KH_TS_LEN);
        ts_format(&eo->tc, s[i].last_usec, ts);
        jb_str_plain(jb, "last_seen", ts, KH_TS_LEN);
        jb_close_object(jb);
    }
    jb_close_array(jb);
    jb_close_object(jb);
    eve_end(eo, EVE_TYPE_INTEL);
}
