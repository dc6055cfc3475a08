/* SPDX-License-Identifier: GPL-2.0-only */
/* TLS over TCP (SSLv3 to TLS 1.3): records, handshake, first certificate, JA3/JA3S and JA4. */
#ifndef KH_APP_TLS_TLS_H
#define KH_APP_TLS_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/cursor.h"

struct conf;

/* Record layer (RFC 8446 5.1, RFC 5246 6.2). */
#define TLS_RECORD_HDR 5
/* Largest record body accepted: 2^14 of plaintext plus 2048 of expansion (TLSCiphertext). */
#define TLS_RECORD_MAX       (16384 + 2048)
#define TLS_RECORDS_PER_CALL 255   /* records in one call before too_many_records_in_packet */
#define TLS_HS_HDR           4     /* handshake message: type, 24-bit length */
#define TLS_HS_REASM_DEFAULT 65536 /* handshake bytes reassembled across records per direction */
#define TLS_SNI_MAX          255   /* Suricata's cap on a host name (invalid_sni_length past it) */
#define TLS_DN_MAX           512 /* subject/issuer text kept; longer is cut (counted: cert_text_cut) */
#define TLS_SERIAL_MAX       64   /* serial bytes printed (RFC 5280 allows 20; some break it) */
#define TLS_FP_TEXT          60   /* "xx:" * 20 - 1, plus the NUL */
#define TLS_JA3_MAX          1024 /* JA3/JA3S text kept; a longer one is not computed (counted) */
#define TLS_LIST_MAX         512  /* ciphers, extensions, groups... kept from one hello */
#define TLS_JA4_LEN          36   /* "t13d1516h2_8daaf6152771_e5627efa2ab1" */
#define TLS_ALPN_MAX         256  /* ALPN protocol-name-list bytes kept per side */
#define TLS_SAN_MAX          48   /* subjectAltName DNS names kept (more: cert_text_cut) */
#define TLS_SAN_TEXT         2048 /* bytes of those names; past it the rest are dropped */
#define TLS_CHAIN_MAX        16   /* certificates of a chain offered to tls.certs (more: counted) */
#define TLS_HS_PARAMS_MAX    128  /* values per list kept for EVE client_handshake (more: cut) */

enum tls_content_type {
    TLS_CT_CHANGE_CIPHER_SPEC = 20,
    TLS_CT_ALERT = 21,
    TLS_CT_HANDSHAKE = 22,
    TLS_CT_APPLICATION_DATA = 23,
    TLS_CT_HEARTBEAT = 24,
};

enum tls_hs_type {
    TLS_HS_CLIENT_HELLO = 1,
    TLS_HS_SERVER_HELLO = 2,
    TLS_HS_CERTIFICATE = 11,
    TLS_HS_CERTIFICATE_REQUEST = 13,
    TLS_HS_SERVER_HELLO_DONE = 14,
};

/* Protocol versions as on the wire. */
#define TLS_VERSION_SSL2           0x0002
#define TLS_VERSION_SSL3           0x0300
#define TLS_VERSION_10             0x0301
#define TLS_VERSION_11             0x0302
#define TLS_VERSION_12             0x0303
#define TLS_VERSION_13             0x0304
#define TLS_VERSION_13_PRE_DRAFT16 0x7f00 /* a TLS 1.3 draft before 16 ("draft-<16") */

