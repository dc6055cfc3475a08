/* SPDX-License-Identifier: GPL-2.0-only */
/* The configuration tree: Suricata-style YAML read with libyaml, --set overrides, typed getters. */
#ifndef KH_CORE_CONF_H
#define KH_CORE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Caps on what a load may build. Going past one is an error (KH_EFULL) that names the file
 * and line, never a silent truncation. See docs/internals/conf.md.
 */
#define CONF_MAX_FILE_SIZE     16777216u /* bytes of one file or string (16 MiB) */
#define CONF_MAX_DEPTH         64u       /* levels below the root */
#define CONF_MAX_NODES         1000000u  /* nodes in the tree, and in one parsed file */
#define CONF_MAX_KEY_LEN       1024u     /* bytes of one key (one dotted segment) */
#define CONF_MAX_VALUE_LEN     1048576u  /* bytes of one scalar value (1 MiB) */
#define CONF_MAX_MAPPING_KEYS  4096u     /* keys of one mapping (lookups are linear) */
#define CONF_MAX_INCLUDE_DEPTH 16u       /* files included from included files */
#define CONF_MAX_ANCHORS       4096u     /* anchors of one YAML document */

/*
 * A node of the tree. A mapping's children are its keys; a sequence's children are named
 * "0", "1", ... as Suricata names them, so "outputs.0.eve-log.types" is a valid path.
 * A scalar has a value and no children; a YAML null (`key:`, `~`, `null`) has neither.
 * The root has no name.
 */
struct conf_node {
    char *name;
    char *value; /* scalar text, or NULL for a mapping, sequence or null */
    bool is_seq;
    bool final; /* set by conf_set(): later loads keep it (Suricata's "final") */
    struct conf_node *parent;
    struct conf_node *first_child;
    struct conf_node *last_child;
    struct conf_node *next;
    const char *file; /* where it was set: file name (interned) or "--set" */
    uint32_t line;    /* 1-based; 0 for --set */
};

struct conf;

struct conf *conf_new(void);
void conf_free(struct conf *conf);

/*
 * Load a YAML file into the tree, merging over what is there, with Suricata's rules: a key
 * defined again (later in a file, in an include or a later load) replaces the earlier value
 * or subtree, except nodes set by conf_set(); a dotted key ("vars.address-groups.HOME_NET:")
 * sets that one path and keeps its siblings. Accepts Suricata's "%YAML 1.1" header,
 * `include:` (a file or a list, at any mapping level, relative to the including file's
 * folder), the `!include` tag, anchors, aliases and `<<` merge keys. Errors name file, line
 * and column in errbuf. On error the tree holds what was applied before it: free it.
 */
int conf_load_file(struct conf *conf, const char *path, char *errbuf, size_t errlen);
/* Same from memory; name is used in messages and node locations ("<string>" when NULL). */
int conf_load_string(struct conf *conf, const char *yaml, const char *name, char *errbuf,
                     size_t errlen);

/*
 * Apply one --set "dotted.key=value" as Suricata does: missing nodes are created, sequence
 * items are addressed by index ("outputs.1.eve-log.enabled=no"), and the value is final: a
 * load after it does not override it. Whitespace before '=' and after it is dropped.
 */
int conf_set(struct conf *conf, const char *assignment, char *errbuf, size_t errlen);

const struct conf_node *conf_root(const struct conf *conf);
/* Look up a dotted path under node (or the root when node is NULL); NULL when absent. */
const struct conf_node *conf_node_get(const struct conf *conf, const struct conf_node *node,
                                      const char *path);
/* A child of a mapping by exact key, or NULL. */
const struct conf_node *conf_node_child(const struct conf_node *node, const char *name);

/* The node's dotted path from the root ("" for the root); returns the full length. */
size_t conf_node_path(const struct conf_node *node, char *buf, size_t len);
/* Where the node was set: "file:line", or "--set"; returns buf. */
const char *conf_node_where(const struct conf_node *node, char *buf, size_t len);

/*
 * Typed getters: 0 and *out set when present and valid; KH_ENOENT when absent or null (out
 * is untouched, so callers preload the default); KH_EINVAL with a message in errbuf naming
 * the key, value and file:line when present but malformed.
 */
int conf_get_str(const struct conf *conf, const char *path, const char **out);
/* yes/no, true/false, on/off, 1/0, case-insensitive: Suricata's ConfValIsTrue/IsFalse words. */
int conf_get_bool(const struct conf *conf, const char *path, bool *out, char *errbuf,
                  size_t errlen);
/* Decimal or 0x hex, optional sign; a leading 0 is decimal, not octal. */
int conf_get_int(const struct conf *conf, const char *path, int64_t *out, char *errbuf,
                 size_t errlen);
/*
 * A size as Suricata's ParseSizeStringU64: a number, optionally with a fraction, then an
 * optional unit kb/kib, mb/mib, gb/gib (any case, all powers of 1024): "1kb", "10 MiB", "1.5gb".
 */
int conf_get_size(const struct conf *conf, const char *path, uint64_t *out, char *errbuf,
                  size_t errlen);

/* Same, on a node already in hand (a sequence item); KH_ENOENT when node is NULL or null. */
int conf_node_bool(const struct conf_node *node, bool *out, char *errbuf, size_t errlen);
int conf_node_int(const struct conf_node *node, int64_t *out, char *errbuf, size_t errlen);
int conf_node_size(const struct conf_node *node, uint64_t *out, char *errbuf, size_t errlen);
/* An integer in [min, max]; out of range is KH_EINVAL with the range in the message. */
int conf_node_int_range(const struct conf_node *node, int64_t min, int64_t max, int64_t *out,
                        char *errbuf, size_t errlen);
/*
 * The message the getters give, for a reader's own checks (word lists, ranges): writes
 * "<key>: invalid value '<value>' at <file:line>: expected <expected>" and returns KH_EINVAL.
 */
int conf_node_invalid(const struct conf_node *node, const char *expected, char *errbuf,
                      size_t errlen);
/* True when the node's value is one of the true words; false when absent or anything else. */
bool conf_node_is_true(const struct conf_node *node);

/*
 * For warnings that name keys: append name to the comma-separated list in list (len bytes,
 * NUL-terminated), ending it with "..." once the next name would not fit.
 */
void conf_name_list_add(char *list, size_t len, const char *name);

#endif
