/* SPDX-License-Identifier: GPL-2.0-only */
/* The rule parser's internals, shared by parse.c and the kw_*.c keyword parsers. */
#ifndef KH_DETECT_RULES_PARSE_H
#define KH_DETECT_RULES_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compiler.h"
#include "detect/rules/addr.h"
#include "detect/rules/conffiles.h"
#include "detect/rules/sig.h"

/* Why a rule failed to load: the categories of detect_rules.errors. */
enum detect_rerr {
    DETECT_RERR_SYNTAX = 0, /* rule structure: parentheses, option terminators */
    DETECT_RERR_ACTION,     /* unknown action */
    DETECT_RERR_PROTO,      /* unknown protocol */
    DETECT_RERR_ADDRESS,    /* source or destination address */
    DETECT_RERR_PORT,       /* source or destination port */
    DETECT_RERR_DIRECTION,  /* not -> or <> */
    DETECT_RERR_UNKNOWN_KEYWORD,
    DETECT_RERR_VALUE,     /* a keyword's value is invalid */
    DETECT_RERR_CONTEXT,   /* a keyword where it may not be (modifier without content) */
    DETECT_RERR_PCRE,      /* the regular expression does not compile */
    DETECT_RERR_CLASSTYPE, /* classtype not in classification.config */
    DETECT_RERR_REFERENCE, /* reference type not in reference.config */
    DETECT_RERR_NO_SID,
    DETECT_RERR_DUP_SID,
    DETECT_RERR_NOMEM,
    DETECT_RERR_MAX
};

struct ds_registry;
struct iprep;

/* What the parser needs from the loader: variables, config tables, options. */
struct rule_env {
    struct addr_ctx addr;
    const struct detect_classes *classes; /* NULL: classtype is not checked */
    const struct detect_refsys *refs;     /* NULL: reference types are not checked */
    bool compile_pcre;                    /* false: check the syntax only (faster, for -T) */
    struct ds_registry *datasets;         /* dataset/datarep sets (shared across reloads) */
    const struct iprep *iprep;            /* iprep categories and records, NULL: none */
    const char *rule_dir;                 /* the current rule file's folder (dataset load) */
    const char *rule_path;                /* default-rule-path: where a load is looked for next */
};

/* A failed rule: category, the keyword at fault ("" for the header) and the reason. */
struct rule_fail {
    enum detect_rerr kind;
    uint32_t sid; /* 0 when the rule failed before its sid could be read */
    char keyword[48];
    char reason[256];
};

/* The state of one rule's parse, handed to every keyword parser. */
struct rule_ctx {
    const struct rule_env *env;
    struct sig *s;
    uint32_t cap;               /* of s->kws */
    uint16_t buffer;            /* current sticky buffer */
    bool buffer_used;           /* a test was added to it since it was set */
    bool list_new;              /* the sticky buffer was just named: the next keyword on it
                                   starts its list (sig_kw.list_start) */
    int32_t last_content;       /* index in s->kws of the latest content, or -1 */
    char vars[KW_MAX_VARS][32]; /* byte_extract / byte_math variable names */
    uint8_t nvars;
    bool seen[DETECT_KW_MAX]; /* keywords seen so far (duplicate checks) */
    struct rule_fail *fail;
    uint64_t pcre_ns; /* time spent compiling regular expressions */
};

/*
 * Parse one rule (a whole line, continuations joined, comments removed). Returns 0 with *out,
 * or a negative kh_err with f filled. *pcre_ns accumulates regex compile time.
 */
int rule_parse(const struct rule_env *env, const char *text, struct sig **out, struct rule_fail *f,
               uint64_t *pcre_ns);

/* For keyword parsers: fail with a value error (or other kind) naming the reason. */
int rc_fail(struct rule_ctx *rc, enum detect_rerr kind, const char *fmt, ...) KH_PRINTF(3, 4);
/* Append a keyword instance owning data; returns its index or a negative kh_err. */
int rc_push(struct rule_ctx *rc, enum detect_kw_id id, uint16_t buffer, void *data);
/* The latest content, or NULL (and a context error naming kw) when there is none. */
struct kw_content *rc_last_content(struct rule_ctx *rc, const char *kw);
/* A byte_extract/byte_math variable's index, or -1. */
int rc_var_find(const struct rule_ctx *rc, const char *name);

/* Value helpers: strict integers (decimal, or 0x hex when hex is true). */
bool kw_parse_u64(const char *s, bool hex, uint64_t max, uint64_t *out);
bool kw_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Split the next comma-separated field of *s (trimmed, NUL-terminated in place), or NULL. */
char *kw_next_field(char **s);
char *kw_trim(char *s);
/* Strip one pair of double quotes if present; returns the inner text (in place). */
char *kw_unquote(char *s);

void kw_free_data(enum detect_kw_id id, void *data);
/* Free what a struct kw_xform points to (not the struct). */
void kw_xform_free(void *data);
/* Keep a keyword instance as its argument text (struct kw_text) in the current buffer. */
int kw_push_text(struct rule_ctx *rc, const char *arg);
/*
 * The "key value" fields of threshold (want_type), detection_filter (df) and threshold.config's
 * lines, in any order; KH_EINVAL with the reason in why.
 */
int kw_threshold_fields(char *s, bool want_type, bool df, struct kw_threshold *t, char *why,
                        size_t n);
/* App-layer protocol names of the header and app-layer-protocol; -1 when unknown. */
int detect_app_proto_lookup(const char *name);
const char *detect_app_proto_name(unsigned id);

/* Positions in the app-layer protocol table the matcher runs rules for (checked in tests). */
enum {
    DETECT_APP_HTTP = 0,
    DETECT_APP_HTTP1 = 1,
    DETECT_APP_FTP = 3,
    DETECT_APP_SMTP = 5,
    DETECT_APP_TLS = 6,
    DETECT_APP_SSH = 8,
    DETECT_APP_DNS = 13,
};

/* Does the matcher run rules whose header names this app-layer protocol? */
bool detect_app_proto_matchable(unsigned id);

/* The parse functions named in keywords.def. */
#define X(id, name, kind, flags, fn, buf) int fn(struct rule_ctx *rc, const char *arg);
#include "detect/rules/keywords.def"
#undef X

#endif
