/* SPDX-License-Identifier: GPL-2.0-only */
/* The compiled signature: a parsed rule's header sets and its ordered, typed keyword list. */
#ifndef KH_DETECT_RULES_SIG_H
#define KH_DETECT_RULES_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/rules/keywords.h"

enum sig_action {
    SIG_ACT_ALERT = 0,
    SIG_ACT_PASS,
    SIG_ACT_DROP,
    SIG_ACT_REJECT,
    SIG_ACT_REJECTSRC,
    SIG_ACT_REJECTDST,
    SIG_ACT_REJECTBOTH,
};

/* The rule's protocol word: a packet protocol, or an app-layer protocol over its transport. */
enum sig_proto_kind {
    SIG_PROTO_IP = 0, /* ip, ipv4, ipv6, pkthdr: any packet */
    SIG_PROTO_TCP,    /* tcp; tcp-pkt and tcp-stream set sig.tcp_only_pkt/stream */
    SIG_PROTO_UDP,
    SIG_PROTO_ICMP, /* icmp: both v4 and v6 */
    SIG_PROTO_ICMPV4,
    SIG_PROTO_ICMPV6,
    SIG_PROTO_SCTP,
    SIG_PROTO_APP, /* an app-layer protocol: sig.app_proto names it */
};

/*
 * An interval of addresses or ports, inclusive. IPv4 addresses use the low 32 bits; ports
 * the low 16. A set is a sorted list of disjoint intervals, so a lookup is a binary search.
 */
struct sig_range {
    unsigned __int128 lo;
    unsigned __int128 hi;
};

struct sig_range_set {
    struct sig_range *v;
    uint32_t n;
};

/* An address set after variables, groups and negation are resolved. */
struct sig_addr {
    struct sig_range_set v4;
    struct sig_range_set v6;
    bool any; /* both families entirely: the matcher may skip the lookup */
};

struct sig_ports {
    struct sig_range_set r;
    bool any;
};

/* One keyword instance, in rule order. `data` is the keyword's own struct (rules/kw_*.h). */
struct sig_kw {
    enum detect_kw_id id;
    uint16_t buffer; /* the inspection buffer it applies to: DETECT_BUF_PAYLOAD or a sticky id */
    bool list_start; /* the first keyword after its sticky buffer was named: a buffer named
                        again starts a list of its own (Suricata's multi-buffer matching) */
    void *data;
};

/* A reference: type (as reference.config spells it, lower-cased) and the id. */
struct sig_ref {
    char *type;
    char *value;
};

/* One metadata pair, as "key value" split at the first space. */
struct sig_meta {
    char *key;
    char *value;
};

struct sig {
    uint32_t sid;
    uint32_t rev;
    uint32_t gid;
    uint8_t priority; /* from priority:, else the classtype's, else 3 */
    enum sig_action action;
    enum sig_proto_kind proto;
    uint16_t app_proto;   /* an enum detect_app_proto when proto is SIG_PROTO_APP */
    bool bidirectional;   /* <> */
    bool transactional;   /* => (Suricata 8): both directions of a transaction; the header's
                           source is the flow's client */
    bool hook_flow_start; /* "tcp:flow_start" (Suricata 8 hook): first packet of each flow
                             direction only */
    bool tcp_only_pkt;    /* tcp-pkt */
    bool tcp_only_strm;   /* tcp-stream */
    bool target_dst;      /* target:dest_ip (else src_ip when target_set) */
    bool target_set;
    bool noalert;               /* flowbits:noalert or noalert; */
    const struct sig_addr *src; /* shared, owned by the rule set's intern table */
    const struct sig_addr *dst;
    const struct sig_ports *sp;
    const struct sig_ports *dp;
    bool owns_sets; /* no intern table: src/dst/sp/dp are the sig's own */
    char *msg;
    char *classtype; /* NULL when absent */
    struct sig_ref *refs;
    uint32_t nrefs;
    struct sig_meta *meta;
    uint32_t nmeta;
    struct sig_kw *kws; /* the options that test traffic, in order */
    uint32_t nkws;
    int32_t fast_pattern; /* index in kws of the chosen fast-pattern content, or -1 */
    bool matchable;       /* every keyword in kws can be matched by khien */
    uint64_t unsupported[(DETECT_KW_MAX + 63) / 64]; /* keywords khien cannot match yet */
    const char *file; /* borrowed from the rule set's file-name table */
    uint32_t line;
    char *text; /* the rule as written (one line, continuations joined) */
};

/* Free a signature and everything it owns (not its shared header sets). */
void sig_free(struct sig *s);

#endif
