/* SPDX-License-Identifier: GPL-2.0-only */
/* The rule keyword registry (keywords.def) and the parsed value of each keyword kind. */
#ifndef KH_DETECT_RULES_KEYWORDS_H
#define KH_DETECT_RULES_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum detect_kw_id {
#define X(id, name, kind, flags, fn, buf) DETECT_KW_##id,
#include "detect/rules/keywords.def"
#undef X
    DETECT_KW_MAX
};

/* Buffer 0 is the packet (or reassembled stream) payload; others are sticky keyword ids. */
#define DETECT_BUF_PAYLOAD 0

enum detect_kw_kind {
    DETECT_KW_KIND_OPTION = 0,
    DETECT_KW_KIND_STICKY,    /* sticky buffer: later content/pcre inspect it */
    DETECT_KW_KIND_TRANSFORM, /* transforms the current sticky buffer */
    DETECT_KW_KIND_MODIFIER,  /* modifies the preceding content (or pcre) */
    DETECT_KW_KIND_CBUF,      /* legacy modifier moving the preceding content to a buffer */
};

#define KWF_NOARG  0x01u /* takes no value */
#define KWF_ARG    0x02u /* requires a value */
#define KWF_OPTARG 0x04u
#define KWF_MATCH  0x08u /* khien can match it */
#define KWF_META   0x10u /* describes the rule; not kept in sig.kws */

struct rule_ctx;
typedef int (*detect_kw_parse_fn)(struct rule_ctx *rc, const char *arg);

struct detect_kw {
    const char *name;
    enum detect_kw_kind kind;
    uint8_t flags;
    detect_kw_parse_fn parse;
    uint16_t buffer; /* sticky/CBUF: the buffer (canonical sticky id) */
};

/* The registry entry of a keyword id. */
const struct detect_kw *detect_kw_get(enum detect_kw_id id);
/* Look up a keyword by name (case-sensitive, as Suricata); -1 when unknown. */
int detect_kw_lookup(const char *name, size_t len);

/* ---- parsed values, one struct per keyword family ---- */

#define KW_VAR_NONE 0xffu /* no byte_extract/byte_math variable */
#define KW_MAX_VARS 16u   /* byte_extract/byte_math variables per rule */

/* content flags */
#define KW_CONTENT_NOCASE     0x0001u
#define KW_CONTENT_NEGATED    0x0002u
#define KW_CONTENT_RAWBYTES   0x0004u
#define KW_CONTENT_STARTSWITH 0x0008u
#define KW_CONTENT_ENDSWITH   0x0010u
#define KW_CONTENT_FAST       0x0020u /* fast_pattern given */
#define KW_CONTENT_FAST_ONLY  0x0040u /* fast_pattern:only */
#define KW_CONTENT_FAST_CHOP  0x0080u /* fast_pattern:off,len */
#define KW_CONTENT_DEPTH      0x0100u
#define KW_CONTENT_OFFSET     0x0200u
#define KW_CONTENT_DISTANCE   0x0400u
#define KW_CONTENT_WITHIN     0x0800u

/* content, filemagic/filename/fileext: the pattern and its position constraints. */
struct kw_content {
    uint8_t *pat;
    uint32_t len;
    uint32_t flags;
    int32_t depth; /* each valid when its flag is set; a variable when its *_var is set */
    int32_t offset;
    int32_t distance;
    int32_t within;
    uint8_t depth_var; /* index of a byte_extract variable, or KW_VAR_NONE */
    uint8_t offset_var;
    uint8_t distance_var;
    uint8_t within_var;
    uint16_t fp_chop_off; /* fast_pattern:off,len */
    uint16_t fp_chop_len;
};

#define KW_PCRE_NEGATED  0x01u
#define KW_PCRE_RELATIVE 0x02u /* R */
#define KW_PCRE_RAWBYTES 0x04u /* B */
#define KW_PCRE_NOLIMIT  0x08u /* O: no match limits */
#define KW_PCRE_CAPTURE  0x10u /* has capture variables (pkt:/flow: names) */

/* A capture into a variable: "flow:name", "pkt:name", "alert:name" after the pattern, or a
 * named group (?P<flow_name>...) / (?P<pkt_name>...). */
enum kw_pcre_cap_kind { KW_PCRE_CAP_FLOW = 0, KW_PCRE_CAP_PKT, KW_PCRE_CAP_ALERT };
#define KW_PCRE_CAP_MAX 8u /* captures per pcre (more are a load error) */
struct kw_pcre_cap {
    enum kw_pcre_cap_kind kind;
    uint32_t group; /* the capturing group, 1-based */
    char *name;
};

