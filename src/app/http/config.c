/* SPDX-License-Identifier: GPL-2.0-only */
/* HTTP settings from Suricata's YAML, event names, and the detection probe. */
#include <string.h>
#include <strings.h>

#include "core/compiler.h"
#include "core/conf.h"
#include "core/err.h"
#include "http.h"

static const char *const event_names[HTTP_EV_MAX] = {
    "UNKNOWN_ERROR",
    "GZIP_DECOMPRESSION_FAILED",
    "REQUEST_FIELD_MISSING_COLON",
    "RESPONSE_FIELD_MISSING_COLON",
    "INVALID_REQUEST_CHUNK_LEN",
    "INVALID_RESPONSE_CHUNK_LEN",
    "INVALID_TRANSFER_ENCODING_VALUE_IN_REQUEST",
    "INVALID_TRANSFER_ENCODING_VALUE_IN_RESPONSE",
    "INVALID_CONTENT_LENGTH_FIELD_IN_REQUEST",
    "INVALID_CONTENT_LENGTH_FIELD_IN_RESPONSE",
    "DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST",
    "DUPLICATE_CONTENT_LENGTH_FIELD_IN_RESPONSE",
    "100_CONTINUE_ALREADY_SEEN",
    "UNABLE_TO_MATCH_RESPONSE_TO_REQUEST",
    "INVALID_SERVER_PORT_IN_REQUEST",
    "INVALID_AUTHORITY_PORT",
    "REQUEST_HEADER_INVALID",
    "RESPONSE_HEADER_INVALID",
    "MISSING_HOST_HEADER",
    "HOST_HEADER_AMBIGUOUS",
    "INVALID_REQUEST_FIELD_FOLDING",
    "INVALID_RESPONSE_FIELD_FOLDING",
    "REQUEST_FIELD_TOO_LONG",
    "RESPONSE_FIELD_TOO_LONG",
    "FILE_NAME_TOO_LONG",
    "REQUEST_LINE_INVALID",
    "REQUEST_BODY_UNEXPECTED",
    "REQUEST_SERVER_PORT_TCP_PORT_MISMATCH",
    "REQUEST_URI_HOST_INVALID",
    "REQUEST_HEADER_HOST_INVALID",
    "REQUEST_AUTH_UNRECOGNIZED",
    "REQUEST_HEADER_REPETITION",
    "RESPONSE_HEADER_REPETITION",
    "DOUBLE_ENCODED_URI",
    "URI_DELIM_NON_COMPLIANT",
    "METHOD_DELIM_NON_COMPLIANT",
    "REQUEST_LINE_LEADING_WHITESPACE",
    "TOO_MANY_ENCODING_LAYERS",
    "ABNORMAL_CE_HEADER",
    "RESPONSE_MULTIPART_BYTERANGES",
    "RESPONSE_ABNORMAL_TRANSFER_ENCODING",
    "RESPONSE_CHUNKED_OLD_PROTO",
    "RESPONSE_INVALID_PROTOCOL",
    "RESPONSE_INVALID_STATUS",
    "REQUEST_LINE_INCOMPLETE",
    "LZMA_MEMLIMIT_REACHED",
    "COMPRESSION_BOMB",
    "RANGE_INVALID",
    "REQUEST_CHUNK_EXTENSION",
    "REQUEST_LINE_MISSING_PROTOCOL",
    "REQUEST_TOO_MANY_HEADERS",
    "RESPONSE_TOO_MANY_HEADERS",
    "MULTIPART_GENERIC_ERROR",
    "MULTIPART_NO_FILEDATA",
    "MULTIPART_INVALID_HEADER",
    "TOO_MANY_WARNINGS",
    "FAILED_PROTOCOL_CHANGE",
};

const char *http_event_name(enum http_event ev)
{
    return (unsigned)ev < HTTP_EV_MAX ? event_names[ev] : NULL;
}

void http_config_defaults(struct http_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->enabled = true;
    /* suricata.yaml's libhtp.default-config (the code's own default is 4096 when absent). */
    cfg->request_body_limit = 100 * 1024;
    cfg->response_body_limit = 100 * 1024;
    cfg->request_body_inspect_min = 32 * 1024;
    cfg->request_body_inspect_window = 4 * 1024;
    cfg->response_body_inspect_min = 40 * 1024;
    cfg->response_body_inspect_window = 16 * 1024;
    cfg->max_tx = 512;                         /* HTP_CONFIG_DEFAULT_MAX_TX_LIMIT */
    cfg->headers_limit = 1024;                 /* HTP_CONFIG_DEFAULT_HEADERS_LIMIT */
    cfg->field_limit = 18000;                  /* libhtp HTP_FIELD_LIMIT_HARD */
    cfg->compression_bomb_limit = 1024 * 1024; /* HTP_CONFIG_DEFAULT_COMPRESSION_BOMB_LIMIT */
    cfg->max_txs_total = 4096;
    cfg->decompress_layer_limit = 2; /* Suricata's default for libhtp */
}

