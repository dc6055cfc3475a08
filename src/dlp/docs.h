/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Streaming text extraction from containers for the DLP scanners: zip (DOCX, XLSX, PPTX,
 * ODF) walked by its local headers, members inflated with zlib; PDF FlateDecode streams.
 * Both are fed a body in arbitrary pieces and never buffer more than a header.
 */
#ifndef KH_DLP_DOCS_H
#define KH_DLP_DOCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#define DLP_ZIP_NAME_MAX 128u  /* member name kept (longer names are cut) */
#define DLP_ZIP_MEMBERS  4096u /* members walked per container */
#define DLP_INFLATE_BUF  16384u

/* Text extracted from a container: member (or stream) name, bytes, end of that member. */
typedef void (*dlp_text_fn)(void *arg, const char *member, const uint8_t *p, size_t n, bool end);

enum dlp_zip_state {
    DLP_ZIP_HDR = 0, /* reading a local file header (30 bytes) */
    DLP_ZIP_NAME,    /* its name and extra field */
    DLP_ZIP_STORED,  /* a stored member's bytes */
    DLP_ZIP_DEFLATE, /* a deflated member's bytes */
    DLP_ZIP_SKIP,    /* a member not wanted, size known */
    DLP_ZIP_DESC,    /* the data descriptor after a member */
    DLP_ZIP_DONE,    /* central directory reached: nothing more to read */
    DLP_ZIP_BAD,     /* malformed, unsupported or over a cap: given up */
};

/* Why a container was given up (counted by the caller). */
enum dlp_zip_err {
    DLP_ZIP_OK = 0,
    DLP_ZIP_ERR_FORMAT, /* bad signature, bad deflate data */
    DLP_ZIP_ERR_UNSUP,  /* stored member of unknown size, encryption, other methods */
    DLP_ZIP_ERR_CAP,    /* a member inflated past the cap, or too many members */
};

struct dlp_zip {
    enum dlp_zip_state state;
    enum dlp_zip_err err;
    uint8_t hdr[30];
    uint32_t nhdr;
    uint16_t flags, method;
    uint32_t csize;
    uint32_t left; /* bytes of name+extra, of a stored/skipped member, of a descriptor */
    uint32_t name_len;
    uint32_t pos; /* bytes of name+extra read */
    char name[DLP_ZIP_NAME_MAX + 1];
    uint32_t nname;
    bool wanted; /* member text goes to the callback */
    uint32_t members;
    uint64_t cap, out; /* inflated bytes allowed per member, and so far */
    z_stream zs;
    bool zinit;
    uint8_t *buf; /* DLP_INFLATE_BUF of output, borrowed from the caller */
};

/* buf: DLP_INFLATE_BUF bytes of scratch; cap: bytes inflated per member at most. */
void dlp_zip_init(struct dlp_zip *z, uint8_t *buf, uint64_t cap);
void dlp_zip_feed(struct dlp_zip *z, const uint8_t *p, size_t n, dlp_text_fn fn, void *arg);
void dlp_zip_fini(struct dlp_zip *z);

/* PDF: "stream" EOL, then a zlib header, inflated up to cap per stream. */
struct dlp_pdf {
    uint8_t k; /* bytes of "stream" matched, then 6: saw it, 7: saw CR */
    bool in_z; /* inflating a stream */
    bool dead; /* this stream is over the cap or malformed: skip to the next */
    uint8_t zh[2];
    uint8_t nzh;
    uint64_t cap, out;
    uint32_t streams;
    bool capped; /* a stream was cut at the cap */
    z_stream zs;
    bool zinit;
    uint8_t *buf;
};

void dlp_pdf_init(struct dlp_pdf *d, uint8_t *buf, uint64_t cap);
void dlp_pdf_feed(struct dlp_pdf *d, const uint8_t *p, size_t n, dlp_text_fn fn, void *arg);
void dlp_pdf_fini(struct dlp_pdf *d);

#endif
