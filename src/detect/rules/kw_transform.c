/* SPDX-License-Identifier: GPL-2.0-only */
/* Transform keywords: they follow a sticky buffer and change what its content/pcre see. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/hex.h"
#include "detect/rules/parse.h"

#define XOR_KEY_MAX 255u /* bytes of an xor key (Suricata's limit) */

/* xor:"<hex key>" */
static int parse_xor(struct rule_ctx *rc, char *v, struct kw_xform *x)
{
    size_t n = strlen(v);
    if (n == 0 || n % 2 || n / 2 > XOR_KEY_MAX)
        return rc_fail(rc, DETECT_RERR_VALUE, "key must be 1 to %u bytes of hex", XOR_KEY_MAX);
    x->key = kh_malloc(n / 2);
    if (x->key == NULL)
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i += 2) {
        int hi = kh_hexval((unsigned char)v[i]), lo = kh_hexval((unsigned char)v[i + 1]);
        if (hi < 0 || lo < 0)
            return rc_fail(rc, DETECT_RERR_VALUE, "key '%.40s' is not hex", v);
        x->key[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    x->keylen = (uint32_t)(n / 2);
    return 0;
}

/* pcrexform:"<regex>": the buffer becomes the first capture group of its first match. */
static int parse_pcrexform(struct rule_ctx *rc, char *v, struct kw_xform *x)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)v, strlen(v), 0, &code, &off, NULL);
    if (re == NULL) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof(msg));
        return rc_fail(rc, DETECT_RERR_PCRE, "regex does not compile at offset %zu: %s",
                       (size_t)off, (const char *)msg);
    }
    uint32_t groups = 0;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups == 0) {
        pcre2_code_free(re);
        return rc_fail(rc, DETECT_RERR_VALUE, "regex needs a capture group");
    }
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    x->re = re;
    return 0;
}

/* from_base64[: bytes N][, offset N][, mode rfc4648|rfc2045|strict] */
static int parse_from_base64(struct rule_ctx *rc, char *v, struct kw_xform *x)
{
    char *s = v, *f;
    uint64_t n;
    while (s != NULL && *s != '\0' && (f = kw_next_field(&s)) != NULL) {
        if (strncmp(f, "bytes ", 6) == 0 && kw_parse_u64(kw_trim(f + 6), false, UINT32_MAX, &n))
            x->b64_bytes = (uint32_t)n;
        else if (strncmp(f, "offset ", 7) == 0 &&
                 kw_parse_u64(kw_trim(f + 7), false, UINT32_MAX, &n))
            x->b64_offset = (uint32_t)n;
        else if (strcmp(f, "mode rfc4648") == 0)
            x->b64_mode = KW_B64_RFC4648;
        else if (strcmp(f, "mode rfc2045") == 0)
            x->b64_mode = KW_B64_RFC2045;
        else if (strcmp(f, "mode strict") == 0)
            x->b64_mode = KW_B64_STRICT;
        else
            return rc_fail(rc, DETECT_RERR_VALUE, "invalid option '%.40s'", f);
    }
    return 0;
}

/* gunzip / zlib_deflate[: max-size N]: N from 1 to 16 MiB, 1024 when not given (Suricata). */
static int parse_decompress(struct rule_ctx *rc, char *v, struct kw_xform *x)
{
    uint64_t n = 1024;
    if (*v != '\0' && (strncmp(v, "max-size", 8) != 0 ||
                       !kw_parse_u64(kw_trim(v + 8), false, 16u << 20, &n) || n == 0))
        return rc_fail(rc, DETECT_RERR_VALUE, "expected 'max-size N' (1 to 16777216), not '%.40s'",
                       v);
    x->max_size = (uint32_t)n;
    return 0;
}

static int push_xform(struct rule_ctx *rc, enum detect_kw_id id, const char *arg)
{
    char buf[1024];
    struct kw_xform *x = kh_calloc(1, sizeof(*x));
    if (x == NULL || (arg != NULL && (x->arg = kh_strdup(arg)) == NULL)) {
        kh_free(x);
        return rc_fail(rc, DETECT_RERR_NOMEM, "out of memory");
    }
    snprintf(buf, sizeof(buf), "%s", arg ? arg : "");
    char *v = kw_unquote(kw_trim(buf));
    int err = id == DETECT_KW_XOR           ? parse_xor(rc, v, x)
              : id == DETECT_KW_PCREXFORM   ? parse_pcrexform(rc, v, x)
              : id == DETECT_KW_FROM_BASE64 ? parse_from_base64(rc, v, x)
                                            : parse_decompress(rc, v, x);
    if (err == 0 && rc_push(rc, id, rc->buffer, x) >= 0)
        return 0;
    kw_xform_free(x);
    kh_free(x);
    return err ? err : KH_ENOMEM;
}

void kw_xform_free(void *data)
{
    struct kw_xform *x = data;
    kh_free(x->arg);
    kh_free(x->key);
    pcre2_code_free(x->re);
}

int kw_parse_transform(struct rule_ctx *rc, const char *arg)
{
    if (rc->buffer == DETECT_BUF_PAYLOAD)
        return rc_fail(rc, DETECT_RERR_CONTEXT, "transform '%s' must follow a sticky buffer",
                       rc->fail->keyword);
    enum detect_kw_id id =
        (enum detect_kw_id)detect_kw_lookup(rc->fail->keyword, strlen(rc->fail->keyword));
    if (id == DETECT_KW_XOR || id == DETECT_KW_PCREXFORM || id == DETECT_KW_FROM_BASE64 ||
        id == DETECT_KW_GUNZIP || id == DETECT_KW_ZLIB_DEFLATE)
        return push_xform(rc, id, arg);
    return kw_push_text(rc, arg);
}
