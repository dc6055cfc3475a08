/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared by dataset.c (the sets), dataset_load.c (files, registry) and iprep.c. */
#ifndef KH_DETECT_DATASET_INTERNAL_H
#define KH_DETECT_DATASET_INTERNAL_H

#include <stdatomic.h>

#include "detect/dataset.h"

/* One value. Published by a CAS on its row; key, hash, rep and json never change after. */
struct ds_entry {
    _Atomic(struct ds_entry *) next;
    uint64_t hash;
    int64_t rep; /* datarep: the reputation; iprep: the score */
    char *json;  /* format json: the object, as JSON text */
    uint32_t jlen;
    uint32_t len; /* of key */
    atomic_bool live;
    uint8_t key[];
};

struct ds_set {
    char *name;
    enum ds_type type;
    _Atomic(struct ds_entry *) *rows;
    uint32_t mask;
    uint64_t seed;
    uint64_t memcap;
    _Atomic uint64_t bytes;
    _Atomic uint64_t entries;
    _Atomic uint64_t memcap_hits;
    uint64_t load_errors;
    char *load;      /* resolved path read at creation, or NULL */
    char *save;      /* resolved path written at exit, or NULL */
    bool rep;        /* lines carry ",reputation" (datarep) */
    bool json;       /* format json */
    char *value_key; /* format json */
    char *array_key;
    _Atomic uint32_t refs; /* the registry's (while listed) and one per rule keyword */
    bool is_static;        /* declared by a rule with load and no save/state: reloaded */
};

struct ds_set *ds_set_new(const char *name, enum ds_type type, uint64_t memcap, uint32_t hashsize,
                          uint64_t seed);
void ds_set_free(struct ds_set *s);
/* Add at load time (rows may grow); *out the entry. 1 new, 0 existed, KH_EFULL. */
int ds_set_add_loading(struct ds_set *s, const uint8_t *k, size_t klen, struct ds_entry **out);
/* Parse a value as a file writes it (base64 strings when b64) into key bytes. */
bool ds_parse_value(enum ds_type t, const char *txt, size_t n, bool b64, uint8_t *out, size_t cap,
                    size_t *olen);

#endif
