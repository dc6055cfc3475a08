/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Data-leak protection: streaming detectors for Vietnamese personal identifiers and
 * state-secret markings, per-flow distinct counting, masking and keyed hashing.
 * See docs/dlp.md for the rules, the tables' sources and the alert format.
 */
#ifndef KH_DLP_DLP_H
#define KH_DLP_DLP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf.h"

/* Identifier kinds; the names are what EVE's dlp.detector and the dlp keyword use. */
enum dlp_kind {
    DLP_CCCD = 0, /* 12-digit citizen identity number */
    DLP_CMND,     /* 9-digit old identity card, with context */
    DLP_PHONE,    /* Vietnamese mobile number */
    DLP_CARD,     /* payment card, Luhn (NAPAS 9704 without) */
    DLP_EMAIL,
    DLP_PASSPORT, /* a letter and 7 digits, with context */
    DLP_TAX,      /* tax code, 10 or 10-3 digits, with context */
    DLP_BHXH,     /* social insurance number, 10 digits, with context */
    DLP_KIND_MAX,
};

/* Classification levels of Law 29/2018/QH14 Art. 8. */
enum dlp_level {
    DLP_LEVEL_MAT = 0,   /* "MẬT" (secret) */
    DLP_LEVEL_TOI_MAT,   /* "TỐI MẬT" (top secret) */
    DLP_LEVEL_TUYET_MAT, /* "TUYỆT MẬT" (absolutely secret) */
    DLP_LEVEL_MAX,
};

/* What a body holds, as far as the caller knows; decides the extraction (zip, PDF). */
enum dlp_doc {
    DLP_DOC_TEXT = 0, /* plain text, HTML, JSON, CSV, a mail body, a raw stream */
    DLP_DOC_ZIP,      /* a zip container: DOCX/XLSX/PPTX/ODT members are scanned */
    DLP_DOC_PDF,      /* PDF: FlateDecode streams are inflated and scanned */
    DLP_DOC_SKIP,     /* not scanned: an SSH session (its algorithm names look like e-mail) */
    DLP_DOC_MAX,
};

const char *dlp_kind_name(enum dlp_kind k);
/* Parse a detector name ("cccd", "credit_card", ...); -1 when unknown. */
int dlp_kind_parse(const char *name, size_t len);
const char *dlp_level_name(enum dlp_level l);

/* ---- the identifier scanner (scan.c) ---- */

#define DLP_RING      64u /* bytes kept from the previous call: context, e-mail local part */
#define DLP_RUN_MAX   40u /* digits and separators of one number kept */
#define DLP_CTX       48u /* bytes before a number searched for context words */
#define DLP_EMAIL_MAX 96u /* longest e-mail address kept */
#define DLP_VALUE_MAX 100u

/* Streaming state of one byte stream (a direction, a document). */
struct dlp_scan {
    uint8_t ring[DLP_RING]; /* the last bytes seen, oldest first */
    uint32_t nring;
    uint8_t run[DLP_RUN_MAX]; /* the current digit run, separators included */
    uint8_t nrun;
    bool in_run;
    uint8_t pre[2];       /* the two bytes before the run: pre[0] is the nearest */
    uint8_t ctx[DLP_CTX]; /* context before the run, when it started in an earlier call */
    uint8_t nctx;
    bool ctx_saved;
    size_t run_pos;               /* where the run started in the current call's bytes */
    uint8_t email[DLP_EMAIL_MAX]; /* local part, '@' and domain so far */
    uint8_t nemail;
    bool in_domain;
    uint16_t year; /* the current year: birth years after it are impossible */
};

/* A found identifier: its canonical value (digits, or the lower-cased e-mail address). */
typedef void (*dlp_hit_fn)(void *arg, enum dlp_kind k, const char *value, size_t len);

void dlp_scan_init(struct dlp_scan *s, uint16_t year);
/* Scan the next bytes; hits are reported as numbers end (possibly in a later call). */
void dlp_scan_feed(struct dlp_scan *s, const uint8_t *p, size_t n, dlp_hit_fn fn, void *arg);
/* The stream ends (or bytes were lost): a number in progress is judged now. */
void dlp_scan_flush(struct dlp_scan *s, dlp_hit_fn fn, void *arg);

/* Validators, exposed for the rule keyword and the tests. */
bool dlp_luhn(const char *digits, size_t n);
bool dlp_cccd_valid(const char *d, uint16_t year); /* 12 digits */
bool dlp_province_valid(unsigned code);
bool dlp_mobile_prefix_valid(unsigned two_digits); /* the two digits after 0 / 84 */

/* ---- state-secret markings (mark.c) ---- */

#define DLP_SEG_MAX 64u /* a segment longer than this is prose, never a stamp */

enum dlp_enc {
    DLP_ENC_UTF8 = 0,
    DLP_ENC_UTF8_NFD, /* decomposed: base letters and combining marks */
    DLP_ENC_ASCII,    /* without diacritics */
    DLP_ENC_UTF16LE,
    DLP_ENC_TCVN3,
    DLP_ENC_VNI,
    DLP_ENC_MAX,
};
const char *dlp_enc_name(enum dlp_enc e);

/* Streaming state of the marking rule over one text. */
struct dlp_mark {
    uint8_t seg[DLP_SEG_MAX]; /* the current segment (NULs dropped) */
    uint8_t nseg;
    bool overflow; /* the segment is too long to be a stamp */
    bool pdf;      /* PDF content: '(' and ')' delimit text runs too */
};

typedef void (*dlp_mark_fn)(void *arg, enum dlp_level level, enum dlp_enc enc);

