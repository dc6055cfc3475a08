/* SPDX-License-Identifier: GPL-2.0-only */
/* HTTP settings from Suricata's YAML, event names, and the detection probe. */
#include <string.h>
#include <strings.h>

#include "core/compiler.h"
#include "core/conf.h"
#include "core/err.h"
#include "http.h"

static const char *const event_names[HTTP_EV_MAX] = {
    "unknown_error",
    "gzip_decompression_failed",
    "request_field_missing_colon",
    "response_field_missing_colon",
    "invalid_request_chunk_len",
    "invalid_response_chunk_len",
    "invalid_transfer_encoding_value_in_request",
    "invalid_transfer_encoding_value_in_response",
    "invalid_content_length_field_in_request",
    "invalid_content_length_field_in_response",
    "duplicate_content_length_field_in_request",
    "duplicate_content_length_field_in_response",
    "100_continue_already_seen",
    "unable_to_match_response_to_request",
    "invalid_server_port_in_request",
    "invalid_authority_port",
    "request_header_invalid",
    "response_header_invalid",
    "missing_host_header",
    "host_header_ambiguous",
    "invalid_request_field_folding",
    "invalid_response_field_folding",
    "request_field_too_long",
    "response_field_too_long",
    "file_name_too_long",
    "request_line_invalid",
    "request_body_unexpected",
    "request_server_port_tcp_port_mismatch",
    "request_uri_host_invalid",
    "request_header_host_invalid",
    "request_auth_unrecognized",
    "request_header_repetition",
    "response_header_repetition",
    "double_encoded_uri",
    "uri_delim_non_compliant",
    "method_delim_non_compliant",
    "request_line_leading_whitespace",
    "too_many_encoding_layers",
    "abnormal_ce_header",
    "response_multipart_byteranges",
    "response_abnormal_transfer_encoding",
    "response_chunked_old_proto",
    "response_invalid_protocol",
    "response_invalid_status",
    "request_line_incomplete",
    "lzma_memlimit_reached",
    "compression_bomb",
    "range_invalid",
    "request_chunk_extension",
    "request_line_missing_protocol",
    "request_too_many_headers",
    "response_too_many_headers",
    "multipart_generic_error",
    "multipart_no_filedata",
    "multipart_invalid_header",
    "too_many_warnings",
    "failed_protocol_change",
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
    cfg->max_tx = 512;                         /* HTP_CONFIG_DEFAULT_MAX_TX_LIMIT */
    cfg->headers_limit = 1024;                 /* HTP_CONFIG_DEFAULT_HEADERS_LIMIT */
    cfg->field_limit = 18000;                  /* libhtp HTP_FIELD_LIMIT_HARD */
    cfg->compression_bomb_limit = 1024 * 1024; /* HTP_CONFIG_DEFAULT_COMPRESSION_BOMB_LIMIT */
    cfg->max_txs_total = 4096;
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
        {"max-tx", offsetof(struct http_config, max_tx)},
        {"headers-limit", offsetof(struct http_config, headers_limit)},
        {"compression-bomb-limit", offsetof(struct http_config, compression_bomb_limit)},
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
