/* SPDX-License-Identifier: GPL-2.0-only */
/* Tables behind the event enum: names, kinds and stats counter names, built from events.def. */
#include "events.h"

#include <string.h>

static const char *const names[DECODE_EV_MAX] = {
#define DECODE_EVENT(id, name, kind) [DECODE_EV_##id] = name,
#include "events.def"
#undef DECODE_EVENT
};

static const unsigned char kinds[DECODE_EV_MAX] = {
#define DECODE_EVENT(id, name, kind) [DECODE_EV_##id] = kind,
#include "events.def"
#undef DECODE_EVENT
};

/*
 * Suricata registers every packet event before its last one under the configurable prefix
 * "decoder.event", the last (decoder.too_many_layers) under its own name, and stream events
 * under theirs (decode.c, DecodeRegisterPerfCounters).
 */
static const char *const counter_names[DECODE_EV_MAX] = {
#define DECODE_EVENT(id, name, kind)                                                               \
    [DECODE_EV_##id] = (kind) == DECODE_EV_KIND_DECODE ? "decoder.event." name : name,
#include "events.def"
#undef DECODE_EVENT
};

const char *decode_event_name(enum decode_event ev)
{
    if ((unsigned)ev >= DECODE_EV_MAX)
        return "unknown";
    return names[ev];
}

enum decode_event_kind decode_event_kind(enum decode_event ev)
{
    if ((unsigned)ev >= DECODE_EV_MAX)
        return DECODE_EV_KIND_DECODE;
    return (enum decode_event_kind)kinds[ev];
}

const char *decode_event_counter_name(enum decode_event ev)
{
    if ((unsigned)ev >= DECODE_EV_MAX)
        return "decoder.event.unknown";
    if (ev == DECODE_EV_TOO_MANY_LAYERS)
        return "decoder.too_many_layers";
    return counter_names[ev];
}

int decode_event_lookup(const char *name)
{
    /* Cold: rule loading. A linear pass over ~100 names is cheaper than building an index. */
    for (int i = 0; i < DECODE_EV_MAX; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}
