/* SPDX-License-Identifier: GPL-2.0-only */
/* Suricata datasets (dataset, datarep keywords) and IP reputation (iprep) for detection. */
#ifndef KH_DETECT_DATASET_H
#define KH_DETECT_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/conf.h"

#define DS_MAX_SETS        1024u         /* named sets in one registry */
#define DS_NAME_MAX        63u           /* bytes of a set name */
#define DS_MAX_VALUE       65535u        /* bytes of one string value (Suricata: a u16 length) */
#define DS_MAX_JSON        16384u        /* bytes of one JSON enrichment object kept */
#define DS_MAX_BUCKETS     (1u << 24)    /* hash rows of one set, grown at load only */
#define DS_MAX_ONE_HASH    65536u        /* hashsize a rule may ask for (single-hashsize) */
#define DS_DEFAULT_HASH    2048u         /* hashsize when neither rule nor config gives one */
#define DS_DEFAULT_MEMCAP  (64ull << 20) /* memcap when neither rule nor config gives one */
#define DS_MAX_FILE        (512u << 20)  /* bytes of one dataset file read */
#define DS_ERRORS_LOGGED   10u           /* malformed lines reported per file; more counted */
#define IPREP_MAX_CATS     60u           /* category ids 0..59, as Suricata */
#define IPREP_MAX_PREFIXES 65536u        /* CIDR records (matched by a scan); more are dropped */

enum ds_type {
    DS_T_STRING = 0,
    DS_T_MD5,
    DS_T_SHA1,
    DS_T_SHA256,
    DS_T_IPV4,
    DS_T_IP, /* IPv4 (kept IPv4-mapped) or IPv6 */
    DS_T_MAX,
};

/* What a rule or the config says about a set; zero/NULL fields are "not given". */
struct ds_opts {
    int type;              /* enum ds_type, or -1 */
    const char *load;      /* read at creation */
    const char *save;      /* written at exit */
    const char *state;     /* both */
    uint64_t memcap;       /* bytes of entries; 0: default */
    uint32_t hashsize;     /* hash rows; 0: default */
    bool json;             /* format json: the file holds objects, kept as alert context */
    const char *value_key; /* json: the member (dotted path) holding the value */
    const char *array_key; /* json: the member (dotted path) holding the array of objects */
    bool rep;              /* datarep: lines are "value,reputation" */
    const char *base_dir;  /* relative load paths: the rule file's folder (NULL: as given) */
    const char *alt_dir;   /* ... else here when not found there (default-rule-path) */
    bool from_rule;        /* declared by a rule (may be static), not by the config */
};

struct ds_entry;
struct ds_set;
struct ds_registry;

/* Counters of one set (summed for stats at the end). */
struct ds_set_stats {
    uint64_t entries;     /* live entries */
    uint64_t bytes;       /* entry memory, counted against the memcap */
    uint64_t memcap_hits; /* adds refused at the memcap (policy: the add fails, no match) */
    uint64_t load_errors; /* malformed lines skipped at load */
    uint32_t buckets;
};

/*
 * The sets of a run. Sets are made by the config's datasets: section and by the rules that
 * name them; the registry outlives rule reloads, so a set keeps what `set` added while rules
 * come and go, except static sets, made again at a reload (ds_registry_reload_begin).
 */
struct ds_registry *ds_registry_new(uint64_t def_memcap, uint32_t def_hashsize,
                                    const char *data_dir);
void ds_registry_free(struct ds_registry *r);
/* The config's datasets: section (defaults, then named sets). 0 or KH_EINVAL with errbuf. */
int ds_registry_configure(struct ds_registry *r, const struct conf *conf, const char *conf_dir,
                          char *errbuf, size_t errlen);
/*
 * May a rule name these files? Absolute paths and ".." need datasets.rules.
 * allow-absolute-filenames; save/state need datasets.rules.allow-write (default yes). 0 or
 * KH_EINVAL with the reason in why.
 */