/* GREASE values (RFC 8701): 0x0a0a, 0x1a1a, ... 0xfafa. */
static inline bool tls_is_grease(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

/* App-layer events, spelt as Suricata's tls events (rules/tls-events.rules). */
enum tls_event {
    TLS_EV_INVALID_SSLV2_HEADER = 0,
    TLS_EV_INVALID_TLS_HEADER,
    TLS_EV_INVALID_RECORD_VERSION,
    TLS_EV_INVALID_RECORD_TYPE,
    TLS_EV_INVALID_RECORD_LENGTH,
    TLS_EV_INVALID_HANDSHAKE_MESSAGE,
    TLS_EV_HEARTBEAT_MESSAGE,
    TLS_EV_HANDSHAKE_INVALID_LENGTH,
    TLS_EV_MULTIPLE_SNI_EXTENSIONS,
    TLS_EV_INVALID_SNI_TYPE,
    TLS_EV_INVALID_SNI_LENGTH,
    TLS_EV_TOO_MANY_RECORDS_IN_PACKET,
    TLS_EV_INVALID_CERTIFICATE,
    TLS_EV_CERTIFICATE_INVALID_LENGTH,
    TLS_EV_CERTIFICATE_INVALID_DER,
    TLS_EV_MAX,
};

/* "invalid_record_type"...: the name after "tls." in app-layer-event and EVE anomaly. */
const char *tls_event_name(enum tls_event ev);

/* What the flow has seen; bits of struct tls_state.flags. */
enum tls_flag {
    TLS_F_CLIENT_HELLO = 1u << 0,
    TLS_F_SERVER_HELLO = 1u << 1,
    TLS_F_CERT = 1u << 2,               /* the server's first certificate was read */
    TLS_F_CLIENT_CCS = 1u << 3,         /* ChangeCipherSpec to server */
    TLS_F_SERVER_CCS = 1u << 4,         /* ChangeCipherSpec to client */
    TLS_F_CLIENT_DONE = 1u << 5,        /* the client's handshake is over */
    TLS_F_SERVER_DONE = 1u << 6,        /* the server's handshake is over */
    TLS_F_RESUMED = 1u << 7,            /* ServerHello echoed the client's session id */
    TLS_F_LOG_WITHOUT_CERT = 1u << 8,   /* TLS 1.3: the certificate is encrypted, log anyway */
    TLS_F_LOGGED = 1u << 9,             /* on_log was called */
    TLS_F_SSLV2_HELLO = 1u << 10,       /* the client opened with an SSLv2-compatible hello */
    TLS_F_SNI = 1u << 11,               /* an SNI extension was seen */
    TLS_F_SERVER_HELLO_DONE = 1u << 12, /* the server's ServerHelloDone was read */
    TLS_F_CERT_REQUEST = 1u << 13,      /* the server asked for a client certificate */
    TLS_F_CLIENT_CERT = 1u << 14,       /* the client's first certificate was read */
    TLS_F_ENCRYPTED = 1u << 15,         /* application data after both ChangeCipherSpecs */
};

/* The ClientHello's parameters for EVE client_handshake, GREASE left out, in wire order. */
struct tls_hs_params {
    uint16_t version; /* highest supported_versions entry, else legacy_version (as JA4) */
    uint16_t n_ciphers, n_exts, n_sigalgs;
    uint16_t ciphers[TLS_HS_PARAMS_MAX];
    uint16_t exts[TLS_HS_PARAMS_MAX];
    uint16_t sigalgs[TLS_HS_PARAMS_MAX];
};

/*
 * A side's certificates as DER, for EVE certificate / chain (kept only with
 * tls_config.keep_der): one allocation per side sized to the chain, at most
 * TLS_CHAIN_MAX certificates, bounded by the handshake message (hs_reasm_max).
 */
struct tls_der {
    uint16_t n;
    uint32_t off[TLS_CHAIN_MAX];
    uint32_t len[TLS_CHAIN_MAX];
    uint8_t bytes[];
};

/* The server's first certificate, as EVE prints it. */
struct tls_cert {
    char subject[TLS_DN_MAX]; /* "C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS" */
    char issuer[TLS_DN_MAX];
    char serial[TLS_SERIAL_MAX * 3]; /* "00:97:E6:47", upper case */
    char fingerprint[TLS_FP_TEXT];   /* SHA-1 of the DER, "3a:0b:...", lower case */
    int64_t not_before;              /* seconds since 1970 (may be negative) */
    int64_t not_after;
    bool has_dates;
    bool cut;                      /* a name was cut or subjectAltNames dropped at the caps above */
    uint16_t nsan;                 /* subjectAltName dNSName entries kept, in order */
    uint16_t san_off[TLS_SAN_MAX]; /* each one's start in san_text */
    uint16_t san_len[TLS_SAN_MAX]; /* and length (a name may hold a NUL: it is escaped) */
    char san_text[TLS_SAN_TEXT];
};

/* One direction's parser position (the dispatcher keeps the bytes; this keeps the framing). */
struct tls_dir {
    uint32_t rec_skip;    /* bytes of an opaque record (application data) still to skip */
    uint8_t *hs_buf;      /* a handshake message spanning records, from the first fragment */
    uint32_t hs_len;      /* bytes in hs_buf */
    uint32_t hs_skip;     /* bytes of an over-cap handshake message still to drop */
    uint16_t rec_version; /* version in the last record header */
    bool encrypted;       /* after ChangeCipherSpec (or TLS 1.3 ServerHello): opaque */
    bool lost;            /* after a gap: wait for something that looks like a record */
    uint64_t records;
};

/*
 * A flow's TLS state, read by the logger through the hooks. Text fields are NUL-terminated;
 * empty means not seen.
 */
struct tls_state {
    struct tls_state *next_free; /* on the context's free list */
    struct tls_state *next_all;  /* every state the context made, for tls_ctx_free() */
    uint32_t flags;              /* enum tls_flag */
    uint32_t events;             /* bit per enum tls_event raised on the flow */
    uint16_t client_version;     /* ClientHello legacy_version (JA3's first field) */
    uint16_t server_version;     /* negotiated: ServerHello, supported_versions for TLS 1.3 */
    uint16_t cipher;             /* the server's choice */
    uint8_t random[2][32];       /* the hellos' randoms, client [0] and server [1] */
    bool has_random[2];
    uint8_t sid_len[2]; /* session ids, client [0] and server [1] */
    uint8_t sid[2][32];
    char sni[TLS_SNI_MAX + 1];
    uint16_t alpn_len[2]; /* ALPN lists as on the wire (u8-length strings), client and server */
    uint8_t alpn[2][TLS_ALPN_MAX];
    char ja3[TLS_JA3_MAX]; /* empty when JA3 is off or did not fit */
    char ja3_hash[33];
    char ja3s[TLS_JA3_MAX];
    char ja3s_hash[33];
    char ja4[TLS_JA4_LEN + 1];
    struct tls_cert cert;
    struct tls_cert *client_cert;    /* the client's first certificate (allocated when one comes) */
    struct tls_hs_params *client_hs; /* only with tls_config.client_handshake (allocated) */
    struct tls_der *der[2];          /* only with tls_config.keep_der: client [0], server [1] */
    uint32_t chain_len; /* certificates in the server's Certificate message (tls.cert_chain_len) */
    /*
     * The server's certificates as DER (tls.certs), pointing into the Certificate message:
     * valid only during the on_server call made for it; nchain is 0 at any other time.
     */
    uint16_t nchain;
    struct span chain[TLS_CHAIN_MAX];
    struct tls_dir dir[2];
};

/* The engine's hooks: app/ calls them and never calls output/ itself. */
struct tls_hooks {
    /*
     * The handshake is done in both directions, or a direction ended first: log the flow's
     * EVE tls record now (once per flow, as Suricata's tx logger at TLS_HANDSHAKE_DONE).
     */
    void (*on_log)(void *arg, const struct app_input *in, const struct tls_state *st);
    /* An app-layer event (EVE anomaly, type applayer, "tls"). */
    void (*on_event)(void *arg, const struct app_input *in, const struct tls_state *st,
                     enum tls_event ev);
    /* The ClientHello was parsed (SNI, versions, fingerprints): detection may inspect it. */
    void (*on_client_hello)(void *arg, const struct app_input *in, const struct tls_state *st);
    /*
     * The ServerHello (version, JA3S) or a side's first certificate was parsed (in->dir
     * says whose: a client certificate follows a CertificateRequest): detection may inspect
     * the certificate and server buffers. Only called when set.
     */
    void (*on_server)(void *arg, const struct app_input *in, const struct tls_state *st);
    /*
     * Encrypted application data begins: both sides sent ChangeCipherSpec and a direction
     * sent application data (as Suricata). Called once, unless encryption-handling is
     * "full"; only called when set.
     */
    void (*on_encrypted)(void *arg, const struct app_input *in, const struct tls_state *st);
    void *arg;
};

/* app-layer.protocols.tls.encryption-handling */
enum tls_encryption {
    TLS_ENC_TRACK_ONLY = 0, /* "track-only" ("default"): the handshake is parsed and
                               inspected, content rules stop at the encrypted data */
    TLS_ENC_FULL,           /* "full": content rules inspect the encrypted data too */
    TLS_ENC_BYPASS,         /* "bypass": as track-only here (no flow bypass: pcap and AF_PACKET
                       capture cannot offload it) */
};

/* Settings, as app-layer.protocols.tls in Suricata's YAML. */
struct tls_config {
    bool enabled;
    uint16_t ports[4]; /* detection-ports dp (443) */
    uint8_t nports;
    bool ja3; /* ja3-fingerprints: yes; "auto" (the default) is off until rules ask for it */
    /*
     * ja4-fingerprints: on unless "no". Suricata 8 logs tls.ja4 with its default file
     * (verify test bug-5713-02-ja4 passes no option), so "auto" is on here.
     */
    bool ja4;
    bool client_handshake; /* keep the ClientHello's lists for EVE client_handshake */
    bool keep_der;         /* keep the certificates' DER for EVE certificate / chain */
    uint32_t max_states;   /* flows with TLS state at once; past it a new flow is not parsed */
    uint32_t hs_reasm_max; /* handshake reassembly per direction; past it the message is skipped */
    enum tls_encryption encryption;
};

/* Counters, under "app_layer.tls" in EVE stats. */
struct tls_stats {
    uint64_t records;       /* records framed */
    uint64_t handshakes;    /* handshake messages parsed */
    uint64_t reasm_msgs;    /* messages that had to be reassembled across records */
    uint64_t reasm_skipped; /* messages over hs_reasm_max, skipped (policy) */
    uint64_t reasm_nomem;   /* reassembly buffers or client-certificate blocks not allocated */
    uint64_t lists_cut;     /* hello lists over TLS_LIST_MAX (fingerprints use the first ones) */
    uint64_t ja3_too_long;  /* JA3/JA3S text over TLS_JA3_MAX, not computed */
    uint64_t certs;         /* certificates decoded */
    uint64_t cert_text_cut; /* certificates whose names or subjectAltNames hit their caps */
    uint64_t chain_cut;     /* chains longer than TLS_CHAIN_MAX: tls.certs sees the first ones */
    uint64_t state_memcap;  /* flows not parsed: max_states reached */
    uint64_t states;        /* flows holding TLS state now */
    uint64_t errors;        /* directions given up (APP_STATUS_ERROR) */
};

struct tls_ctx;

void tls_config_defaults(struct tls_config *cfg);
/*
 * Read app-layer.protocols.tls: enabled (yes, no, detection-only), detection-ports.dp,
 * ja3-fingerprints and ja4-fingerprints (yes, no, auto), encryption-handling (default,
 * track-only, full, bypass). A bad value is KH_EINVAL naming it.
 */
int tls_config_load(struct tls_config *cfg, const struct conf *conf, char *errbuf, size_t errlen);

/* One per worker. NULL when out of memory. tls_ctx_free() also frees states still held. */
struct tls_ctx *tls_ctx_new(const struct tls_config *cfg, const struct tls_hooks *hooks);
void tls_ctx_free(struct tls_ctx *ctx);
const struct tls_stats *tls_ctx_stats(const struct tls_ctx *ctx);

/* The protocol as the TCP dispatcher drives it (probe, parse, state_free; pctx = ctx). */
struct app_tcp_proto tls_tcp_proto(struct tls_ctx *ctx);

/*
 * Probe a direction's first bytes: a TLS record header carrying a ClientHello (to server)
 * or ServerHello (to client), or an SSLv2-compatible ClientHello.
 */
enum app_probe tls_probe(const uint8_t *data, size_t len, int dir);

/* The stream parser (struct app_result contract); *state is created on the first call. */
struct app_result tls_parse(void *pctx, void **state, const struct app_input *in);
void tls_state_free(void *pctx, void *state);

/* "SSLv2", "SSLv3", "TLSv1", "TLS 1.1", "TLS 1.2", "TLS 1.3", drafts, "UNDETERMINED"... */
void tls_version_name(uint16_t version, char out[32]);

/* ---- fingerprints (fingerprint.c), on a whole ClientHello / ServerHello body ---- */

/* The lists a hello carries, GREASE kept, in wire order (scratch: lives in the context). */
struct tls_hello_lists {
    uint16_t version;       /* legacy_version */
    uint16_t max_supported; /* highest non-GREASE supported_versions entry, or 0 */
    bool sni;               /* a server_name extension is present */
    uint16_t n_ciphers, n_exts, n_groups, n_sigalgs;
    uint16_t n_pf;
    bool cut;               /* a list was longer than TLS_LIST_MAX */
    uint8_t alpn_first[2];  /* first ALPN value: first and last byte (len 0: none) */
    uint8_t alpn_first_len; /* 0, 1, 2 meaning "1 byte value", ">= 2" */
    uint16_t ciphers[TLS_LIST_MAX];
    uint16_t exts[TLS_LIST_MAX];
    uint16_t groups[TLS_LIST_MAX];
    uint16_t sigalgs[TLS_LIST_MAX];
    uint8_t pf[TLS_LIST_MAX];
};

/* JA3 "771,4865-4866,0-23,29-23,0" (GREASE removed) into out; false when it does not fit. */
bool tls_ja3_text(const struct tls_hello_lists *h, char *out, size_t outlen);
/* JA3S "771,49199,65281-0-11" from a ServerHello's version, cipher and extensions. */
bool tls_ja3s_text(uint16_t version, uint16_t cipher, const uint16_t *exts, unsigned n, char *out,
                   size_t outlen);
/*
 * The digests fingerprints and certificates use, fetched from libcrypto once per context:
 * EVP_md5() and friends fetch the implementation (under a lock) on every call, which was
 * 5% of khien's time on TLS-heavy traffic. Functions taking a NULL one fetch each time.
 */
struct evp_md_st;
struct tls_digests {
    struct evp_md_st *md5;
    struct evp_md_st *sha1;
    struct evp_md_st *sha256;
};
/* Fetch the three digests; false when libcrypto cannot provide one (all are then NULL). */
bool tls_digests_init(struct tls_digests *dg);
void tls_digests_fini(struct tls_digests *dg);

/* MD5 of text, 32 lower-case hex digits. */
void tls_md5_hex(const struct tls_digests *dg, const char *text, size_t len, char out[33]);
/* JA4 (FoxIO, TCP: "t") of a ClientHello: "t13d1516h2_8daaf6152771_e5627efa2ab1". */
void tls_ja4(const struct tls_digests *dg, const struct tls_hello_lists *h,
             char out[TLS_JA4_LEN + 1]);

/* ---- certificates (cert.c) ---- */

/* Decode one DER certificate into cert; false (cert emptied) when it is not a certificate. */
bool tls_cert_decode(const struct tls_digests *dg, struct tls_cert *cert, struct span der);

/* ---- parsing pieces (parse.c), exposed for tests and the fuzz target ---- */

/*
 * Parse a ClientHello body (after the 4-byte handshake header) into lists and state
 * (client version, session id, SNI, ALPN); raises events through ev (a bit per tls_event).
 * Returns false when the body is malformed (invalid_handshake_message).
 */
bool tls_parse_client_hello(struct tls_state *st, struct tls_hello_lists *h, struct cursor c,
                            uint32_t *ev);

/*
 * Parse a ServerHello body: version (supported_versions for TLS 1.3), cipher, session-id
 * resumption, ALPN; exts receives up to TLS_LIST_MAX extension types for JA3S.
 */
bool tls_parse_server_hello(struct tls_state *st, struct cursor c, uint16_t *exts, unsigned *n,
                            uint16_t *legacy_version, uint32_t *ev);

#endif
