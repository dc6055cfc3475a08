/* SPDX-License-Identifier: GPL-2.0-only */
/* DNS messages (RFC 1035, 3596, 2782, 6891, 4255): parser, probe, TCP framing, per-flow state. */
#ifndef KH_APP_DNS_DNS_H
#define KH_APP_DNS_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/cursor.h"

struct flow;
struct packet;

#define DNS_HEADER_LEN 12
/*
 * Longest name kept in text form, in bytes. Suricata keeps 1025 (dnsmasq's limit) and sets
 * rrname_truncated past it; khien does the same so EVE matches. RFC 1035's 255 octets on the
 * wire can expand past that only through compression, which is why the text cap is larger.
 */
#define DNS_NAME_TEXT_MAX 1025
#define DNS_MAX_LABELS    255 /* labels and pointers followed in one name (Suricata's limit) */
/*
 * Labels and pointers followed in one whole message. Each name may take DNS_MAX_LABELS
 * steps, but a message of many records all pointing into a pointer chain would make that
 * thousands of copies per packet. Past this budget while reading questions, the questions
 * read are kept and the rest of the message is counted as dropped (Suricata logs such a
 * message: verify test dns-truncated-rname); in a record section the message is malformed.
 */
#define DNS_MSG_MAX_STEPS 4096
#define DNS_MAX_QUERIES   32    /* questions kept per message; more are parsed, counted, dropped */
#define DNS_MAX_RRS       256   /* records kept per message (all sections, a TXT string each) */
#define DNS_TEXT_ARENA    65536 /* bytes of name text kept per message */

/* DNS flag bits of the header's second word. */
#define DNS_FLAG_QR 0x8000
#define DNS_FLAG_AA 0x0400
#define DNS_FLAG_TC 0x0200
#define DNS_FLAG_RD 0x0100
#define DNS_FLAG_RA 0x0080
#define DNS_FLAG_Z  0x0040

/* Record types that get their own rdata form; the others are kept as raw bytes. */
enum dns_type {
    DNS_TYPE_A = 1,
    DNS_TYPE_NS = 2,
    DNS_TYPE_CNAME = 5,
    DNS_TYPE_SOA = 6,
    DNS_TYPE_NULL = 10,
    DNS_TYPE_PTR = 12,
    DNS_TYPE_HINFO = 13,
    DNS_TYPE_MX = 15,
    DNS_TYPE_TXT = 16,
    DNS_TYPE_AAAA = 28,
    DNS_TYPE_SRV = 33,
    DNS_TYPE_OPT = 41,
    DNS_TYPE_SSHFP = 44,
    DNS_TYPE_HTTPS = 65,
    DNS_TYPE_ANY = 255,
};

/* App-layer events, in Suricata's order; names as Suricata spells them (dns_event_name()). */
enum dns_event {
    DNS_EV_MALFORMED_DATA = 0,
    DNS_EV_NOT_A_REQUEST,
    DNS_EV_NOT_A_RESPONSE,
    DNS_EV_Z_FLAG_SET,
    DNS_EV_INVALID_OPCODE,
    DNS_EV_NAME_TOO_LONG,
    DNS_EV_INFINITE_LOOP,
    DNS_EV_TOO_MANY_LABELS,
    DNS_EV_INVALID_ADDITIONALS,
    DNS_EV_INVALID_AUTHORITIES,
    DNS_EV_MAX,
};

/* What went wrong in one name; the message keeps the union of all its names' flags. */
enum dns_name_flag {
    DNS_NAME_LOOP = 1u << 0,        /* a pointer to itself (infinite_loop) */
    DNS_NAME_TRUNCATED = 1u << 1,   /* longer than DNS_NAME_TEXT_MAX, cut (name_too_long) */
    DNS_NAME_LABEL_LIMIT = 1u << 2, /* more than DNS_MAX_LABELS steps (too_many_labels) */
};

/* A decoded name: text bytes at msg->text + off, labels joined by '.', root = "". */
struct dns_name {
    uint32_t off;
    uint16_t len;
    uint8_t flags; /* enum dns_name_flag */
};

/* How a record's rdata was read. */
enum dns_rdata_kind {
    DNS_RD_RAW = 0, /* a type without its own form: `data` holds the rdata */
    DNS_RD_ADDR,    /* A/AAAA: `data` (printed only when 4 or 16 bytes long) */
    DNS_RD_NAME,    /* CNAME, NS, PTR, MX (preference in u16[0]): `target` */
    DNS_RD_TXT,     /* one character-string of a TXT record: `data` */
    DNS_RD_NULL,    /* `data` */
    DNS_RD_SOA,     /* `target` = mname, `rname`, u32[] = serial refresh retry expire minimum */
    DNS_RD_SRV,     /* u16[] = priority weight port, `target` */
    DNS_RD_SSHFP,   /* u8[] = algorithm, fingerprint type; `data` = fingerprint */
    DNS_RD_OPT,     /* EDNS options, checked well-formed: `data` (dns_opt_next() walks it) */
};

