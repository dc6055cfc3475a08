/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the prefilter may look for behind transforms, and base64_decode's decoder. The
 * transforms themselves run in the verification chain (verify_transforms, transform.c).
 */
#ifndef KH_DETECT_TRANSFORM_H
#define KH_DETECT_TRANSFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "detect/rules/sig.h"

/* Bytes base64_decode may produce per inspection (Suricata decodes into a bounded buffer). */
#define DETECT_B64_MAX 65536u

/*
 * The literal the prefilter may look for in the untransformed buffer for the content at
 * kws[fp]: a match of the content in the transformed buffer implies the literal occurs in
 * the buffer itself. dotprefix drops the first byte, case transforms make it caseless.
 * false when the transforms before it allow no such literal (the signature is then always
 * verified).
 */
bool detect_fp_literal(const struct sig *s, int32_t fp, const uint8_t **p, uint32_t *len,
                       bool *caseless);

/*
 * Decode base64 (RFC 4648, '=' padding; Suricata's base64_decode mode: decoding stops at the
 * first byte outside the alphabet) from in into out (at most cap bytes). Returns the bytes
 * written.
 */
size_t detect_base64_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/* A worker's zlib stream for gunzip / zlib_deflate (NULL when out of memory), and its end. */
void *detect_inflate_new(void);
void detect_inflate_free(void *zs);

#endif