void dlp_mark_init(struct dlp_mark *m, bool pdf);
void dlp_mark_feed(struct dlp_mark *m, const uint8_t *p, size_t n, dlp_mark_fn fn, void *arg);
void dlp_mark_flush(struct dlp_mark *m, dlp_mark_fn fn, void *arg);
/* The rule on one segment (a line, a text run): the level it stamps, or -1. */
int dlp_mark_segment(const uint8_t *p, size_t n, enum dlp_enc *enc);

/* ---- masking and keyed hashing (dlp.c) ---- */

#define DLP_MASKED_MAX (DLP_VALUE_MAX + 1)
/* Keep about a quarter at each end: "079******345"; e-mail "n***@example.vn". */
void dlp_mask(enum dlp_kind k, const char *v, size_t n, char out[DLP_MASKED_MAX]);

/* ---- configuration and the per-worker / per-flow engine (dlp.c) ---- */

struct dlp_config {
    bool enabled;       /* dlp.enabled (default yes) */
    uint32_t threshold; /* dlp.threshold: distinct identifiers of a kind (default 20) */
    uint64_t depth;     /* dlp.depth: bytes scanned per flow direction (default 1 MiB) */
    uint64_t doc_cap;   /* dlp.inflate-cap: bytes inflated per zip member / PDF stream */
    bool outbound_only; /* dlp.outbound-only: only data leaving HOME_NET (default yes) */
    uint32_t kinds;     /* dlp.detectors: bit per enum dlp_kind (default all) */
    bool markings;      /* dlp.markings (default yes) */
    uint8_t key[32];    /* dlp.hash-key; random per start when absent */
    size_t key_len;
    bool key_random;
};

void dlp_config_defaults(struct dlp_config *c);
/* Read the dlp: section; errors name the key and its place. */
int dlp_config_load(struct dlp_config *c, const struct conf *conf, char *err, size_t errlen);

#define DLP_SAMPLES 5u

struct dlp_sample {
    char masked[DLP_MASKED_MAX];
    char hash[65]; /* HMAC-SHA256, hex */
};

/* One DLP alert, handed to the engine to write (through EVE's alert writer). */
struct dlp_alert {
    uint32_t sid;
    uint8_t severity;
    const char *signature;
    const char *detector;  /* dlp_kind_name(), or "state_secret" */
    uint32_t count;        /* distinct identifiers (0 for a marking) */
    const char *level;     /* marking level name, else NULL */
    const char *encoding;  /* marking encoding, else NULL */
    const char *doc_type;  /* "text", "docx", "xlsx", "pdf", ... */
    const char *source;    /* "http", "smtp", "tcp", "dns" */
    const char *direction; /* dlp_way_name() */
    const char *file_name;
    size_t file_name_len;
    const struct dlp_sample *samples;
    uint32_t nsamples;
};

struct dlp_stats {
    uint64_t bytes; /* bytes scanned */
    uint64_t hits[DLP_KIND_MAX];
    uint64_t alerts;
    uint64_t depth_reached;   /* directions no longer scanned: dlp.depth reached */
    uint64_t distinct_capped; /* identifiers not counted: a kind's set was full */
    uint64_t inflate_capped;  /* zip members / PDF streams cut at dlp.inflate-cap */
    uint64_t zip_errors;      /* zip containers given up: malformed or unsupported */
    uint64_t flow_memcap;     /* flows not scanned: out of memory */
};

struct dlp_ctx;
struct dlp_flow;

typedef void (*dlp_alert_fn)(void *arg, const struct dlp_alert *a);

/* One per worker. NULL when out of memory. */
struct dlp_ctx *dlp_ctx_new(const struct dlp_config *cfg);
void dlp_ctx_free(struct dlp_ctx *ctx);
const struct dlp_stats *dlp_ctx_stats(const struct dlp_ctx *ctx);

/* Where data goes relative to HOME_NET (decided by the engine from the flow's addresses). */
enum dlp_way {
    DLP_WAY_OUTBOUND = 0, /* from HOME_NET to outside: a leak */
    DLP_WAY_INBOUND,      /* from outside into HOME_NET */
    DLP_WAY_INTERNAL,     /* both ends in HOME_NET */
    DLP_WAY_EXTERNAL,     /* neither end in HOME_NET */
    DLP_WAY_MAX,
};
const char *dlp_way_name(enum dlp_way w);

/* One piece of a document travelling in one direction of a flow. */
struct dlp_input {
    int dir;            /* 0 to server, 1 to client */
    enum dlp_way way;   /* of this direction */
    uint64_t doc_id;    /* a new id starts a new document (an HTTP body, a mail part) */
    const char *source; /* "http", "smtp", "tcp", "dns": EVE dlp.source */
    const char *name;   /* the document's file name when known, else NULL */
    size_t name_len;
    const uint8_t *p;
    size_t n;
    bool last; /* the document ends with these bytes */
};

/*
 * Scan a piece of a document for the flow whose DLP state is *fs (created on first use;
 * stays NULL when out of memory, counted). The document's first bytes decide how it is read
 * (zip, PDF, text). Counts go on per direction over the flow's documents. Alerts go to fn.
 */
void dlp_flow_feed(struct dlp_ctx *ctx, struct dlp_flow **fs, const struct dlp_input *in,
                   dlp_alert_fn fn, void *arg);
/* The way recorded for direction dir of the flow by an earlier feed; false when none yet. */
bool dlp_flow_way(const struct dlp_flow *fs, int dir, enum dlp_way *way);
/* Bytes were lost in direction dir: a number in progress is dropped. */
void dlp_flow_gap(struct dlp_ctx *ctx, struct dlp_flow *fs, int dir);
/* Distinct identifiers of kind k seen in direction dir so far (for the rule keyword). */
uint32_t dlp_flow_count(const struct dlp_flow *fs, int dir, enum dlp_kind k);
void dlp_flow_free(struct dlp_ctx *ctx, struct dlp_flow *fs);

#endif