/* One resource record. Spans borrow the message buffer: valid while the caller holds it. */
struct dns_rr {
    struct dns_name name;
    uint16_t type;
    uint16_t rclass;
    uint32_t ttl;
    uint8_t kind; /* enum dns_rdata_kind */
    uint8_t u8[2];
    uint16_t u16[3];
    uint32_t u32[5];
    struct span data;
    struct dns_name target;
    struct dns_name rname;
};

struct dns_query {
    struct dns_name name;
    uint16_t type;
    uint16_t rclass;
};

/* Sections of a message; records sit in rr[] in this order. */
enum dns_section { DNS_SEC_ANSWER = 0, DNS_SEC_AUTHORITY, DNS_SEC_ADDITIONAL, DNS_SEC_MAX };

/*
 * One parsed message. It is large (the name arena), so a parser context owns one and reuses
 * it for every message: nothing is allocated per packet.
 */
struct dns_msg {
    uint16_t id;
    uint16_t flags;
    uint16_t qdcount, ancount, nscount, arcount; /* as the header says */
    uint16_t nq;                                 /* queries kept */
    uint16_t nrr[DNS_SEC_MAX];                   /* records kept per section */
    uint8_t name_flags;                          /* enum dns_name_flag, all names */
    bool invalid_authorities;                    /* that section did not parse (kept: none) */
    bool invalid_additionals;
    uint32_t dropped; /* queries and records parsed but over a cap, not kept */
    struct dns_query q[DNS_MAX_QUERIES];
    struct dns_rr rr[DNS_MAX_RRS];
    uint32_t text_len;
    uint8_t text[DNS_TEXT_ARENA];
};

/* How dns_parse_message() ended. */
enum dns_parse_status {
    DNS_PARSE_OK = 0,
    DNS_PARSE_BAD_HEADER, /* shorter than a header, or counts that cannot be DNS */
    DNS_PARSE_INCOMPLETE, /* questions or answers run past the end */
    DNS_PARSE_ERROR,      /* a bad label type, a pointer out of the message, a loop */
};

/*
 * Parse one whole message (a UDP payload or one TCP frame) into msg, as Suricata 8 does:
 * questions and answers must parse; a bad authority or additional section is flagged and
 * dropped. Never reads outside msg_bytes; caps are in the DNS_MAX_* constants.
 */
enum dns_parse_status dns_parse_message(struct dns_msg *msg, struct span msg_bytes);

/* Text of a name, borrowed from the message. */
static inline struct span dns_name_text(const struct dns_msg *msg, const struct dns_name *n)
{
    struct span s = {.p = msg->text + n->off, .len = n->len};
    return s;
}

/* First record of a section in msg->rr[]. */
static inline unsigned dns_section_first(const struct dns_msg *msg, enum dns_section sec)
{
    unsigned first = 0;
    for (unsigned s = 0; s < (unsigned)sec; s++)
        first += msg->nrr[s];
    return first;
}

/* Walk the EDNS options of an OPT record: code and data of the next one; false at the end. */
bool dns_opt_next(struct cursor *c, uint16_t *code, struct span *data);

/*
 * Suricata's UDP probe: a whole message that parses and whose header is plausible;
 * *is_request tells which way it goes (QR clear). `scratch` receives the parse, so a caller
 * that goes on to treat the payload as DNS need not parse it twice.
 */
bool dns_probe(struct dns_msg *scratch, struct span payload, bool *is_request);
/*
 * Suricata's TCP probe: a 2-byte length, then a message checked as dns_probe() does (only
 * its header when the frame is not all there yet); *incomplete when more bytes could decide.
 */
bool dns_probe_tcp(struct dns_msg *scratch, struct span data, bool *is_request, bool *incomplete);

const char *dns_event_name(enum dns_event ev);
/* Record type as Suricata writes it ("A", "NSAPPTR"...); NULL for a type without a name. */
const char *dns_type_name(uint16_t type);
/* Suricata's rcode text from the header flags' low 4 bits; NULL for 11..15 (log the number). */
const char *dns_rcode_name(uint16_t flags);

/* ---- per-flow state and transactions ---- */

/*
 * A message handed to the logger: each DNS message is its own transaction, as in Suricata 8,
 * numbered per flow from 0 (EVE dns.tx_id). A response is also paired with the request of the
 * same id when one is pending (`paired`, `request_tx_id`); Suricata does not log the pairing.
 */
struct dns_tx {
    const struct dns_msg *msg;
    uint64_t tx_id;
    bool to_server;
    bool paired;
    uint64_t request_tx_id;
    uint32_t events; /* bit per enum dns_event raised on this transaction */
};

