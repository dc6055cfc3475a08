/* SPDX-License-Identifier: GPL-2.0-only */
/* The detection stage's load-time API: rule files in, compiled signatures and a report out. */
#ifndef KH_DETECT_DETECT_H
#define KH_DETECT_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/conf.h"
#include "detect/rules/addr.h"
#include "detect/rules/conffiles.h"
#include "detect/rules/parse.h"
#include "detect/rules/sig.h"

#define DETECT_MAX_RULE_FILES 256u
#define DETECT_MAX_ERRORS     1000000u /* errors kept per load; more are counted only */

struct detect_load_opts {
    const char *const *files; /* rule files, loaded in order */
    size_t nfiles;
    const char *text;      /* or rules from memory (tests, fuzzing); used when non-NULL */
    const char *text_name; /* the name messages give it ("<string>" when NULL) */
    /* Variables: the callback first, then conf's vars.address-groups / port-groups, then
     * Suricata's defaults. Either may be NULL. */
    detect_var_fn var_lookup;
    void *var_ctx;
    const struct conf *conf;
    const char *classification_file; /* NULL: classtype is not checked */
    const char *reference_file;      /* NULL: reference types are not checked */
    const char *threshold_file;      /* NULL: none */
    bool init_errors_fatal;          /* any rule error fails the load (returns NULL) */
    bool skip_pcre_compile;          /* check regex syntax later; parse only (benchmarks) */
    /* Dataset sets (dataset, datarep): the engine's, shared by reloads. NULL: the rule
     * set makes its own from conf's datasets: section. */
    struct ds_registry *datasets;
};

/* One rule that failed to load. */
struct detect_rule_error {
    const char *file; /* borrowed from the rule set */
    uint32_t line;
    uint32_t sid; /* 0 when not known */
    enum detect_rerr kind;
    char *keyword; /* "" for header errors */
    char *reason;
};

/* A loaded rule set. sigs holds every rule that parsed, matchable or not. */
struct detect_rules {
    struct sig **sigs;
    uint32_t nsigs;
    uint32_t nmatchable; /* sigs with matchable set: the rules khien will run */
    struct detect_rule_error *errors;
    uint32_t nerrors;
    uint32_t nerrors_dropped;                  /* past DETECT_MAX_ERRORS */
    uint32_t errors_by_kind[DETECT_RERR_MAX];  /* counts per category */
    uint32_t unsupported_rules[DETECT_KW_MAX]; /* rules using each keyword khien cannot match */
    uint32_t unsupported_app_proto[64];        /* rules whose header names an app-layer proto */
    uint32_t nunsupported;                     /* rules parsed but not matchable */
    struct detect_classes classes;
    struct detect_refsys refs;
    struct detect_thresholds thresholds;
    uint64_t parse_ns;                /* wall time of parsing, pcre compile included */
    uint64_t pcre_ns;                 /* of which compiling regular expressions */
    struct ds_registry *own_datasets; /* made when the options gave none (tests, -T) */
    struct iprep *iprep;              /* reputation-files, loaded with each rule load */
    /* owned storage */
    char **files;
    uint32_t nfiles;
    struct addr_intern *intern;
};

/*
 * Load rule files (or o->text) with the classification, reference and threshold files.
 * Returns the rule set, in which every failed rule is an entry of errors (file, line, sid,
 * keyword, reason) and every parsed rule a sig. Returns NULL with errbuf set when a file
 * cannot be read, a config file is malformed, memory runs out, or o->init_errors_fatal is set
 * and a rule failed (errbuf then names the first: "file:line: sid N: keyword: reason").
 */
struct detect_rules *detect_rules_load(const struct detect_load_opts *o, char *errbuf,
                                       size_t errlen);
void detect_rules_free(struct detect_rules *r);

/*
 * Log what a load did, as the engine prints it at start: each failed rule (error level),
 * one warning per keyword khien cannot match yet with the number of rules using it, and a
 * one-line summary (notice).
 */
void detect_rules_report(const struct detect_rules *r);
/* The same report as plain text on out (for -T and tests). */
void detect_rules_print(const struct detect_rules *r, FILE *out);

/*
 * khien -T -S FILE: load, print the report on out, and return the exit status: 0 when every
 * rule parsed, 1 when a rule failed and init_errors_fatal is set (or the load itself failed).
 */
int detect_rules_test(const struct detect_load_opts *o, FILE *out);

/* khien --list-keywords: one line per keyword with its kind and whether khien matches it. */
void detect_list_keywords(FILE *out);

/* The short name of an error category ("unknown-keyword"). */
const char *detect_rerr_name(enum detect_rerr kind);

#endif