/* A size key under libhtp.default-config, kept when absent; capped to 32 bits. */
static int read_size(const struct conf *conf, const char *key, uint32_t *out, char *errbuf,
                     size_t errlen)
{
    char path[128] = "app-layer.protocols.http.libhtp.default-config.";
    size_t n = strlen(path);
    size_t k = strlen(key);
    if (n + k >= sizeof(path))
        return KH_EINVAL;
    memcpy(path + n, key, k + 1);
    uint64_t v;
    int err = conf_get_size(conf, path, &v, errbuf, errlen);
    if (err == KH_ENOENT)
        return KH_OK;
    if (err != KH_OK)
        return err;
    *out = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
    return KH_OK;
}

int http_config_load(struct http_config *cfg, const struct conf *conf, char *errbuf, size_t errlen)
{
    const char *v;
    if (conf_get_str(conf, "app-layer.protocols.http.enabled", &v) == KH_OK &&
        strcasecmp(v, "detection-only") != 0) {
        int err =
            conf_get_bool(conf, "app-layer.protocols.http.enabled", &cfg->enabled, errbuf, errlen);
        if (err == KH_EINVAL)
            return err;
    }
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {
        {"request-body-limit", offsetof(struct http_config, request_body_limit)},
        {"response-body-limit", offsetof(struct http_config, response_body_limit)},
        {"request-body-minimal-inspect-size",
         offsetof(struct http_config, request_body_inspect_min)},
        {"request-body-inspect-window", offsetof(struct http_config, request_body_inspect_window)},
        {"response-body-minimal-inspect-size",
         offsetof(struct http_config, response_body_inspect_min)},
        {"response-body-inspect-window",
         offsetof(struct http_config, response_body_inspect_window)},
        {"max-tx", offsetof(struct http_config, max_tx)},
        {"headers-limit", offsetof(struct http_config, headers_limit)},
        {"compression-bomb-limit", offsetof(struct http_config, compression_bomb_limit)},
        {"response-body-decompress-layer-limit",
         offsetof(struct http_config, decompress_layer_limit)},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(keys); i++) {
        uint32_t *field = (uint32_t *)((char *)cfg + keys[i].off);
        int err = read_size(conf, keys[i].key, field, errbuf, errlen);
        if (err != KH_OK)
            return err;
    }
    return KH_OK;
}

/* The methods Suricata's HTTP detection looks for at the start of the to-server stream. */
static const char *const methods[] = {
    "GET",
    "PUT",
    "POST",
    "HEAD",
    "TRACE",
    "OPTIONS",
    "CONNECT",
    "DELETE",
    "PATCH",
    "PROPFIND",
    "PROPPATCH",
    "MKCOL",
    "COPY",
    "MOVE",
    "LOCK",
    "UNLOCK",
    "CHECKOUT",
    "UNCHECKOUT",
    "CHECKIN",
    "UPDATE",
    "LABEL",
    "REPORT",
    "MKWORKSPACE",
    "MKACTIVITY",
    "MERGE",
    "INVALID",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
};

/* Does data start with word then a space (case-insensitive)? MORE when data is a prefix. */
static enum app_probe match_word(const uint8_t *data, size_t len, const char *word, bool space)
{
    size_t wl = strlen(word);
    size_t n = len < wl ? len : wl;
    if (strncasecmp((const char *)data, word, n) != 0)
        return APP_PROBE_NO;
    if (len < wl + (space ? 1 : 0))
        return APP_PROBE_MORE;
    if (space && data[wl] != ' ')
        return APP_PROBE_NO;
    return APP_PROBE_YES;
}

enum app_probe http_probe(const uint8_t *data, size_t len, int dir)
{
    if (len == 0)
        return APP_PROBE_MORE;
    if (dir != 0)
        return match_word(data, len, "HTTP/", false);
    enum app_probe best = APP_PROBE_NO;
    for (size_t i = 0; i < KH_ARRAY_LEN(methods); i++) {
        enum app_probe r = match_word(data, len, methods[i], true);
        if (r == APP_PROBE_YES)
            return r;
        if (r == APP_PROBE_MORE)
            best = r;
    }
    return best;
}
