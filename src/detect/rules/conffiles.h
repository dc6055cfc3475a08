/* SPDX-License-Identifier: GPL-2.0-only */
/* classification.config, reference.config and threshold.config, as Suricata reads them. */
#ifndef KH_DETECT_RULES_CONFFILES_H
#define KH_DETECT_RULES_CONFFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/rules/keywords.h"

/* config classification: shortname,short description,priority */
struct detect_class {
    char *name;
    char *desc;
    uint8_t priority;
};

struct detect_classes {
    struct detect_class *v;
    uint32_t n;
};

/* config reference: system url-prefix */
struct detect_ref {
    char *name; /* lower-cased, as Suricata compares them */
    char *url;
};

struct detect_refsys {
    struct detect_ref *v;
    uint32_t n;
};

enum detect_thr_kind {
    DETECT_THR_THRESHOLD = 0, /* threshold gen_id ..., type ... */
    DETECT_THR_EVENT_FILTER,
    DETECT_THR_SUPPRESS,
    DETECT_THR_RATE_FILTER,
};

enum detect_thr_action {
    DETECT_THR_ACT_NONE = 0,
    DETECT_THR_ACT_ALERT,
    DETECT_THR_ACT_DROP,
    DETECT_THR_ACT_PASS,
    DETECT_THR_ACT_REJECT,
};

/* One line of threshold.config. gid/sid 0 means all. */
struct detect_thr {
    enum detect_thr_kind kind;
    uint32_t gid;
    uint32_t sid;
    struct kw_threshold t;             /* threshold, event_filter, rate_filter */
    enum detect_thr_action new_action; /* rate_filter */
    uint32_t timeout;                  /* rate_filter */
    char *ip;                          /* suppress: the address spec, or NULL for all */
    uint32_t line;
};

struct detect_thresholds {
    struct detect_thr *v;
    uint32_t n;
};

/*
 * Parse each format from text (name is used in messages). Errors name "name:line" and the
 * reason in errbuf and return KH_EFORMAT (KH_ENOMEM when out of memory); on error the table
 * holds what was read before it and must still be freed.
 */
int detect_classes_parse(struct detect_classes *c, const char *text, const char *name, char *errbuf,
                         size_t errlen);
int detect_refsys_parse(struct detect_refsys *r, const char *text, const char *name, char *errbuf,
                        size_t errlen);
int detect_thresholds_parse(struct detect_thresholds *t, const char *text, const char *name,
                            char *errbuf, size_t errlen);
void detect_classes_fini(struct detect_classes *c);
void detect_refsys_fini(struct detect_refsys *r);
void detect_thresholds_fini(struct detect_thresholds *t);

const struct detect_class *detect_class_find(const struct detect_classes *c, const char *name);
const struct detect_ref *detect_ref_find(const struct detect_refsys *r, const char *name);

/* Read a whole file into a NUL-terminated heap string (at most 64 MiB); KH_EIO/ENOMEM. */
int detect_read_file(const char *path, char **out, size_t *len, char *errbuf, size_t errlen);

#endif