struct kw_pcre {
    char *source;     /* the pattern between the slashes */
    uint32_t options; /* PCRE2 compile options */
    uint32_t flags;   /* KW_PCRE_* */
    void *code;       /* pcre2_code *, JIT-compiled when possible; NULL when not compiled */
    struct kw_pcre_cap caps[KW_PCRE_CAP_MAX];
    uint32_t ncaps;
};

enum kw_num_op {
    KW_NUM_EQ = 0,
    KW_NUM_NE,
    KW_NUM_LT,
    KW_NUM_LE,
    KW_NUM_GT,
    KW_NUM_GE,
    KW_NUM_RANGE, /* a < x < b ("a<>b"); "a-b" is inclusive: a <= x <= b */
    KW_NUM_RANGE_INCL,
};

/* dsize, bsize, urilen, ttl, tos, id, seq, ack, window, itype, icode, icmp_*, ip_proto ... */
struct kw_num {
    enum kw_num_op op;
    uint64_t a;
    uint64_t b;
};

enum kw_byte_op {
    KW_BYTE_OP_LT = 0,
    KW_BYTE_OP_GT,
    KW_BYTE_OP_EQ,
    KW_BYTE_OP_LE,
    KW_BYTE_OP_GE,
    KW_BYTE_OP_AND, /* & */
    KW_BYTE_OP_XOR, /* ^ */
    KW_BYTE_OP_ADD, /* byte_math + - * / << >> */
    KW_BYTE_OP_SUB,
    KW_BYTE_OP_MUL,
    KW_BYTE_OP_DIV,
    KW_BYTE_OP_SHL,
    KW_BYTE_OP_SHR,
};

#define KW_BYTE_RELATIVE       0x0001u
#define KW_BYTE_STRING         0x0002u
#define KW_BYTE_LITTLE         0x0004u
#define KW_BYTE_BIG            0x0008u
#define KW_BYTE_DCE            0x0010u
#define KW_BYTE_ALIGN          0x0020u
#define KW_BYTE_FROM_BEGINNING 0x0040u
#define KW_BYTE_FROM_END       0x0080u
#define KW_BYTE_NEGATE         0x0100u
#define KW_BYTE_BITMASK        0x0200u

/* byte_test, byte_jump, byte_extract, byte_math: one shape, fields as each keyword uses. */
struct kw_byte {
    uint8_t nbytes;
    uint8_t base; /* 0 binary, else 8, 10 or 16 with KW_BYTE_STRING */
    uint16_t flags;
    enum kw_byte_op op;
    int32_t offset;
    uint64_t value;      /* byte_test value, byte_math rvalue */
    int32_t post_offset; /* byte_jump */
    uint32_t multiplier; /* byte_jump, byte_extract */
    uint32_t bitmask;
    uint8_t align;      /* byte_extract align 2|4 */
    uint8_t var;        /* byte_extract/byte_math result variable, or KW_VAR_NONE */
    uint8_t value_var;  /* value/rvalue from a variable, or KW_VAR_NONE */
    uint8_t offset_var; /* offset from a variable, or KW_VAR_NONE */
};

#define KW_ISDATAAT_NEGATED  0x01u
#define KW_ISDATAAT_RELATIVE 0x02u
#define KW_ISDATAAT_RAWBYTES 0x04u

struct kw_isdataat {
    uint32_t value;
    uint8_t flags;
    uint8_t var;
};

#define KW_FLOW_ESTABLISHED     0x0001u
#define KW_FLOW_NOT_ESTABLISHED 0x0002u
#define KW_FLOW_STATELESS       0x0004u
#define KW_FLOW_TO_SERVER       0x0008u
#define KW_FLOW_TO_CLIENT       0x0010u
#define KW_FLOW_ONLY_STREAM     0x0020u
#define KW_FLOW_NO_STREAM       0x0040u
#define KW_FLOW_ONLY_FRAG       0x0080u
#define KW_FLOW_NO_FRAG         0x0100u

struct kw_flow {
    uint16_t flags;
};

enum kw_bits_cmd {
    KW_BITS_SET = 0,
    KW_BITS_UNSET,
    KW_BITS_TOGGLE,
    KW_BITS_ISSET,
    KW_BITS_ISNOTSET,
    KW_BITS_NOALERT,
};

enum kw_track {
    KW_TRACK_BY_SRC = 0,
    KW_TRACK_BY_DST,
    KW_TRACK_BY_RULE,
    KW_TRACK_BY_BOTH,
    KW_TRACK_BY_FLOW,
    KW_TRACK_IP_PAIR, /* xbits */
};