int ds_registry_check_paths(const struct ds_registry *r, const struct ds_opts *o, char *why,
                            size_t whylen);
/*
 * A rule reload starts: static sets (declared by rules, with load and without save or
 * state) leave the registry, so that the new rules make them again from their files, as
 * Suricata refreshes them; the old rules keep theirs until they are freed. Sets with
 * save/state, sets filled only at run time and the config's sets are kept as they are.
 */
void ds_registry_reload_begin(struct ds_registry *r);
/* A rule keyword's reference to a set (ds_registry_get's result), and its release. */
void ds_set_hold(struct ds_set *s);
void ds_set_release(struct ds_set *s);
/* Write every set with save/state to its file (at exit). Returns the sets written. */
unsigned ds_registry_save(const struct ds_registry *r);
unsigned ds_registry_count(const struct ds_registry *r);
/* Sum of the sets' counters. */
void ds_registry_stats(const struct ds_registry *r, struct ds_set_stats *sum);

/*
 * The set called name: made (and its file loaded) at first use, else checked against o (a
 * different type is an error). NULL with the reason in why.
 */
struct ds_set *ds_registry_get(struct ds_registry *r, const char *name, const struct ds_opts *o,
                               char *why, size_t whylen);
const char *ds_set_name(const struct ds_set *s);
enum ds_type ds_set_type(const struct ds_set *s);
void ds_set_get_stats(const struct ds_set *s, struct ds_set_stats *st);
/* "string", "md5", ...; and back (-1 when unknown). */
const char *ds_type_name(enum ds_type t);
int ds_type_from_name(const char *name);

/*
 * Runtime operations on a buffer as detection sees it (raw digests for hashes, 4 or 16
 * address bytes for ipv4/ip). Safe from any number of worker threads at once: see dataset.c.
 * ds_add: 1 added, 0 already there, KH_EFULL at the memcap, KH_EINVAL when the buffer is not
 * a value of the set's type. ds_remove: 1 removed, 0 not there.
 */
int ds_add(struct ds_set *s, const uint8_t *v, size_t len);
int ds_remove(struct ds_set *s, const uint8_t *v, size_t len);
const struct ds_entry *ds_lookup(const struct ds_set *s, const uint8_t *v, size_t len);
int64_t ds_entry_rep(const struct ds_entry *e);
/* The entry's JSON object (format json sets), or NULL. */
const char *ds_entry_json(const struct ds_entry *e, uint32_t *len);

/* Load dataset file bytes into s (tests, fuzzing); malformed lines counted and skipped. */
int ds_set_load_buf(struct ds_set *s, const uint8_t *buf, size_t len, const char *name,
                    char *errbuf, size_t errlen);
/* Write s in its file format to path. 0 or KH_EIO. */
int ds_set_save(const struct ds_set *s, const char *path);

/* ---- IP reputation ---- */

struct iprep;

/*
 * reputation-categories-file, default-reputation-path and reputation-files from conf. NULL
 * with *err = 0 when conf configures none; NULL with *err < 0 and errbuf on an error.
 */
struct iprep *iprep_load(const struct conf *conf, int *err, char *errbuf, size_t errlen);
/* The same from bytes (tests, fuzzing): a categories file and reputation files. */
struct iprep *iprep_new(void);
int iprep_load_categories(struct iprep *ip, const uint8_t *buf, size_t len, const char *name,
                          char *errbuf, size_t errlen);
int iprep_load_file(struct iprep *ip, const uint8_t *buf, size_t len, const char *name,
                    char *errbuf, size_t errlen);
void iprep_free(struct iprep *ip);
/* A category's id by its short name, or -1. */
int iprep_category(const struct iprep *ip, const char *name);
/* The reputation of addr (4 or 16 bytes) in category cat, or -1 when it has none. */
int iprep_lookup(const struct iprep *ip, const uint8_t *addr, size_t len, unsigned cat);
uint64_t iprep_count(const struct iprep *ip);

#endif