/* The engine's hooks: app/ calls them and never calls output/ itself. */
struct dns_hooks {
    /* A message parsed into a transaction (log it: EVE dns). */
    void (*on_tx)(void *arg, const struct packet *p, const struct flow *f, const struct dns_tx *tx);
    /* An event, raised on transaction tx_id (EVE anomaly, type applayer). */
    void (*on_event)(void *arg, const struct packet *p, const struct flow *f, uint64_t tx_id,
                     enum dns_event ev);
    void *arg;
};

/* Settings, as app-layer.protocols.dns in Suricata's YAML. */
struct dns_config {
    bool enabled;
    uint16_t ports[8]; /* detection-ports dp: probe flows with one of these as either port */
    uint8_t nports;
    bool any_port;         /* khien's extension: probe every UDP flow (off: Suricata's behaviour) */
    uint16_t tcp_ports[4]; /* tcp.detection-ports dp, else detection-ports dp (53) */
    uint8_t tcp_nports;
    uint32_t
        max_states; /* flows with DNS state at once (policy: a new one past it is not parsed) */
};

/* Counters, under "app_layer.dns" / "dns." in EVE stats. */
struct dns_stats {
    uint64_t msgs;          /* messages parsed into transactions */
    uint64_t malformed;     /* messages that raised malformed_data or were refused */
    uint64_t dropped_rrs;   /* queries/records over DNS_MAX_QUERIES/RRS or the arena, not kept */
    uint64_t state_memcap;  /* flows not parsed: max_states reached */
    uint64_t pending_evict; /* unanswered requests pushed out of a flow's pending list */
    uint64_t lost_events;   /* events with no transaction to hang on (Suricata drops them) */
    uint64_t states;        /* flows holding DNS state now */
    uint64_t udp_flows;     /* UDP flows found to be DNS (app_layer.flow.dns_udp) */
    uint64_t udp_failed;    /* UDP flows no protocol can be found on (app_layer.flow.failed_udp) */
    uint64_t udp_malformed; /* UDP messages malformed (app_layer.error.dns_udp.parser) */
};

struct dns_ctx;
struct dns_state;

struct conf;

void dns_config_defaults(struct dns_config *cfg);
/*
 * Read app-layer.protocols.dns as Suricata does: enabled (yes, no, detection-only; and the
 * udp.enabled under it) and the ports to probe, udp.detection-ports.dp falling back to
 * detection-ports.dp: "53", "[53, 5353]" or "any". A bad value is KH_EINVAL naming it.
 */
int dns_config_load(struct dns_config *cfg, const struct conf *conf, char *errbuf, size_t errlen);

/* One per worker: the scratch message, the state pool and counters. NULL when out of memory. */
struct dns_ctx *dns_ctx_new(const struct dns_config *cfg, const struct dns_hooks *hooks);
void dns_ctx_free(struct dns_ctx *ctx);
const struct dns_stats *dns_ctx_stats(const struct dns_ctx *ctx);
/* The settings the context was made with. */
const struct dns_config *dns_ctx_config(const struct dns_ctx *ctx);

/*
 * The UDP entry point, for every UDP packet with a flow and a payload. `*state` is the
 * flow's app-layer slot: NULL until DNS is detected, then a struct dns_state the flow owns
 * (free it with dns_state_free() when the flow ends). Returns the protocol the flow now has:
 * APP_PROTO_DNS once detected; APP_PROTO_FAILED for a payload on a flow whose ports DNS is
 * not probed on (no UDP protocol can be found there: Suricata's "failed"); else
 * APP_PROTO_UNKNOWN (the packet was not DNS, a later one may be).
 */
enum app_proto dns_udp(struct dns_ctx *ctx, struct dns_state **state, struct flow *f,
                       const struct packet *p);

/*
 * The TCP entry point, for reassembled data of one direction (2-byte length framing,
 * RFC 1035 4.2.2). Follows the stream-parser contract; *state is created on the first call.
 */
struct app_result dns_tcp(struct dns_ctx *ctx, struct dns_state **state, const struct flow *f,
                          const struct packet *p, bool to_server, struct span data);
/* A gap in one direction: resync on the next data that probes as DNS, as Suricata does. */
void dns_tcp_gap(struct dns_state *st);

struct app_tcp_proto;
/* DNS over TCP as a protocol of the TCP dispatcher (app/tcp.h), parsing into ctx. */
void dns_tcp_proto(struct dns_ctx *ctx, struct app_tcp_proto *out);

/* Give a flow's state back to the pool (NULL is fine). */
void dns_state_free(struct dns_ctx *ctx, struct dns_state *st);
/* Requests of the flow still waiting for an answer (for behaviour checks at flow end). */
unsigned dns_state_pending(const struct dns_state *st);

#endif
