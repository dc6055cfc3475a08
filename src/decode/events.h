/* SPDX-License-Identifier: GPL-2.0-only */
/* Named packet events (decoder and, later, stream), spelled as Suricata spells them. */
#ifndef KH_DECODE_EVENTS_H
#define KH_DECODE_EVENTS_H

/* Which EVE anomaly "type" an event is logged under. */
enum decode_event_kind {
    DECODE_EV_KIND_DECODE = 0,
    DECODE_EV_KIND_STREAM,
};

/* events.def lists DECODE_EVENT(ID, "suricata.name", KIND) once per event. */
enum decode_event {
#define DECODE_EVENT(id, name, kind) DECODE_EV_##id,
#include "events.def"
#undef DECODE_EVENT
    DECODE_EV_MAX
};

/* "ipv4.trunc_pkt" for DECODE_EV_IPV4_TRUNC_PKT: the decode-event / stream-event keyword name. */
const char *decode_event_name(enum decode_event ev);
enum decode_event_kind decode_event_kind(enum decode_event ev);

/*
 * The stats counter name Suricata gives the event: "decoder.event.ipv4.trunc_pkt" for decoder
 * events, "decoder.too_many_layers" for that one, the event name itself ("stream.…") for
 * stream events.
 */
const char *decode_event_counter_name(enum decode_event ev);

/* The event named `name` (as decode_event_name spells it), or -1: for rule keywords. */
int decode_event_lookup(const char *name);

#endif