/* flowbits and xbits: names joined by '|' (isset/isnotset: any) or '&' (all). */
struct kw_bits {
    enum kw_bits_cmd cmd;
    bool any; /* '|' given */
    char **names;
    uint32_t n;
    enum kw_track track; /* xbits */
    uint32_t expire;     /* xbits */
};

enum kw_flowint_op {
    KW_FLOWINT_SET = 0, /* = */
    KW_FLOWINT_ADD,     /* + or += */
    KW_FLOWINT_SUB,     /* - or -= */
    KW_FLOWINT_EQ,
    KW_FLOWINT_NE,
    KW_FLOWINT_LT,
    KW_FLOWINT_LE,
    KW_FLOWINT_GT,
    KW_FLOWINT_GE,
    KW_FLOWINT_ISSET,
    KW_FLOWINT_NOTSET,
};

struct kw_flowint {
    char *name;
    enum kw_flowint_op op;
    uint32_t value;
    char *value_var; /* the value is another flowint, or NULL */
};

enum kw_threshold_type {
    KW_THRESHOLD_LIMIT = 0,
    KW_THRESHOLD_THRESHOLD,
    KW_THRESHOLD_BOTH,
    KW_THRESHOLD_DETECTION_FILTER,
};

enum kw_unique_on {
    KW_UNIQUE_NONE = 0,
    KW_UNIQUE_SRC_PORT, /* detection_filter unique_on src_port (Suricata 8) */
    KW_UNIQUE_DST_PORT,
};

struct kw_threshold {
    enum kw_threshold_type type;
    enum kw_track track;
    uint32_t count;
    uint32_t seconds;
    enum kw_unique_on unique_on;
};

/* flags: and fragbits: bits to test, the modifier and an optional mask of ignored bits. */
struct kw_bitmatch {
    uint8_t bits;
    uint8_t mask; /* flags: bits to ignore */
    char mod;     /* 0 (exactly), '+' (all, others allowed), '*' (any), '!' (none) */
};

struct kw_ipopts {
    uint16_t opt; /* a bit per option; KW_IPOPT_ANY for any */
};
#define KW_IPOPT_ANY 0xffffu

/* stream_size:<server|client|both|either>,<op>,<number> */
enum kw_stream_who { KW_SSZ_SERVER = 0, KW_SSZ_CLIENT, KW_SSZ_BOTH, KW_SSZ_EITHER };
struct kw_stream_size {
    enum kw_stream_who who;
    struct kw_num num;
};

/* base64_decode:[bytes N][, offset N][, relative] */
struct kw_b64 {
    uint32_t bytes; /* 0: to the end of the buffer */
    uint32_t offset;
    bool relative;
};

/* app-layer-protocol's kw_text value: an app-layer table index, or one of these, | NEGATED. */
#define KW_ALP_FAILED  0x7ffe
#define KW_ALP_UNKNOWN 0x7ffd
#define KW_ALP_MASK    0x7fff
#define KW_ALP_NEGATED 0x10000

/* from_base64 modes (Suricata's names). */
enum kw_b64_mode {
    KW_B64_RFC4648 = 0, /* the default: stop at the first byte outside the alphabet */
    KW_B64_RFC2045,     /* skip bytes outside the alphabet */
    KW_B64_STRICT,      /* any byte outside the alphabet: nothing decoded */
};

/* The transforms with arguments: xor, pcrexform, from_base64. */
struct kw_xform {
    char *arg;    /* as written (first, as in struct kw_text) */
    uint8_t *key; /* xor */
    uint32_t keylen;
    void *re;            /* pcrexform: pcre2_code * */
    uint32_t b64_bytes;  /* from_base64: bytes to decode, 0 for all */
    uint32_t b64_offset; /* from_base64: where to start */
    enum kw_b64_mode b64_mode;
    uint32_t max_size; /* gunzip, zlib_deflate: output bytes kept (max-size, 1024 by default) */
};

/* A keyword parsed but kept as text (not matched yet): the argument as written. */
/* dlp and sd_pattern (kw_dlp.c) */
struct kw_dlp {
    int kind;       /* enum dlp_kind */
    uint32_t count; /* distinct in the flow direction (dlp), matches in the payload (sd) */
    uint16_t year;  /* the current year at load, for the CCCD birth-year check */
};

/* dlp: the flow direction's distinct count; sd_pattern: matches in the payload. */
bool kw_dlp_match(const struct kw_dlp *d, bool sd, const void *dlp_state, int dir,
                  const uint8_t *payload, size_t len);

struct kw_text {
    char *arg;
    int32_t value; /* decode-event: the event id; else unused */
};

#endif
